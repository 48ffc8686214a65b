"""Nights spent and occupancy rate of each hosting service."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from establishments.enums import HOSTING_MODALITIES, NightRecording
from establishments.models import CapacityPeriod, Service

from ..common import Period, pct
from ..facts import ReportContext
from ..scope import Scope, interchange_ids
from ._base import context


@dataclass(frozen=True)
class ServiceNights:
    service_pk: int
    service_id: str  # interchange id
    name: str
    establishment: str
    modality: str
    night_recording: str
    nights: int
    place_nights: int
    occupancy: Decimal | None


@dataclass(frozen=True)
class NightSection:
    services: list[ServiceNights]

    @property
    def nights(self) -> dict[str, int]:
        return {s.service_id: s.nights for s in self.services}

    @property
    def occupancy(self) -> dict[str, Decimal | None]:
        return {s.service_id: s.occupancy for s in self.services}


def place_nights(
    period: Period, default: int | None, periods: list[tuple[datetime.date, datetime.date | None, int, int]]
) -> int:
    """Σ over the days of P of the capacity in force: the capacity period covering the day with the latest start
    (end exclusive; same start: the one recorded last), else the service's capacity, else 0."""
    if not periods:  # the service's capacity every day
        return (default or 0) * ((period.end - period.start).days + 1)
    ordered = sorted(periods, key=lambda p: (p[0], p[3]), reverse=True)
    total = 0
    day = period.start
    one = datetime.timedelta(days=1)
    while day <= period.end:
        places = default or 0
        for start, end, count, _pk in ordered:
            if start <= day and (end is None or day < end):
                places = count
                break
        total += places
        day += one
    return total


def nights(year: int, scope: Scope, *, ctx: ReportContext | None = None) -> NightSection:
    ctx = context(year, scope, ctx)
    period = ctx.period
    services = list(
        scope.services()
        .filter(modality__in=list(HOSTING_MODALITIES))
        .select_related("establishment")
        .order_by("establishment__name", "name", "pk")
    )
    if not services:
        return NightSection(services=[])
    service_pks = [s.pk for s in services]
    # per hosting service of the scope recording nights by stay: Σ days of [max(start, Y-01-01), min(end, Y+1-01-01))
    by_stay = ctx.stay_figures.nights
    by_event = ctx.events.nuitees
    capacity_periods: dict[int, list[tuple[datetime.date, datetime.date | None, int, int]]] = {}
    for service_id, start, end, places, pk in (
        CapacityPeriod.objects.filter(service_id__in=service_pks, start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=period.start))
        .order_by()
        .values_list("service_id", "start_date", "end_date", "places", "pk")
    ):
        capacity_periods.setdefault(service_id, []).append((start, end, places, pk))
    ids = interchange_ids(Service)
    result = []
    for service in services:
        if service.night_recording == NightRecording.NUITEE:
            count = int(by_event.get(service.pk) or 0)
        else:
            count = int(by_stay.get(service.pk) or 0)
        capacity = place_nights(period, service.capacity, capacity_periods.get(service.pk, []))
        result.append(
            ServiceNights(
                service_pk=service.pk,
                service_id=ids[service.pk],
                name=service.name,
                establishment=service.establishment.name,
                modality=service.modality,
                night_recording=service.night_recording,
                nights=count,
                place_nights=capacity,
                occupancy=pct(count, capacity),
            )
        )
    return NightSection(services=result)
