"""The capacity of a service over time (indicators v1, "Place-nights": "Σ over days of P of the capacity in force
that day (a capacity period's end_date is exclusive; where periods overlap, the one with the latest start
applies; no capacity = 0, and occupancy is null)"; interchange v1: capacities.csv "overrides services.capacity
on those days").

Pure functions on plain values, and the SQL twin of the capacity in force (for queries that compare it with
the persons hosted each night); `tests/establishments/test_capacity.py` checks that the twin agrees with the
function on random periods, on PostgreSQL and SQLite.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection

ONE_DAY = datetime.timedelta(days=1)


class Capacity(NamedTuple):
    """One capacity period as plain values."""

    start_date: datetime.date
    end_date: datetime.date | None  # exclusive; None: open-ended
    places: int
    recorded: int  # order of recording (the database id): of two periods starting the same day, the later wins


def capacity_in_force(day: datetime.date, capacity: int | None, periods: Iterable[Capacity]) -> int | None:
    """The capacity in force on `day`: the capacity period covering the day (start ≤ day < end, the end date is
    exclusive) with the latest start — same start: the one recorded last —, else the service's own capacity,
    else None (no capacity)."""
    covering = [p for p in periods if p.start_date <= day and (p.end_date is None or day < p.end_date)]
    if covering:
        return max(covering, key=lambda p: (p.start_date, p.recorded)).places
    return capacity


def place_nights(first: datetime.date, last: datetime.date, capacity: int | None, periods: Iterable[Capacity]) -> int:
    """Place-nights of the days first..last (both included): Σ over those days of the capacity in force that day,
    a day without capacity counting 0."""
    periods = list(periods)
    if not periods:  # the service's capacity every day
        return (capacity or 0) * ((last - first).days + 1)
    total = 0
    day = first
    while day <= last:
        total += capacity_in_force(day, capacity, periods) or 0
        day += ONE_DAY
    return total


def capacity_in_force_sql(service_id: str, day: str, capacity: str) -> str:
    """SQL twin of `capacity_in_force`: the capacity in force on `day` for the service `service_id`, whose own
    capacity is `capacity` (three SQL expressions; NULL when there is none)."""
    table = connection.ops.quote_name("establishments_capacityperiod")
    return f"""COALESCE((
            SELECT c.places FROM {table} c
            WHERE c.service_id = {service_id} AND c.start_date <= {day} AND (c.end_date IS NULL OR {day} < c.end_date)
            ORDER BY c.start_date DESC, c.id DESC LIMIT 1
        ), {capacity})"""


def capacities_of(service_pks: Iterable[int]) -> dict[int, list[Capacity]]:
    """The capacity periods of these services, as plain values (one query)."""
    from .models import CapacityPeriod

    found: dict[int, list[Capacity]] = {}
    rows = CapacityPeriod.objects.filter(service_id__in=list(service_pks)).order_by()
    for service_id, start, end, places, pk in rows.values_list("service_id", "start_date", "end_date", "places", "pk"):
        found.setdefault(service_id, []).append(Capacity(start, end, places, pk))
    return found
