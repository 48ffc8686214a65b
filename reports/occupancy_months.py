"""Occupancy of each hosting service month by month (for the chart of the nights section), in a constant number
of queries: the nights of the stays of every month in one aggregate (one conditional sum per month), the `nuitee`
events in one grouped sum, the capacities in one query; place-nights as in the nights indicator."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth, Greatest, Least

from establishments.enums import NightRecording
from establishments.models import CapacityPeriod, Service
from events.enums import EventKind
from events.models import Event
from places.occupancy import MONTHS, month_span
from stays.models import Stay

from .common import DaysBetween, date_value, pct
from .presentation import fmt_decimal
from .sections.nights import NightSection, place_nights


@dataclass(frozen=True)
class MonthOccupancy:
    month: int
    label: str
    nights: int
    place_nights: int

    @property
    def rate(self) -> Decimal | None:
        return pct(self.nights, self.place_nights)

    @property
    def rate_text(self) -> str:
        return fmt_decimal(self.rate, "%")


@dataclass(frozen=True)
class ServiceMonths:
    service_pk: int
    service_id: str
    label: str
    months: list[MonthOccupancy]


def occupancy_by_month(year: int, section: NightSection) -> list[ServiceMonths]:
    """Per hosting service of the nights section: nights, place-nights and rate of each month of the year."""
    services = {s.service_pk: s for s in section.services}
    if not services:
        return []
    spans = [month_span(year, m) for m in range(1, 13)]
    by_stay = [pk for pk, s in services.items() if s.night_recording != NightRecording.NUITEE]
    by_event = [pk for pk, s in services.items() if s.night_recording == NightRecording.NUITEE]
    nights: dict[int, list[int]] = {pk: [0] * 12 for pk in services}
    if by_stay:
        sums = {}
        for index, span in enumerate(spans):
            after = date_value(span.after)
            overlap = Q(start_date__lt=span.after) & (Q(end_date__isnull=True) | Q(end_date__gt=span.start))
            sums[f"m{index}"] = Sum(
                DaysBetween(
                    Least(Coalesce(F("end_date"), after), after), Greatest(F("start_date"), date_value(span.start))
                ),
                filter=overlap,
            )
        rows = (
            Stay.objects.filter(service_id__in=by_stay, start_date__lte=spans[-1].end)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=spans[0].start))
            .order_by()
            .values("service_id")
            .annotate(**sums)
        )
        for row in rows:
            nights[row["service_id"]] = [max(int(row[f"m{i}"] or 0), 0) for i in range(12)]
    if by_event:
        events = (
            Event.objects.filter(
                service_id__in=by_event,
                kind=EventKind.NUITEE,
                date__gte=spans[0].start,
                date__lte=spans[-1].end,
            )
            .order_by()
            .annotate(month=ExtractMonth("date"))
            .values("service_id", "month")
            .annotate(n=Sum("quantity"))
        )
        for row in events:
            nights[row["service_id"]][int(row["month"]) - 1] = int(row["n"] or 0)
    capacities = dict(Service.objects.filter(pk__in=services).values_list("pk", "capacity"))
    periods: dict[int, list[tuple]] = {}  # type: ignore[type-arg]
    for period in CapacityPeriod.objects.filter(service_id__in=services).order_by():
        periods.setdefault(period.service_id, []).append((period.start_date, period.end_date, period.places, period.pk))
    out = []
    for pk, service in services.items():
        months = [
            MonthOccupancy(
                month=i + 1,
                label=MONTHS[i],
                nights=nights[pk][i],
                place_nights=place_nights(span, capacities.get(pk), periods.get(pk, [])),  # type: ignore[arg-type]
            )
            for i, span in enumerate(spans)
        ]
        out.append(ServiceMonths(pk, service.service_id, f"{service.establishment} — {service.name}", months))
    return out


def occupancy_charts(year: int, section: NightSection) -> list[tuple[ServiceMonths, Any]]:
    """Each hosting service's months with its column chart."""
    from .charts import month_chart

    return [
        (s, month_chart(s.months, title=f"Taux d'occupation par mois — {s.label}"))
        for s in occupancy_by_month(year, section)
    ]
