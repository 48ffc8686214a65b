"""The SQL of the establishment's page and of its board of places, as snapshots (tests/sql.py): a new statement
shows as a diff; the number of statements does not grow with the people on the page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from syrupy.assertion import SnapshotAssertion

from domiciliation.models import Domiciliation, MailItem
from establishments.enums import Modality
from establishments.models import Service
from places.models import Incident, Placement
from reception.models import Locker, LockerAssignment
from reception.services import desk_tap
from tests.conftest import World
from tests.factories import AdmissionRequestFactory, CapacityPeriodFactory, PersonFactory, StayFactory, UnitFactory
from tests.sql import page_sql

PAGES = {
    "overview:establishment": lambda w: reverse("overview:establishment", args=[w.est_a.pk]),
    "overview:board": lambda w: reverse("overview:board", kwargs={"establishment_pk": w.est_a.pk}),
}


def _people(world: World, i: int) -> None:
    """People here today, in a unit or not, and an arrival expected; at the day reception, a domiciliation expiring
    without contact for months (with its mail waiting), a locker kept too long, a meal served; an incident to
    examine (i = 0, 1, 2: a small world, three times it)."""
    today = timezone.localdate()
    placed = StayFactory(person=PersonFactory(), service=world.chrs_a, start_date=today - datetime.timedelta(days=30))
    Placement.objects.create(stay=placed, unit=UnitFactory(service=world.chrs_a, name=f"Ch. {i}", places=1))
    StayFactory(person=PersonFactory(), service=world.chrs_a, start_date=today - datetime.timedelta(days=10))
    StayFactory(person=PersonFactory(), service=world.shelter_a, start_date=today - datetime.timedelta(days=2))
    CapacityPeriodFactory(service=world.shelter_a, start_date=datetime.date(2019 + i, 1, 1), places=2 + i)
    AdmissionRequestFactory(
        service=world.chrs_a,
        received_on=today - datetime.timedelta(days=20),
        decision="favorable",
        decided_on=today - datetime.timedelta(days=10),
        expected_arrival=today + datetime.timedelta(days=7 + i),
    )
    day_centre, _ = Service.objects.get_or_create(
        establishment=world.est_a, modality=Modality.ACCUEIL_JOUR, defaults={"name": "Accueil de jour"}
    )
    domiciled = PersonFactory()
    domiciliation = Domiciliation.objects.create(
        person=domiciled,
        service=day_centre,
        requested_on=today - datetime.timedelta(days=200),
        requester="personne",
        decision="acceptee",
        decided_on=today - datetime.timedelta(days=200),
        start_date=today - datetime.timedelta(days=200),
        end_date=today + datetime.timedelta(days=10 + i),
    )
    MailItem.objects.create(domiciliation=domiciliation, received_on=today - datetime.timedelta(days=3))
    LockerAssignment.objects.create(
        locker=Locker.objects.create(establishment=world.est_a, number=i + 1),
        person=placed.person,
        start_date=today - datetime.timedelta(days=40),
        planned_end=today - datetime.timedelta(days=5),
    )
    desk_tap(
        establishment=world.est_a,
        service=day_centre,
        kind="repas",
        day=today,
        person=placed.person,
        acting_user=world.reception_a,
    )
    Incident.objects.create(
        person=placed.person, establishment=world.est_a, kind="absence_nuit", occurred_at=timezone.now()
    )


@pytest.mark.parametrize("page", PAGES)
def test_the_page_runs_the_same_sql(client, world: World, snapshot: SnapshotAssertion, page: str) -> None:
    _people(world, 0)
    client.force_login(world.worker_a)
    assert page_sql(client, PAGES[page](world)) == snapshot


@pytest.mark.parametrize("page", PAGES)
def test_the_page_runs_as_many_statements_for_three_times_the_people(client, world: World, page: str) -> None:
    client.force_login(world.worker_a)
    _people(world, 0)
    small = page_sql(client, PAGES[page](world))
    _people(world, 1)
    _people(world, 2)
    assert page_sql(client, PAGES[page](world)) == small
