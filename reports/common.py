"""Shared definitions of indicators v1: the period, active stays, rounding, ages, day arithmetic in SQL."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import DateField, Func, IntegerField, Q, QuerySet, Value

MONTH_DAYS = Fraction("30.4375")
JUSTICE_WINDOW_DAYS = 183


class Period:
    """P = [Y-01-01, Y-12-31], both days included; `after` is Y-12-31 + 1 day."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.start = datetime.date(year, 1, 1)
        self.end = datetime.date(year, 12, 31)
        self.after = datetime.date(year + 1, 1, 1)

    def contains(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def q_date(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})

    def q_active(self, start: str = "start_date", end: str = "end_date") -> Q:
        """Active: start ≤ Y-12-31 and (end empty or end ≥ Y-01-01)."""
        return Q(**{f"{start}__lte": self.end}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": self.start}))


def date_value(day: datetime.date) -> Value:
    return Value(day, output_field=DateField())


class DaysBetween(Func):
    """end − start in whole days, as an integer, identically on PostgreSQL and SQLite."""

    output_field = IntegerField()
    arity = 2

    def _operands(self, compiler: Any, connection: Any) -> tuple[str, str, list[Any]]:
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return end_sql, start_sql, [*end_params, *start_params]

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]  # PostgreSQL
        end_sql, start_sql, params = self._operands(compiler, connection)
        return f"(({end_sql})::date - ({start_sql})::date)", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        end_sql, start_sql, params = self._operands(compiler, connection)
        return f"CAST(ROUND(julianday({end_sql}) - julianday({start_sql})) AS INTEGER)", params


class AddDays(Func):
    """A date plus a constant number of days, as a date, identically on PostgreSQL and SQLite."""

    output_field = DateField()
    arity = 1

    def __init__(self, expression: Any, days: int, **extra: Any) -> None:
        self.days = int(days)
        super().__init__(expression, **extra)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]  # PostgreSQL
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql})::date + {self.days})", list(params)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '{self.days:+d} days')", list(params)


def round_half_up(value: Fraction | int | Decimal, places: int = 1) -> Decimal:
    """Half-up rounding of an exact value (never of a float): 12.25 → 12.3, 12.24999… → 12.2."""
    scaled = Fraction(value) * (10**places)
    floor = scaled.numerator // scaled.denominator
    rounded = floor + 1 if scaled - floor >= Fraction(1, 2) else floor
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(rounded) * quantum).quantize(quantum)


def pct(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator as a percentage, half-up to one decimal; None when the denominator is 0."""
    if not denominator:
        return None
    return round_half_up(Fraction(100 * numerator, denominator), 1)


def mean(total: int | Fraction, count: int, places: int = 1) -> Decimal | None:
    if not count:
        return None
    return round_half_up(Fraction(total) / count, places)


def months(days_total: int | Fraction, count: int) -> Decimal | None:
    """Mean duration in months (days / 30.4375), one decimal."""
    if not count:
        return None
    return round_half_up(Fraction(days_total) / count / MONTH_DAYS, 1)


def median_from_histogram(histogram: dict[int, int]) -> Fraction | None:
    """The median of values given as {value: how many}; an even count gives the mean of the two middle values."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # 0-based ranks of the middle value(s)
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        count = histogram[value]
        for rank in wanted[len(found) :]:
            if rank < seen + count:
                found.append(value)
            else:
                break
        seen += count
        if len(found) == 2:
            break
    return Fraction(found[0] + found[1], 2)


def age_on(birth_date: datetime.date | None, day: datetime.date) -> int | None:
    """Whole years on `day`. Born on 29 February: a year older on 1 March in non-leap years."""
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_date(reference_start: datetime.date, period: Period) -> datetime.date:
    """The age date: max(reference stay start, Y-01-01)."""
    return max(reference_start, period.start)


_CHUNKS = re.compile(r"(\d+)")


def id_key(external_id: str, pk: int) -> tuple[Any, ...]:
    """Order of interchange ids ("the larger measure_id", "the smallest person_id"): natural order, so that
    "9" < "10" and "M9" < "M10"; records without an interchange id come after, by database id."""
    if not external_id:
        return (1, pk)
    if external_id.isdigit():
        return (0, ((0, int(external_id), external_id),), pk)
    parts: list[tuple[int, int, str]] = []
    for chunk in _CHUNKS.split(external_id):
        if not chunk:
            continue
        parts.append((0, int(chunk), chunk) if chunk.isdigit() else (1, 0, chunk))
    return (0, tuple(parts), pk)


def days_overlap(
    a_start: datetime.date, a_end: datetime.date | None, b_start: datetime.date, b_end: datetime.date | None
) -> bool:
    """Do two stays share at least one day (both ends included, an ongoing stay runs on)?"""
    return (a_end is None or b_start <= a_end) and (b_end is None or a_start <= b_end)


def scoped_active_stays(year: int, scope: Any) -> QuerySet[Any]:
    from stays.models import Stay

    return scope.filter_stays(Stay.objects.filter(Period(year).q_active())).order_by()
