"""Board, roll-call (night agent), occupancy dashboard, incidents on the person page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from establishments.enums import Modality, NightRecording
from events.models import Event
from places.models import Incident, NightCheck
from tests.factories import JusticeMeasureFactory, ServiceFactory, StayFactory, UnitFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_board_shows_who_is_in_each_unit(client, world):
    unit = UnitFactory(service=world.chrs_a, name="12", places=2)
    from places.models import Placement

    Placement.objects.create(stay=world.stay_a, unit=unit, planned_departure=D(2030, 1, 31))
    client.force_login(world.worker_a)
    page = client.get(reverse("overview:board", kwargs={"establishment_pk": world.est_a.pk})).content.decode()
    assert "Chambre 12" in page and str(world.person_a) in page and "31/01/2030" in page
    client.force_login(world.worker_b)
    assert client.get(reverse("overview:board", kwargs={"establishment_pk": world.est_a.pk})).status_code == 404


def test_night_agent_does_the_rollcall_in_one_submit(client, world):
    JusticeMeasureFactory(person=world.person_a, measure="pse", start_date=D(2019, 2, 1))
    night = ServiceFactory(
        establishment=world.est_a, modality=Modality.HALTE_NUIT, capacity=10, night_recording=NightRecording.NUITEE
    )
    other = StayFactory(service=night, start_date=D(2019, 5, 1))
    client.force_login(world.reception_a)
    url = reverse("places:rollcall", kwargs={"establishment_pk": world.est_a.pk})
    today = timezone.localdate()
    page = client.get(url).content.decode()
    assert f'name="stay_{world.stay_a.pk}"' in page and 'type="radio"' in page
    marks = {f"stay_{world.stay_a.pk}": "absent", f"stay_{other.pk}": "present"}
    response = client.post(url, {"date": today.isoformat(), "action": "save", **marks})
    assert response.status_code == 302
    assert NightCheck.objects.count() == 2
    assert Event.objects.filter(kind="nuitee", person=other.person, date=today).count() == 1
    assert Incident.objects.filter(person=world.person_a, kind="absence_nuit").count() == 1


def test_a_rollcall_posted_without_its_action_records_nothing(client, world):
    """Each button of the roll-call names its action; a POST without one (or an unknown one) is shown again."""
    client.force_login(world.reception_a)
    url = reverse("places:rollcall", kwargs={"establishment_pk": world.est_a.pk})
    marks = {f"stay_{world.stay_a.pk}": "present"}
    audited = AuditEntry.objects.count()
    for data in ({}, {"date": timezone.localdate().isoformat(), **marks}, {"action": "tout", **marks}):
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Rien n&#x27;a été enregistré" in response.content.decode()
    assert not NightCheck.objects.exists() and not Event.objects.exists() and AuditEntry.objects.count() == audited
    assert 'value="present" checked' in response.content.decode()  # the marks given are kept


def test_walkin_in_a_few_keystrokes(client, world):
    night = ServiceFactory(
        establishment=world.est_a,
        name="Halte de nuit",
        modality=Modality.HALTE_NUIT,
        capacity=10,
        night_recording=NightRecording.NUITEE,
    )
    client.force_login(world.reception_a)
    page = client.get(reverse("places:rollcall", kwargs={"establishment_pk": world.est_a.pk})).content.decode()
    assert "Accueil direct" in page
    response = client.post(
        reverse("places:walkin", kwargs={"establishment_pk": world.est_a.pk}),
        {"service": night.pk, "last_name": "Petit", "first_name": "Jean", "birth_date": "1970-01-01", "sex": "M"},
    )
    assert response.status_code == 302
    assert Event.objects.filter(kind="nuitee", service=night, person__last_name="Petit").count() == 1


def test_occupancy_dashboard_has_chart_and_table(client, world):
    client.force_login(world.head_office)
    page = client.get(reverse("places:occupancy", kwargs={"establishment_pk": world.est_a.pk}) + "?annee=2019")
    html = page.content.decode()
    assert "<svg" in html and "Nuits-places" in html
    (chrs,) = [o for o in page.context["rows"] if o.service == world.chrs_a]
    assert chrs.nights == 306  # stay_a from 1 March 2019, ongoing
    assert chrs.place_nights == 365 * 20


def test_person_page_shows_open_incidents_to_workers_not_to_the_night_agent(client, world):
    pse = JusticeMeasureFactory(person=world.person_a, measure="pse", start_date=D(2019, 2, 1))
    Incident.objects.create(
        person=world.person_a,
        establishment=world.est_a,
        measure=pse,
        kind="absence_nuit",
        occurred_at=timezone.now() - datetime.timedelta(days=1),
    )
    client.force_login(world.worker_a)
    page = client.get(reverse("dossier:person", kwargs={"pk": world.person_a.pk})).content.decode()
    assert "1 incident(s) à examiner" in page and "Signaler une absence" in page
    client.force_login(world.reception_a)
    page = client.get(reverse("dossier:person", kwargs={"pk": world.person_a.pk})).content.decode()
    assert "incident" not in page


def test_conditions_form_records_authorised_hours(client, world):
    pse = JusticeMeasureFactory(person=world.person_a, measure="pse", start_date=D(2019, 2, 1))
    client.force_login(world.worker_a)
    response = client.post(
        reverse("places:conditions", kwargs={"measure_pk": pse.pk}),
        {"care_obligation": "CMP", "start_0": "07:00", "end_0": "19:00", "start_5": "10:00"},
    )
    assert response.status_code == 200  # Saturday has no return time
    assert "indiquez l&#x27;heure de sortie" in response.content.decode()
    client.post(
        reverse("places:conditions", kwargs={"measure_pk": pse.pk}),
        {"care_obligation": "CMP", "start_0": "07:00", "end_0": "19:00"},
    )
    assert [str(h) for h in pse.authorised_hours.all()] == ["Lundi 07:00–19:00"]


def test_units_are_configured_and_a_stay_is_given_a_unit(client, world):
    client.force_login(world.worker_a)
    url = reverse("places:units", kwargs={"establishment_pk": world.est_a.pk})
    client.post(url, {"service": world.chrs_a.pk, "name": "12", "kind": "chambre", "places": "1"})
    response = client.post(url, {"service": world.chrs_a.pk, "name": "12", "kind": "chambre", "places": "2"})
    assert "existe déjà" in response.content.decode()
    from places.models import Unit

    unit = Unit.objects.get()
    client.post(
        reverse("places:placement", kwargs={"stay_pk": world.stay_a.pk}),
        {"unit": unit.pk, "planned_departure": "2030-06-30"},
    )
    assert world.stay_a.placement.unit == unit
    other = StayFactory(service=world.chrs_a)
    response = client.post(reverse("places:placement", kwargs={"stay_pk": other.pk}), {"unit": unit.pk})
    assert "complet" in response.content.decode()


def _night_world(world, n):
    night = ServiceFactory(
        establishment=world.est_a,
        name="Halte de nuit",
        modality=Modality.HALTE_NUIT,
        capacity=40,
        night_recording=NightRecording.NUITEE,
    )
    return night, [StayFactory(service=night, start_date=D(2019, 5, 1)) for _ in range(n)]


def test_everyone_present_in_one_action_then_the_night_is_summed_up(client, world):
    night, stays = _night_world(world, 5)
    client.force_login(world.reception_a)
    url = reverse("places:rollcall", kwargs={"establishment_pk": world.est_a.pk})
    today = timezone.localdate()
    response = client.post(url, {"date": today.isoformat(), "action": "all_present", f"stay_{stays[0].pk}": "absent"})
    assert response.status_code == 302
    assert NightCheck.objects.filter(presence="present").count() == 5  # 4 of the shelter + stay_a of the CHRS
    assert NightCheck.objects.get(stay=stays[0]).presence == "absent"  # a mark given keeps its value
    body = client.get(response["Location"]).content.decode()
    assert "Bilan de la nuit du" in body
    assert "4 nuitée(s) enregistrée(s)" in body  # night shelter: night by night
    assert "la nuit est comptée par le séjour" in body  # CHRS: the stay counts the night
    assert f"Absents : {stays[0].person}" in body


def test_unmarked_people_are_listed_before_saving(client, world):
    night, stays = _night_world(world, 3)
    client.force_login(world.reception_a)
    url = reverse("places:rollcall", kwargs={"establishment_pk": world.est_a.pk})
    today = timezone.localdate()
    marks = {f"stay_{s.pk}": "present" for s in stays}
    response = client.post(url, {"date": today.isoformat(), "action": "save", **marks})
    assert response.status_code == 200 and not NightCheck.objects.exists()  # nothing saved yet
    body = response.content.decode()
    assert "1 personne(s) non pointée(s)" in body and str(world.person_a) in body.split("non-pointes")[1][:2000]
    response = client.post(url, {"date": today.isoformat(), "action": "confirm", **marks})
    assert response.status_code == 302
    assert NightCheck.objects.count() == 3
    body = client.get(response["Location"]).content.decode()
    assert f"Non pointés : {world.person_a}" in body


def test_an_absence_reported_from_the_person_page_opens_an_incident_in_their_establishment(client, world):
    """The absence page finds the person's establishment among the user's stays (it once called a queryset method
    that did not exist: every valid report crashed)."""
    JusticeMeasureFactory.create(person=world.person_a, measure="pse", start_date=D(2019, 2, 1))
    client.force_login(world.worker_a)
    response = client.post(
        reverse("places:absence", kwargs={"person_pk": world.person_a.pk}),
        {"at": "2019-05-06T21:00", "description": "Pas rentré"},
    )
    assert response.status_code == 302
    incident = Incident.objects.get(person=world.person_a)
    assert incident.establishment == world.est_a and incident.description == "Pas rentré"
