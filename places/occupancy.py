"""Occupancy by service: nights and place-nights per month and per year, with the definitions of indicators v1
(reports.sections.nights): nights of the stays for `sejour` services, `nuitee` events for night-by-night ones,
place-nights from the capacity in force each day (reports.sections.nights.place_nights is reused)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce, Greatest, Least

from establishments.enums import NightRecording
from establishments.models import CapacityPeriod, Service
from events.enums import EventKind
from events.models import Event
from reports.common import DaysBetween, date_value, pct
from reports.sections.nights import place_nights
from stays.models import Stay

MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


@dataclass(frozen=True)
class Span:
    """A period [start, end] (both included), shaped like reports.common.Period."""

    start: datetime.date
    end: datetime.date

    @property
    def after(self) -> datetime.date:
        return self.end + datetime.timedelta(days=1)


@dataclass(frozen=True)
class MonthRow:
    month: int
    label: str
    nights: int
    place_nights: int

    @property
    def rate(self) -> Decimal | None:
        return pct(self.nights, self.place_nights)


def month_span(year: int, month: int) -> Span:
    start = datetime.date(year, month, 1)
    nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return Span(start, nxt - datetime.timedelta(days=1))


def nights_in(service: Service, span: Span) -> int:
    if service.night_recording == NightRecording.NUITEE:
        total = Event.objects.filter(
            service=service, kind=EventKind.NUITEE, date__gte=span.start, date__lte=span.end
        ).aggregate(n=Sum("quantity"))["n"]
        return int(total or 0)
    after = date_value(span.after)
    total = (
        Stay.objects.filter(service=service, start_date__lte=span.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=span.start))
        .aggregate(
            n=Sum(
                DaysBetween(
                    Least(Coalesce(F("end_date"), after), after), Greatest(F("start_date"), date_value(span.start))
                )
            )
        )["n"]
    )
    return max(int(total or 0), 0)


def months(service: Service, year: int, *, until: datetime.date | None = None) -> list[MonthRow]:
    periods = [
        (p.start_date, p.end_date, p.places, p.pk) for p in CapacityPeriod.objects.filter(service=service).order_by()
    ]
    rows = []
    for m in range(1, 13):
        span = month_span(year, m)
        if until is not None and span.start > until:
            break
        if until is not None and span.end > until:
            span = Span(span.start, until)  # the current month: nights up to tonight, not beyond
        rows.append(
            MonthRow(
                month=m,
                label=MONTHS[m - 1],
                nights=nights_in(service, span),
                place_nights=place_nights(span, service.capacity, periods),  # type: ignore[arg-type]
            )
        )
    return rows


@dataclass(frozen=True)
class ServiceOccupancy:
    service: Service
    today_occupied: int
    today_capacity: int | None
    months: list[MonthRow]

    @property
    def nights(self) -> int:
        return sum(r.nights for r in self.months)

    @property
    def place_nights(self) -> int:
        return sum(r.place_nights for r in self.months)

    @property
    def rate(self) -> Decimal | None:
        return pct(self.nights, self.place_nights)

    @property
    def today_rate(self) -> Decimal | None:
        return pct(self.today_occupied, self.today_capacity or 0)

    def bars(self, height: int = 120) -> list[dict[str, object]]:
        """Bars of the month-by-month chart (SVG drawn on the server): occupancy rate, 100 % = full height."""
        out = []
        for i, r in enumerate(self.months):
            rate = float(r.rate or 0)
            h = round(min(rate, 150) / 150 * height)
            out.append(
                {"x": 10 + i * 40, "y": height - h + 10, "h": h, "label": r.label, "rate": r.rate, "lx": 25 + i * 40}
            )
        return out
