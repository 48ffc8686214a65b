"""The capacity in force (establishments/capacity.py) and its SQL twin agree on random capacity periods: overlaps,
the same start recorded twice, empty periods, open-ended ones, services without any capacity."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import connection

from core.sql import date_sql
from establishments.capacity import Capacity, capacities_of, capacity_in_force, capacity_in_force_sql, place_nights
from establishments.models import CapacityPeriod
from establishments.services import capacity_on
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_capacity_in_force_by_hand():
    periods = [
        Capacity(D(2019, 1, 1), D(2019, 4, 1), 6, 1),
        Capacity(D(2019, 1, 15), D(2019, 2, 15), 8, 2),  # overlaps: the later start wins
        Capacity(D(2019, 1, 15), D(2019, 2, 1), 9, 3),  # same start, recorded last: wins while it lasts
        Capacity(D(2019, 6, 1), D(2019, 6, 1), 99, 4),  # empty: ends the day it starts
    ]
    assert capacity_in_force(D(2018, 12, 31), 4, periods) == 4
    assert capacity_in_force(D(2019, 1, 14), 4, periods) == 6
    assert capacity_in_force(D(2019, 1, 15), 4, periods) == 9
    assert capacity_in_force(D(2019, 2, 1), 4, periods) == 8  # end exclusive
    assert capacity_in_force(D(2019, 2, 15), 4, periods) == 6
    assert capacity_in_force(D(2019, 4, 1), None, periods) is None
    assert capacity_in_force(D(2019, 6, 1), 4, periods) == 4
    # January: 14 days × 6 + 17 days × 9
    assert place_nights(D(2019, 1, 1), D(2019, 1, 31), None, periods) == 14 * 6 + 17 * 9
    assert place_nights(D(2019, 1, 1), D(2019, 12, 31), 3, []) == 365 * 3


def test_capacity_on_reads_the_periods_when_not_given(db):
    service = ServiceFactory(capacity=5)
    CapacityPeriod.objects.create(service=service, start_date=D(2019, 1, 1), end_date=D(2019, 3, 1), places=7)
    assert capacity_on(service, D(2019, 2, 1)) == 7
    assert capacity_on(service, D(2019, 3, 1)) == 5
    assert capacity_on(service, D(2019, 2, 1), periods=[]) == 5


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_capacity_in_force_twin(seed):
    rng = random.Random(seed)
    services = [ServiceFactory(capacity=rng.choice([None, 0, 5, 12])) for _ in range(4)]
    base = D(2019, 1, 1)
    for service in services:
        for _ in range(rng.randint(0, 5)):
            start = base + datetime.timedelta(days=rng.randrange(0, 60))
            end = None if rng.random() < 0.2 else start + datetime.timedelta(days=rng.choice([0, 1, 10, 30]))
            CapacityPeriod.objects.create(service=service, start_date=start, end_date=end, places=rng.randint(0, 20))
    periods = capacities_of(s.pk for s in services)
    vendor = connection.vendor
    cases = [(rng.choice(services), base + datetime.timedelta(days=rng.randrange(-5, 95))) for _ in range(300)]
    with connection.cursor() as cursor:
        for service, day in cases:
            twin = capacity_in_force_sql("s.id", date_sql(vendor, day), "s.capacity")
            cursor.execute(f"SELECT {twin} FROM establishments_service s WHERE s.id = %s", [service.pk])
            (got,) = cursor.fetchone()
            assert got == capacity_in_force(day, service.capacity, periods.get(service.pk, [])), (service.pk, day)
