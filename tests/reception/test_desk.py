"""The day-reception desk: one tap per service, passages once a day, anonymous counts, corrections of the day only,
the day's tally (what the activity report will count), a new person through the duplicate check."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from domiciliation import services as dom
from events.models import Event
from people.models import Person
from reception import services
from reception.models import DeskEntry, Locker
from tests.factories import JusticeMeasureFactory, PersonFactory, StayFactory, VulnerabilityFactory

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2019, 6, 12)


def tap(world, day_a, kind, person=None, quantity=1, day=DAY):
    return services.desk_tap(
        establishment=world.est_a,
        service=day_a,
        kind=kind,
        day=day,
        person=person,
        quantity=quantity,
        acting_user=world.reception_a,
    )


def test_a_service_records_the_days_passage_once(world, day_a):
    tap(world, day_a, "repas", world.person_a)
    tap(world, day_a, "douche", world.person_a)
    kinds = sorted(Event.objects.filter(person=world.person_a).values_list("kind", flat=True))
    assert kinds == ["douche", "passage_accueil_jour", "repas"]
    with pytest.raises(ValidationError) as exc:
        tap(world, day_a, "passage_accueil_jour", world.person_a)
    assert "déjà enregistré" in exc.value.message_dict["kind"][0]


def test_laundry_and_locker_are_the_desks_own_records_never_events(world, day_a):
    locker = Locker.objects.create(establishment=world.est_a, number=4)
    services.locker_assign(
        locker=locker, person=world.person_a, start_date=DAY, planned_end=DAY, acting_user=world.reception_a
    )
    tap(world, day_a, "lessive", world.person_a)
    tap(world, day_a, "casier", world.person_a)
    assert set(Event.objects.values_list("kind", flat=True)) == {"passage_accueil_jour"}
    assert DeskEntry.objects.filter(kind__in=["lessive", "casier"], event__isnull=True).count() == 2


def test_locker_tap_needs_a_locker(world, day_a):
    with pytest.raises(ValidationError) as exc:
        tap(world, day_a, "casier", world.person_a)
    assert "pas de casier" in exc.value.message_dict["kind"][0]
    assert not DeskEntry.objects.exists() and not Event.objects.exists()  # not even the passage


def test_anonymous_counts_and_what_needs_a_name(world, day_a):
    tap(world, day_a, "repas", quantity=12)
    tap(world, day_a, "passage_accueil_jour")
    assert Event.objects.get(kind="repas").quantity == 12
    for kind in ("courrier", "entretien", "casier"):
        with pytest.raises(ValidationError) as exc:
            tap(world, day_a, kind)
        assert "person" in exc.value.message_dict


def test_day_tally_counts_what_the_report_will_count(world, day_a):
    other = PersonFactory()
    StayFactory(person=other, service=day_a)
    tap(world, day_a, "repas", world.person_a)
    tap(world, day_a, "douche", world.person_a)
    tap(world, day_a, "passage_accueil_jour", other)
    tap(world, day_a, "lessive", other)
    tap(world, day_a, "repas", quantity=5)
    tap(world, day_a, "passage_accueil_jour")
    tap(world, day_a, "repas", world.person_a, day=DAY - datetime.timedelta(days=1))  # yesterday: not today
    tally = services.day_tally(world.est_a, DAY)
    assert tally.persons == 2
    assert tally.totals == {
        "passage_accueil_jour": 3,  # two persons + one anonymous
        "repas": 6,
        "douche": 1,
        "lessive": 1,
        "casier": 0,
        "courrier": 0,
        "entretien": 0,
    }


def test_undo_today_only_and_audited(world, day_a, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: DAY)
    meal = tap(world, day_a, "repas", world.person_a)
    passage = DeskEntry.objects.get(kind="passage_accueil_jour")
    with pytest.raises(ValidationError) as exc:
        services.desk_undo(entry=passage, today=DAY, acting_user=world.reception_a)
    assert "autres services" in exc.value.message_dict["kind"][0]
    services.desk_undo(entry=meal, today=DAY, acting_user=world.reception_a)
    meal.refresh_from_db()
    assert meal.cancelled_at is not None and meal.event is None
    assert list(Event.objects.values_list("kind", flat=True)) == ["passage_accueil_jour"]
    entry = AuditEntry.objects.filter(object_type="reception.deskentry", action="update").get()
    assert "supprimé" in entry.detail and entry.actor == world.reception_a
    assert services.day_tally(world.est_a, DAY).totals["repas"] == 0
    old = tap(world, day_a, "douche", world.person_a, day=DAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        services.desk_undo(entry=old, today=DAY, acting_user=world.reception_a)
    assert "du jour" in exc.value.message_dict["date"][0]


def test_mail_collected_at_the_desk_hands_the_waiting_mail_over_and_undo_puts_it_back(world, day_a):
    d = dom.domiciliation_request(
        person=world.person_a,
        service=day_a,
        requested_on=D(2019, 1, 2),
        requester="personne",
        acting_user=world.worker_a,
    )
    d = dom.domiciliation_decide(
        domiciliation=d, decision="acceptee", decided_on=D(2019, 1, 2), acting_user=world.worker_a
    )
    for kind in ("simple", "recommande"):
        dom.mail_receive(domiciliation=d, received_on=D(2019, 6, 1), kind=kind, acting_user=world.reception_a)
    with pytest.raises(ValidationError):
        tap(world, day_a, "courrier", PersonFactory())  # nothing waiting for someone else
    entry = tap(world, day_a, "courrier", world.person_a)
    assert entry.event.kind == "courrier" and entry.event.quantity == 1
    assert set(d.mail_items.values_list("handed_on", flat=True)) == {DAY}
    services.desk_undo(entry=entry, today=DAY, acting_user=world.reception_a)
    assert set(d.mail_items.values_list("handed_on", flat=True)) == {None}


# --- the page -----------------------------------------------------------------------------------------------------


def _desk(world):
    return reverse("reception:desk", args=[world.est_a.pk])


def test_search_as_you_type_returns_the_results_fragment_in_scope(client, world, day_a):
    client.force_login(world.reception_a)
    page = client.get(_desk(world), {"q": "mart"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="desk-results")
    body = page.content.decode()
    assert "MARTIN Éric" in body and "<h1" not in body
    assert "BERNARD" not in client.get(_desk(world), {"q": "bern"}).content.decode()  # person of establishment B


def test_one_post_per_tap_without_javascript(client, world, day_a):
    client.force_login(world.reception_a)
    response = client.post(
        reverse("reception:tap", args=[world.est_a.pk]),
        {"service": day_a.pk, "person": world.person_a.pk, "kind": "douche"},
    )
    assert response.status_code == 302 and f"personne={world.person_a.pk}" in response["Location"]
    body = client.get(response["Location"]).content.decode()
    assert "Enregistré : Douche" in body and 'data-testid="tally-douche">1<' in body
    assert Event.objects.filter(kind="douche", date=timezone.localdate()).count() == 1


def test_the_desk_shows_no_justice_and_no_health(client, world, day_a):
    JusticeMeasureFactory(person=world.person_a, measure="pse", spip="SPIP 80")
    VulnerabilityFactory(person=world.person_a)
    client.force_login(world.reception_a)
    body = client.get(_desk(world), {"personne": world.person_a.pk, "q": "martin"}).content.decode()
    assert "MARTIN" in body
    assert "PSE" not in body and "SPIP" not in body and "alcool" not in body.lower()


def test_a_new_person_goes_through_the_duplicate_check(client, world, day_a):
    client.force_login(world.reception_a)
    url = reverse("reception:new_person", args=[world.est_a.pk])
    data = {"last_name": "Bernard", "first_name": "Luc", "birth_date": "1985-06-15", "sex": "M"}
    body = client.post(url, data).content.decode()
    assert "1 fiche(s) semblable(s)" in body  # in establishment B: counted, never named
    assert "1985" not in body.split("doublons")[1].split("</div>")[0]
    assert Person.objects.filter(last_name="Bernard").count() == 1
    response = client.post(url, {**data, "confirm_not_duplicate": "on"})
    assert response.status_code == 302
    created = Person.objects.filter(last_name="Bernard").exclude(pk=world.person_b.pk).get()
    assert created.home_establishment == world.est_a


def test_head_office_may_not_tap(client, world, day_a):
    client.force_login(world.head_office)
    url = reverse("reception:tap", args=[world.est_a.pk])
    assert client.post(url, {"service": day_a.pk, "kind": "repas"}).status_code == 403
    assert not Event.objects.exists()
