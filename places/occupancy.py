"""Monthly occupancy of a hosting service: its nights and place-nights month by month, with the definitions of
indicators v1 ("Nights", "Place-nights"). The places occupancy page and the month chart of the activity report
both read it, so that the twelve months add up to the report's yearly figures.

`monthly_occupancy` states the rule on plain values; `occupancy_by_service` is its SQL twin (the nights summed by
the database, for any number of services in three queries); `tests/places/test_occupancy_months.py` checks that
they agree on random data, on PostgreSQL and SQLite.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractMonth

from core.numbers import pct
from establishments.capacity import Capacity, capacities_of, place_nights
from establishments.enums import NightRecording
from establishments.models import Service
from events.enums import EventKind
from events.models import Event
from stays.models import Stay
from stays.rules import nights_within, nights_within_expression

MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Span:
    """A run of days [start, end], both included."""

    start: datetime.date
    end: datetime.date

    @property
    def after(self) -> datetime.date:
        return self.end + ONE_DAY


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
    return Span(start, nxt - ONE_DAY)


def month_spans(year: int, *, until: datetime.date | None = None) -> list[Span]:
    """The months of the year; with `until`, only up to that day (the current month: up to tonight)."""
    spans = []
    for month in range(1, 13):
        span = month_span(year, month)
        if until is not None and span.start > until:
            break
        spans.append(Span(span.start, min(span.end, until)) if until is not None else span)
    return spans


def monthly_occupancy(
    *,
    night_recording: str,
    stays: Iterable[tuple[datetime.date, datetime.date | None]],
    nuitees: Iterable[tuple[datetime.date, int]],
    capacity: int | None,
    periods: Iterable[Capacity],
    spans: Sequence[Span],
) -> list[MonthRow]:
    """The occupancy of one hosting service in each span (month): its nights — for a `sejour` service, the nights
    its stays (start, end) hold in the span (`stays.rules.nights_within`), its `nuitee` events being ignored; for
    a `nuitee` service, the quantities of its `nuitee` events (date, quantity) dated in the span, and nothing
    else — and its place-nights (`establishments.capacity.place_nights`)."""
    stays, nuitees, periods = list(stays), list(nuitees), list(periods)
    rows = []
    for span in spans:
        if night_recording == NightRecording.NUITEE:
            nights = sum(quantity for day, quantity in nuitees if span.start <= day <= span.end)
        else:
            nights = sum(nights_within(start, end, span.start, span.end) for start, end in stays)
        month = span.start.month
        rows.append(MonthRow(month, MONTHS[month - 1], nights, place_nights(span.start, span.end, capacity, periods)))
    return rows


def occupancy_by_service(
    services: Iterable[Service], year: int, *, until: datetime.date | None = None
) -> dict[int, list[MonthRow]]:
    """SQL twin of `monthly_occupancy`: service pk → its months, for these services, in three queries (the nights
    of the stays, one sum per month; the `nuitee` events by month; the capacity periods)."""
    services = list(services)
    spans = month_spans(year, until=until)
    if not spans or not services:
        return {service.pk: [] for service in services}
    first, last = spans[0].start, spans[-1].end
    by_event = [s.pk for s in services if s.night_recording == NightRecording.NUITEE]
    by_stay = [s.pk for s in services if s.night_recording != NightRecording.NUITEE]
    nights: dict[int, list[int]] = {s.pk: [0] * len(spans) for s in services}
    if by_stay:
        sums = {f"m{i}": Sum(nights_within_expression(span.start, span.end)) for i, span in enumerate(spans)}
        rows = (
            Stay.objects.filter(service_id__in=by_stay, start_date__lte=last)
            .exclude(end_date__lte=first)
            .order_by()
            .values("service_id")
            .annotate(**sums)
        )
        for row in rows:
            nights[row["service_id"]] = [int(row[f"m{i}"] or 0) for i in range(len(spans))]
    if by_event:
        events = (
            Event.objects.filter(service_id__in=by_event, kind=EventKind.NUITEE, date__gte=first, date__lte=last)
            .order_by()
            .annotate(month=ExtractMonth("date"))
            .values("service_id", "month")
            .annotate(n=Sum("quantity"))
        )
        for row in events:
            nights[row["service_id"]][int(row["month"]) - 1] = int(row["n"] or 0)
    periods = capacities_of(s.pk for s in services)
    return {
        s.pk: [
            MonthRow(
                span.start.month,
                MONTHS[span.start.month - 1],
                nights[s.pk][i],
                place_nights(span.start, span.end, s.capacity, periods.get(s.pk, [])),
            )
            for i, span in enumerate(spans)
        ]
        for s in services
    }


def months(service: Service, year: int, *, until: datetime.date | None = None) -> list[MonthRow]:
    """The months of one service (the places occupancy page)."""
    return occupancy_by_service([service], year, until=until)[service.pk]


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
