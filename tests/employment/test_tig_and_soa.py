"""TIG hosting (sessions and the hours remaining, absences reported to the SPIP as incidents, completion, hired
afterwards through the hire service) and SOA sessions (enrolment opens the stay, internships, completion closes it)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from audit.models import AuditEntry
from employment import services
from employment.figures import soa_figures
from employment.models import Contract, SoaParticipant, TigAbsence, TigSession
from places.models import Incident
from stays.models import Stay
from tests.factories import JusticeMeasureFactory, PersonFactory, TigPlacementFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def tig(ins):  # type: ignore[no-untyped-def]
    ins.tig_person = PersonFactory(last_name="Petit", first_name="Noé")
    ins.placement = services.tig_create(
        person=ins.tig_person,
        service=ins.garage_a,
        start_date=D(2019, 3, 4),
        hours_ordered=20,
        deadline=D(2019, 9, 3),
        tutor="M. Roux, chef d'atelier",
        spip="SPIP 80",
        acting_user=ins.worker_a,
    )
    return ins


def _session(w, day, hours):  # type: ignore[no-untyped-def]
    return services.tig_session_record(placement=w.placement, date=day, hours=hours, acting_user=w.worker_a)


def test_a_tig_placement_makes_the_person_visible_to_the_hosting_establishment(tig):
    from people.models import Person

    assert Person.objects.visible_to(tig.worker_a).filter(pk=tig.tig_person.pk).exists()
    assert not Person.objects.visible_to(tig.worker_b).filter(pk=tig.tig_person.pk).exists()


def test_hours_done_is_the_sum_of_the_sessions_and_the_remaining_hours_follow(tig):
    _session(tig, D(2019, 3, 5), 7)
    _session(tig, D(2019, 3, 6), 7)
    tig.placement.refresh_from_db()
    assert tig.placement.hours_done == 14 == TigSession.objects.aggregate(s=Sum("hours"))["s"]
    assert tig.placement.hours_remaining == 6
    with pytest.raises(ValidationError) as exc:
        _session(tig, D(2019, 3, 7), 7)
    assert "Il reste 6 heure(s)" in exc.value.message_dict["hours"][0]
    with pytest.raises(ValidationError, match="déjà enregistrée"):
        _session(tig, D(2019, 3, 6), 2)
    with pytest.raises(ValidationError) as exc:
        _session(tig, D(2019, 3, 8), 11)
    assert "de 1 à 10 heures" in exc.value.message_dict["hours"][0]
    with pytest.raises(ValidationError, match="avant le début"):
        _session(tig, D(2019, 3, 1), 2)
    _session(tig, D(2019, 3, 7), 6)
    tig.placement.refresh_from_db()
    assert (tig.placement.hours_done, tig.placement.hours_remaining) == (20, 0)


def test_an_absence_opens_an_incident_to_report_to_the_spip(tig):
    measure = JusticeMeasureFactory(person=tig.tig_person, measure="tig", start_date=D(2019, 2, 1), end_date=None)
    at = timezone.make_aware(datetime.datetime(2019, 3, 12, 9, 0))
    incident = services.tig_absence_report(
        placement=tig.placement, occurred_at=at, description="Ne s'est pas présenté à 9 h.", acting_user=tig.worker_a
    )
    assert (incident.kind, incident.establishment, incident.measure, incident.spip_informed_at) == (
        "absence_tig",
        tig.est_a,
        measure,
        None,
    )
    assert TigAbsence.objects.get().incident == incident
    assert Incident.objects.visible_to(tig.worker_a).filter(pk=incident.pk).exists()
    with pytest.raises(ValidationError) as exc:
        services.tig_absence_report(
            placement=tig.placement,
            occurred_at=at,
            spip_informed_at=at - datetime.timedelta(hours=1),
            acting_user=tig.worker_a,
        )
    assert "spip_informed_at" in exc.value.message_dict
    assert Incident.objects.count() == 1


def test_completion_needs_every_hour_or_is_an_interruption(tig):
    _session(tig, D(2019, 3, 5), 7)
    with pytest.raises(ValidationError) as exc:
        services.tig_complete(
            placement=tig.placement, end_date=D(2019, 3, 29), outcome="effectue", acting_user=tig.worker_a
        )
    assert "Il reste 13 heure(s)" in exc.value.message_dict["outcome"][0]
    with pytest.raises(ValidationError, match="séance a eu lieu le 05/03/2019"):
        services.tig_complete(
            placement=tig.placement, end_date=D(2019, 3, 4), outcome="interrompu", acting_user=tig.worker_a
        )
    placement = services.tig_complete(
        placement=tig.placement, end_date=D(2019, 3, 29), outcome="interrompu", acting_user=tig.worker_a
    )
    assert (placement.end_date, placement.outcome) == (D(2019, 3, 29), "interrompu")
    with pytest.raises(ValidationError, match="terminé"):
        _session(tig, D(2019, 3, 30), 2)


def test_hired_afterwards_opens_an_insertion_path_through_the_hire_service(tig):
    with pytest.raises(ValidationError, match="Terminez d'abord le TIG"):
        services.tig_hire(
            placement=tig.placement,
            service=tig.garage_a,
            start_date=D(2019, 4, 1),
            end_date=D(2019, 9, 30),
            weekly_hours=26,
            acting_user=tig.worker_a,
        )
    for day, hours in ((D(2019, 3, 5), 10), (D(2019, 3, 6), 10)):
        _session(tig, day, hours)
    services.tig_complete(placement=tig.placement, end_date=D(2019, 3, 6), outcome="effectue", acting_user=tig.worker_a)
    contract = services.tig_hire(
        placement=tig.placement,
        service=tig.garage_a,
        start_date=D(2019, 4, 1),
        end_date=D(2019, 9, 30),
        weekly_hours=26,
        position="Aide-mécanicien",
        acting_user=tig.worker_a,
    )
    tig.placement.refresh_from_db()
    assert tig.placement.hired_after and tig.placement.hired_stay == contract.stay
    assert contract.stay.service == tig.garage_a and contract.stay.person == tig.tig_person
    with pytest.raises(ValidationError, match="déjà été embauché"):
        services.tig_hire(
            placement=tig.placement,
            service=tig.restaurant_a,
            start_date=D(2019, 10, 1),
            end_date=D(2020, 3, 31),
            weekly_hours=26,
            acting_user=tig.worker_a,
        )


def test_an_imported_placement_keeps_its_hours_until_sessions_are_recorded(ins):
    placement = TigPlacementFactory(service=ins.garage_a, hours_ordered=100, hours_done=40, start_date=D(2019, 1, 7))
    assert placement.hours_remaining == 60
    services.tig_session_record(placement=placement, date=D(2019, 1, 8), hours=5, acting_user=ins.worker_a)
    placement.refresh_from_db()
    assert placement.hours_done == 5  # sessions exist: the sum of the sessions


# --- SOA ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def soa(ins):  # type: ignore[no-untyped-def]
    ins.session = services.soa_session_create(
        service=ins.soa_a,
        name="SOA printemps 2019",
        start_date=D(2019, 3, 4),
        end_date=D(2019, 5, 3),
        acting_user=ins.worker_a,
    )
    return ins


def test_a_soa_session_belongs_to_a_career_project_service(ins):
    with pytest.raises(ValidationError) as exc:
        services.soa_session_create(
            service=ins.restaurant_a,
            name="X",
            start_date=D(2019, 3, 4),
            end_date=D(2019, 5, 3),
            acting_user=ins.worker_a,
        )
    assert "service" in exc.value.message_dict


def test_enrolment_opens_a_stay_in_the_soa_service_and_completion_closes_it(soa):
    participant = services.soa_enrol(
        session=soa.session, person=soa.person_a, start_date=D(2019, 3, 4), acting_user=soa.worker_a
    )
    assert (participant.stay.service, participant.stay.start_date) == (soa.soa_a, D(2019, 3, 4))
    assert not Contract.objects.filter(stay=participant.stay).exists()  # a session, not a job
    with pytest.raises(ValidationError, match="participe déjà"):
        services.soa_enrol(session=soa.session, person=soa.person_a, start_date=D(2019, 3, 4), acting_user=soa.worker_a)
    for start in (D(2019, 3, 25), D(2019, 4, 15)):
        services.soa_internship_add(
            participant=participant,
            company="Boulangerie Dupont",
            start_date=start,
            end_date=start + datetime.timedelta(days=4),
            acting_user=soa.worker_a,
        )
    with pytest.raises(ValidationError, match="en dehors de la session"):
        services.soa_internship_add(
            participant=participant,
            company="X",
            start_date=D(2019, 5, 1),
            end_date=D(2019, 5, 10),
            acting_user=soa.worker_a,
        )
    with pytest.raises(ValidationError) as exc:
        services.soa_complete(
            participant=participant,
            end_date=D(2019, 5, 3),
            outcome="parcours_complet",
            project_validated=True,
            project="",
            exit_reason="fin_accompagnement",
            exit_housing="tiers",
            exit_activity="interim",
            acting_user=soa.worker_a,
        )
    assert "métier visé" in exc.value.message_dict["project"][0]
    participant.stay.refresh_from_db()
    assert participant.stay.end_date is None
    services.soa_complete(
        participant=participant,
        end_date=D(2019, 5, 3),
        outcome="parcours_complet",
        project_validated=True,
        project="Boulanger",
        follow_up=True,
        exit_reason="fin_accompagnement",
        exit_housing="tiers",
        exit_activity="interim",
        acting_user=soa.worker_a,
    )
    participant.refresh_from_db()
    participant.stay.refresh_from_db()
    assert (participant.outcome, participant.project, participant.stay.end_date, participant.stay.exit_activity) == (
        "parcours_complet",
        "Boulanger",
        D(2019, 5, 3),
        "interim",
    )
    assert AuditEntry.objects.filter(object_type="employment.soainternship").count() == 2


def test_soa_figures(soa):
    people = [PersonFactory() for _ in range(3)]
    participants = [
        services.soa_enrol(session=soa.session, person=p, start_date=D(2019, 3, 4), acting_user=soa.worker_a)
        for p in people
    ]
    for participant, outcome, activity in (
        (participants[0], "parcours_complet", "cdd_moins_6_mois"),
        (participants[1], "parcours_complet", "recherche_emploi"),
        (participants[2], "abandon", "inconnu"),
    ):
        services.soa_complete(
            participant=participant,
            end_date=D(2019, 5, 3),
            outcome=outcome,
            project_validated=outcome == "parcours_complet",
            project="Cariste" if outcome == "parcours_complet" else "",
            exit_reason="fin_accompagnement" if outcome == "parcours_complet" else "abandon",
            exit_housing="inconnu",
            exit_activity=activity,
            acting_user=soa.worker_a,
        )
    f = soa_figures(soa.session)
    assert (f.participants, f.completed, f.project_validated, f.employed) == (3, 2, 2, 1)
    assert str(f.completed_share) == "66.7" and str(f.employed_share) == "33.3"
    assert (
        SoaParticipant.objects.count() == 3
        and Stay.objects.filter(service=soa.soa_a, end_date__isnull=True).count() == 0
    )
