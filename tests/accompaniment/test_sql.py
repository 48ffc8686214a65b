"""The SQL of the worker's dashboard, as a snapshot (tests/sql.py): a new statement shows as a diff; the number of
statements does not grow with the people the worker follows."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from syrupy.assertion import SnapshotAssertion

from accompaniment import services
from accompaniment.enums import StepKind, StepStatus
from accompaniment.models import Handover, PersonDocument
from places.models import Incident
from tests.conftest import World
from tests.factories import PersonFactory, StayFactory, UserFactory
from tests.sql import page_sql


def _followed_person(world: World, i: int) -> None:
    """A person the worker of A is referent of, with something of each list of the dashboard (i = 0, 1, 2: a small
    world, then three times it)."""
    today, user = timezone.localdate(), world.worker_a
    person = PersonFactory(referent=user)
    StayFactory(person=person, service=world.chrs_a, start_date=today - datetime.timedelta(days=60))
    services.appointment_book(
        person=person,
        starts_at=datetime.datetime.combine(today, datetime.time(12, i), tzinfo=timezone.get_current_timezone()),
        place="SPIP 80",
        purpose="Suivi",
        acting_user=user,
    )
    objective = services.objective_create(
        person=person,
        title="Logement",
        agreed_on=today - datetime.timedelta(days=40),
        review_date=today + datetime.timedelta(days=3),
        acting_user=user,
    )
    services.action_create(
        objective=objective,
        description="Dossier SIAO",
        who="référent",
        due_date=today - datetime.timedelta(days=5),
        acting_user=user,
    )
    services.step_set(person=person, kind=StepKind.RSA, status=StepStatus.BLOQUE, status_date=today, acting_user=user)
    PersonDocument.objects.create(
        person=person,
        kind="cni",
        path=f"people/{i}.pdf",
        content_type="application/pdf",
        original_name="cni.pdf",
        size=1,
        uploaded_by=user,
        expires_on=today + datetime.timedelta(days=10),
    )
    Incident.objects.create(person=person, establishment=world.est_a, kind="absence_nuit", occurred_at=timezone.now())
    colleague = UserFactory(establishments=[world.est_a])
    Handover.objects.create(person=person, from_user=colleague, to_user=user, summary={})


def test_the_dashboard_runs_the_same_sql(client, world: World, snapshot: SnapshotAssertion) -> None:
    _followed_person(world, 0)
    client.force_login(world.worker_a)
    assert page_sql(client, reverse("accompaniment:dashboard")) == snapshot


def test_the_dashboard_runs_as_many_statements_for_three_times_the_people(client, world: World) -> None:
    client.force_login(world.worker_a)
    _followed_person(world, 0)
    small = page_sql(client, reverse("accompaniment:dashboard"))
    _followed_person(world, 1)
    _followed_person(world, 2)
    assert page_sql(client, reverse("accompaniment:dashboard")) == small
