"""Read helpers about places (capacity in force on a day)."""

from __future__ import annotations

import datetime

from .capacity import Capacity, capacities_of, capacity_in_force
from .models import CapacityPeriod, Service


def capacity_on(service: Service, day: datetime.date, periods: list[CapacityPeriod] | None = None) -> int | None:
    """The capacity in force on `day` (`establishments.capacity.capacity_in_force`), from the service's capacity
    periods (given, or read)."""
    if periods is None:
        values = capacities_of([service.pk]).get(service.pk, [])
    else:
        values = [Capacity(p.start_date, p.end_date, p.places, p.pk) for p in periods]
    return capacity_in_force(day, service.capacity, values)
