"""Domiciliation services: request, decision, one-year validity, renewal, end, radiation after three months without
contact, the mail log (handed XOR returned), and nothing half-saved on error."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditEntry
from domiciliation import services
from domiciliation.models import Domiciliation, MailItem
from events.models import Event
from events.services import event_record
from people.models import Person

pytestmark = pytest.mark.django_db
D = datetime.date


JAN_10, JAN_15 = D(2019, 1, 10), D(2019, 1, 15)


def _accepted(world, day_a, *, requested=JAN_10, decided=JAN_15, person=None, **kwargs):
    d = services.domiciliation_request(
        person=person or world.person_a,
        service=day_a,
        requested_on=requested,
        requester="spip",
        acting_user=world.worker_a,
    )
    return services.domiciliation_decide(
        domiciliation=d, decision="acceptee", decided_on=decided, acting_user=world.worker_a, **kwargs
    )


def test_acceptance_gives_one_year_and_records_a_v1_domiciliation_event(world, day_a):
    d = _accepted(world, day_a)
    assert (d.start_date, d.end_date) == (D(2019, 1, 15), D(2020, 1, 14))
    event = Event.objects.get(kind="domiciliation")
    assert (event.person, event.service, event.date) == (world.person_a, day_a, D(2019, 1, 15))
    assert AuditEntry.objects.filter(object_type="domiciliation.domiciliation", action="update").exists()


def test_validity_beyond_one_year_is_refused_and_nothing_is_saved(world, day_a):
    d = services.domiciliation_request(
        person=world.person_a,
        service=day_a,
        requested_on=D(2019, 1, 10),
        requester="personne",
        acting_user=world.worker_a,
    )
    with pytest.raises(ValidationError) as exc:
        services.domiciliation_decide(
            domiciliation=d,
            decision="acceptee",
            decided_on=D(2019, 1, 15),
            start_date=D(2019, 1, 15),
            end_date=D(2020, 1, 16),  # one day too many: the latest end is 15/01/2020
            acting_user=world.worker_a,
        )
    assert "15/01/2020" in exc.value.message_dict["end_date"][0]
    d.refresh_from_db()
    assert d.decision == "en_attente" and not Event.objects.exists()
    ok = services.domiciliation_decide(
        domiciliation=d,
        decision="acceptee",
        decided_on=D(2019, 1, 15),
        end_date=D(2020, 1, 15),  # exactly one year is allowed
        acting_user=world.worker_a,
    )
    assert ok.end_date == D(2020, 1, 15)


def test_refusal_needs_a_reason(world, day_a):
    d = services.domiciliation_request(
        person=world.person_a,
        service=day_a,
        requested_on=D(2019, 1, 10),
        requester="personne",
        acting_user=world.worker_a,
    )
    with pytest.raises(ValidationError) as exc:
        services.domiciliation_decide(
            domiciliation=d, decision="refusee", decided_on=D(2019, 1, 12), acting_user=world.worker_a
        )
    assert "refusal_reason" in exc.value.message_dict
    services.domiciliation_decide(
        domiciliation=d,
        decision="refusee",
        decided_on=D(2019, 1, 12),
        refusal_reason="Aucun lien avec la commune",
        acting_user=world.worker_a,
    )
    d.refresh_from_db()
    assert (d.decision, d.start_date, d.end_date) == ("refusee", None, None)
    assert not Event.objects.exists()


def test_a_second_request_while_one_runs_is_refused(world, day_a):
    _accepted(world, day_a)
    with pytest.raises(ValidationError) as exc:
        services.domiciliation_request(
            person=world.person_a,
            service=day_a,
            requested_on=D(2019, 6, 1),
            requester="personne",
            acting_user=world.worker_a,
        )
    assert "renouvelez" in exc.value.message_dict["person"][0]


def test_renewal_starts_the_day_after_the_previous_end(world, day_a):
    first = _accepted(world, day_a)
    renewal = services.domiciliation_renew(previous=first, decided_on=D(2019, 12, 20), acting_user=world.worker_a)
    assert (renewal.start_date, renewal.end_date) == (D(2020, 1, 15), D(2021, 1, 14))
    assert renewal.renewal_of == first and renewal.decision == "acceptee"
    assert Event.objects.filter(kind="domiciliation").count() == 2  # each acceptance is a v1 domiciliation
    with pytest.raises(ValidationError):
        services.domiciliation_renew(previous=first, decided_on=D(2019, 12, 21), acting_user=world.worker_a)


def _contact(world, day_a, day, kind="passage_accueil_jour"):
    event_record(service=day_a, date=day, kind=kind, person=world.person_a, acting_user=world.reception_a)


def test_radiation_is_proposed_three_months_after_the_last_contact(world, day_a):
    d = _accepted(world, day_a)  # decided 15/01/2019: the first contact
    _contact(world, day_a, D(2019, 2, 10))  # a passage
    _contact(world, day_a, D(2019, 3, 1), kind="repas")  # a meal is not a contact
    qs = Domiciliation.objects.all()
    assert services.radiation_proposals(qs, D(2019, 5, 9)) == []
    (proposal,) = services.radiation_proposals(qs, D(2019, 5, 10))
    assert (proposal.domiciliation, proposal.last_contact) == (d, D(2019, 2, 10))
    _contact(world, day_a, D(2019, 4, 2), kind="entretien")  # an interview pushes it to 2 July
    assert services.radiation_proposals(qs, D(2019, 7, 1)) == []
    assert len(services.radiation_proposals(qs, D(2019, 7, 2))) == 1


def test_mail_collected_is_a_contact(world, day_a):
    d = _accepted(world, day_a)
    item = services.mail_receive(
        domiciliation=d, received_on=D(2019, 2, 1), kind="simple", acting_user=world.reception_a
    )
    services.mail_hand_over(items=[item], on=D(2019, 3, 20), service=day_a, acting_user=world.reception_a)
    qs = Domiciliation.objects.all()
    assert services.radiation_proposals(qs, D(2019, 6, 19)) == []
    assert len(services.radiation_proposals(qs, D(2019, 6, 20))) == 1


def test_radiation_ends_the_domiciliation_only_after_three_months(world, day_a):
    d = _accepted(world, day_a)
    with pytest.raises(PermissionDenied):  # the head's decision, not the social worker's
        services.domiciliation_radiate(domiciliation=d, on=D(2019, 4, 15), acting_user=world.worker_a)
    with pytest.raises(ValidationError) as exc:
        services.domiciliation_radiate(domiciliation=d, on=D(2019, 4, 14), acting_user=world.head_a)
    assert "15/04/2019" in exc.value.message_dict["end_reason"][0]
    services.domiciliation_radiate(domiciliation=d, on=D(2019, 4, 15), acting_user=world.head_a)
    d.refresh_from_db()
    assert (d.end_date, d.end_reason) == (D(2019, 4, 15), "radiation_sans_contact")
    assert services.radiation_proposals(Domiciliation.objects.all(), D(2019, 5, 1)) == []


def test_expiry_list_looks_thirty_days_ahead(world, day_a):
    d = _accepted(world, day_a)  # ends 14/01/2020
    qs = Domiciliation.objects.all()
    assert list(services.expiring(qs, D(2019, 12, 14))) == []
    assert list(services.expiring(qs, D(2019, 12, 15))) == [d]
    services.domiciliation_renew(previous=d, decided_on=D(2019, 12, 20), acting_user=world.worker_a)
    assert list(services.expiring(qs, D(2019, 12, 20))) == []  # renewed: no longer expiring


def test_expired_domiciliations_are_closed_with_expiration(world, day_a):
    d = _accepted(world, day_a)
    qs = Domiciliation.objects.all()
    assert services.domiciliations_close_expired(domiciliations=qs, day=D(2020, 1, 14), acting_user=world.worker_a) == 0
    assert services.domiciliations_close_expired(domiciliations=qs, day=D(2020, 1, 15), acting_user=world.worker_a) == 1
    d.refresh_from_db()
    assert d.end_reason == "expiration" and d.end_date == D(2020, 1, 14)


def test_mail_is_handed_over_xor_returned_never_before_its_reception(world, day_a):
    d = _accepted(world, day_a)
    item = services.mail_receive(
        domiciliation=d, received_on=D(2019, 2, 1), kind="recommande", sender="CAF", acting_user=world.reception_a
    )
    with pytest.raises(ValidationError) as exc:
        services.mail_hand_over(items=[item], on=D(2019, 1, 31), service=day_a, acting_user=world.reception_a)
    assert "avant sa réception" in exc.value.message_dict["handed_on"][0]
    assert not Event.objects.filter(kind="courrier").exists()  # nothing half-saved
    event = services.mail_hand_over(items=[item], on=D(2019, 2, 3), service=day_a, acting_user=world.reception_a)
    item.refresh_from_db()
    assert (item.handed_on, item.hand_over_event, event.kind, event.quantity) == (D(2019, 2, 3), event, "courrier", 1)
    with pytest.raises(ValidationError):
        services.mail_return(item=item, on=D(2019, 2, 4), acting_user=world.reception_a)
    # …and the database refuses both dates too.
    with pytest.raises(IntegrityError), transaction.atomic():
        MailItem.objects.filter(pk=item.pk).update(returned_on=D(2019, 2, 4))


def test_mail_for_someone_not_domiciled_then_is_refused(world, day_a):
    d = _accepted(world, day_a)
    with pytest.raises(ValidationError) as exc:
        services.mail_receive(domiciliation=d, received_on=D(2019, 1, 14), kind="simple", acting_user=world.reception_a)
    assert "retourner à l'expéditeur" in exc.value.message_dict["received_on"][0]


def test_the_database_refuses_an_accepted_row_without_validity(world, day_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Domiciliation.objects.create(
            person=world.person_a,
            service=day_a,
            requested_on=D(2019, 1, 1),
            requester="spip",
            decision="acceptee",
            decided_on=D(2019, 1, 2),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Domiciliation.objects.create(person=world.person_a, service=day_a, requested_on=D(2019, 1, 1), requester="juge")


def test_a_person_domiciled_somewhere_is_visible_there(world, day_a):
    other = Person.objects.create(last_name="Seul", first_name="Domicilié", sex="M", search_name="seul domicilie")
    assert not Person.objects.visible_to(world.reception_a).filter(pk=other.pk).exists()
    services.domiciliation_request(
        person=other, service=day_a, requested_on=D(2019, 1, 10), requester="personne", acting_user=world.admin
    )
    assert Person.objects.visible_to(world.reception_a).filter(pk=other.pk).exists()
    assert not Person.objects.visible_to(world.worker_b).filter(pk=other.pk).exists()
