"""The SQL the person's page runs, as a snapshot (tests/sql.py): a new statement shows as a diff; the number of
statements does not grow with the records on the page."""

from __future__ import annotations

import datetime
import zoneinfo

from django.urls import reverse
from syrupy.assertion import SnapshotAssertion

from accompaniment import services as accompaniment
from accompaniment.enums import LifeDomain, ReviewKind, StepKind, StepStatus
from domiciliation.models import Domiciliation, MailItem
from employment.models import CohortCandidate, SoaParticipant, SoaSession
from establishments.enums import Modality
from establishments.models import Service
from places.models import Incident
from reception.models import Locker, LockerAssignment
from tests.conftest import World
from tests.factories import (
    ActivityPeriodFactory,
    AdmissionRequestFactory,
    CohortFactory,
    CohortMemberFactory,
    ContractFactory,
    EventFactory,
    JusticeMeasureFactory,
    StayFactory,
    TigPlacementFactory,
    UserFactory,
    VulnerabilityFactory,
)
from tests.sql import page_sql

D = datetime.date
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _records(world: World, i: int) -> None:
    """One more of everything the page shows about the person (i = 0, 1, 2: a small world, then three times it)."""
    person, user = world.person_a, world.worker_a
    StayFactory(
        person=person,
        service=world.shelter_a,
        start_date=D(2018, i + 1, 1),
        end_date=D(2018, i + 1, 10),
        exit_reason="fin_accompagnement",
        exit_housing="hebergement_insertion",
        exit_activity="inconnu",
    )
    StayFactory(
        person=person,
        service=world.chrs_b,  # another establishment's: hidden from the worker of A, counted
        start_date=D(2017, i + 1, 1),
        end_date=D(2017, i + 1, 20),
        exit_reason="fin_accompagnement",
        exit_housing="hebergement_insertion",
        exit_activity="inconnu",
    )
    measure = JusticeMeasureFactory(person=person, start_date=D(2019, i + 1, 1))
    EventFactory(person=person, service=world.chrs_a, date=D(2019, 5, i + 1))
    AdmissionRequestFactory(person=person, service=world.chrs_a, received_on=D(2019, 1, 10 + i))
    VulnerabilityFactory(person=person, recorded_on=D(2019, 4, i + 1))
    Incident.objects.create(
        person=person,
        establishment=world.est_a,
        measure=measure,
        kind="absence_nuit",
        occurred_at=datetime.datetime(2019, 5, i + 1, 22, tzinfo=PARIS),
    )
    accompaniment.appointment_book(
        person=person,
        starts_at=datetime.datetime(2019, 4, i + 2, 10, 30, tzinfo=PARIS),
        place="SPIP 80",
        purpose="Suivi",
        acting_user=user,
    )
    accompaniment.note_write(person=person, text=f"Entretien {i}", date=D(2019, 3, 5 + i), acting_user=user)
    objective = accompaniment.objective_create(
        person=person, title=f"Objectif {i}", agreed_on=D(2019, 3, 10 + i), acting_user=user
    )
    accompaniment.action_create(
        objective=objective, description="Dossier", who="référent", due_date=D(2019, 6, 1), acting_user=user
    )
    accompaniment.step_set(
        person=person,
        kind=[StepKind.CNI, StepKind.RSA, StepKind.TITRE_SEJOUR][i],
        status=StepStatus.EN_COURS,
        status_date=D(2019, 3, 15),
        acting_user=user,
    )
    accompaniment.diagnosis_write(
        person=person,
        domain=[LifeDomain.LOGEMENT, LifeDomain.EMPLOI, LifeDomain.FORMATION][i],
        person_words="…",
        assessment="…",
        acting_user=user,
    )
    accompaniment.review_record(
        person=person, kind=ReviewKind.MI_PARCOURS, date=D(2019, 7, 1 + i), summary="Bilan", acting_user=user
    )
    colleague = UserFactory(establishments=[world.est_a])
    accompaniment.co_referent_add(person=person, user=colleague, acting_user=user)
    _work_and_day_reception(world, i)


def _service(world: World, modality: str) -> Service:
    service, _ = Service.objects.get_or_create(
        establishment=world.est_a, modality=modality, defaults={"name": modality, "capacity": 20}
    )
    return service


LEFT = {"exit_reason": "fin_accompagnement", "exit_housing": "hebergement_insertion", "exit_activity": "inconnu"}


def _work_and_day_reception(world: World, i: int) -> None:
    """What the merged features add to the page: work and training (an insertion path and its contract, an activity,
    a cohort as member and as candidate, a TIG, an SOA session), a domiciliation with its waiting mail, a locker."""
    person = world.person_a
    workshop, soa = _service(world, Modality.CONTRAT_INSERTION), _service(world, Modality.PROJET_PROFESSIONNEL)
    path = StayFactory(
        person=person, service=workshop, start_date=D(2016, i + 1, 1), end_date=D(2016, i + 1, 20), **LEFT
    )
    ContractFactory(stay=path, end_date=D(2016, i + 1, 20), planned_end_date=D(2016, i + 1, 20))
    ActivityPeriodFactory(person=person, start_date=D(2015, i + 1, 1), end_date=D(2015, i + 1, 20))
    CohortMemberFactory(cohort=CohortFactory(service=workshop), person=person)
    CohortCandidate.objects.create(
        cohort=CohortFactory(service=workshop), person=person, prescriber="spip", received_on=D(2018, 12, 1 + i)
    )
    TigPlacementFactory(person=person, service=workshop, start_date=D(2019, 2, 1 + i), hours_ordered=105)
    session = SoaSession.objects.create(
        service=soa, name=f"SOA {i}", start_date=D(2014, i + 1, 1), end_date=D(2014, i + 1, 20)
    )
    soa_stay = StayFactory(
        person=person, service=soa, start_date=D(2014, i + 1, 1), end_date=D(2014, i + 1, 20), **LEFT
    )
    SoaParticipant.objects.create(session=session, person=person, stay=soa_stay)
    domiciliation = Domiciliation.objects.create(
        person=person,
        service=_service(world, Modality.ACCUEIL_JOUR),
        requested_on=D(2019, 3, 1 + i),
        requester="spip",
        decision="acceptee",
        decided_on=D(2019, 3, 2 + i),
        start_date=D(2019, 3, 2 + i),
        end_date=D(2020, 3, 1 + i),
    )
    MailItem.objects.create(domiciliation=domiciliation, received_on=D(2019, 4, 1 + i))
    locker = Locker.objects.create(establishment=world.est_a, number=i + 1)
    LockerAssignment.objects.create(
        locker=locker, person=person, start_date=D(2019, 3, 1 + i), planned_end=D(2019, 4, 1 + i)
    )


def test_the_person_page_runs_the_same_sql(client, world: World, snapshot: SnapshotAssertion) -> None:
    _records(world, 0)
    client.force_login(world.worker_a)
    assert page_sql(client, reverse("dossier:person", args=[world.person_a.pk])) == snapshot


def test_the_person_page_runs_as_many_statements_for_three_times_the_records(client, world: World) -> None:
    url = reverse("dossier:person", args=[world.person_a.pk])
    client.force_login(world.worker_a)
    _records(world, 0)
    small = page_sql(client, url)
    _records(world, 1)
    _records(world, 2)
    assert page_sql(client, url) == small
