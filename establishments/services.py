"""Read helpers about places (capacity in force on a day)."""

from __future__ import annotations

import datetime

from django.db.models import Q

from .models import CapacityPeriod, Service


def capacity_on(service: Service, day: datetime.date, periods: list[CapacityPeriod] | None = None) -> int | None:
    """The capacity in force on `day`: the capacity period covering it with the latest start (end exclusive),
    else the service's own capacity."""
    if periods is None:
        periods = list(
            CapacityPeriod.objects.filter(service=service, start_date__lte=day).filter(
                Q(end_date__isnull=True) | Q(end_date__gt=day)
            )
        )
    covering = [p for p in periods if p.start_date <= day and (p.end_date is None or p.end_date > day)]
    if covering:
        return max(covering, key=lambda p: (p.start_date, p.pk)).places
    return service.capacity
