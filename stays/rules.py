"""The nights of a stay, as interchange v1 defines them: "An end date is the day the person left (exclusive of
that night): a stay from 2019-03-01 to 2019-03-04 is 3 nights. Empty end date = still ongoing."

Each rule is a pure function on plain values, with its SQL twin next to it (a `Q` or an expression for the ORM,
used by `StayQuerySet`); `tests/stays/test_rules.py` checks on random stays that each twin selects exactly what
its function says, on PostgreSQL and SQLite.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Greatest, Least

from core.sql import DaysBetween, date_value

ONE_DAY = datetime.timedelta(days=1)
FAR_FUTURE = datetime.date(9999, 12, 31)  # stands for the end of an ongoing stay in SQL comparisons


def is_occupied_on(start: datetime.date, end: datetime.date | None, day: datetime.date) -> bool:
    """Occupied on a day: the stay holds its place on the night of `day` — start ≤ day < end (the end date is the
    day the person left, "exclusive of that night"); an ongoing stay runs on."""
    return start <= day and (end is None or day < end)


def occupied_on_q(day: datetime.date) -> Q:
    """SQL twin of `is_occupied_on`: the stays occupied on the night of `day`."""
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gt=day))


def holds_a_place_from(end: datetime.date | None, day: datetime.date) -> bool:
    """A place is held on the night of `day` or a later one: the stay is not left by `day` (ongoing, or leaving
    after it), whatever its start — an arrival already recorded for a later day holds its place too. The
    capacity rule of admissions counts these stays against the capacity in force on the first night."""
    return end is None or end > day


def holding_a_place_from_q(day: datetime.date, prefix: str = "") -> Q:
    """SQL twin of `holds_a_place_from` (`prefix`: the path to the stay, e.g. `stay__` from a placement)."""
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": day})


def holds_a_night(start: datetime.date, end: datetime.date | None) -> bool:
    """A stay holds at least one night unless it was left on its first day (end = start)."""
    return end is None or start < end


def nights_within(start: datetime.date, end: datetime.date | None, first: datetime.date, last: datetime.date) -> int:
    """The nights of a stay among the days first..last (both included): the days of that range on which it is
    occupied (`is_occupied_on`), i.e. the days of [max(start, first), min(end, last + 1 day))."""
    stop = min(end or FAR_FUTURE, last + ONE_DAY)
    return max((stop - max(start, first)).days, 0)


def nights_within_expression(first: datetime.date, last: datetime.date) -> Any:
    """SQL twin of `nights_within`, for a queryset of stays (an integer expression)."""
    after = date_value(last + ONE_DAY)
    return Greatest(
        DaysBetween(Least(Coalesce(F("end_date"), after), after), Greatest(F("start_date"), date_value(first))),
        Value(0),
    )


def share_a_night(
    a_start: datetime.date, a_end: datetime.date | None, b_start: datetime.date, b_end: datetime.date | None
) -> bool:
    """Hosting overlap: two stays share a night when some night is occupied by both (`is_occupied_on`). A stay
    left on its first day holds no night, so it overlaps nothing, and a same-day transfer (one ends the day the
    other starts) is no overlap."""
    return (
        holds_a_night(a_start, a_end)
        and holds_a_night(b_start, b_end)
        and (a_end is None or b_start < a_end)
        and (b_end is None or a_start < b_end)
    )


def sharing_a_night_q(start: Any, end: Any) -> Q:
    """SQL twin of `share_a_night`: the stays sharing a night with the stay [start, end). `start` and `end` are
    dates (end None: ongoing) or expressions such as `OuterRef("start_date")`; with expressions, the caller
    keeps only outer stays that hold a night (`StayQuerySet.holding_a_night`)."""
    if isinstance(end, datetime.date) and isinstance(start, datetime.date) and not holds_a_night(start, end):
        return Q(pk__in=[])
    if end is None:
        end_bound: Any = FAR_FUTURE
    elif isinstance(end, datetime.date):
        end_bound = end
    else:
        end_bound = Coalesce(end, date_value(FAR_FUTURE))
    return (
        Q(start_date__lt=end_bound)
        & (Q(end_date__isnull=True) | Q(end_date__gt=start))
        & ~Q(end_date=F("start_date"))  # holds a night
    )
