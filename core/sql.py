"""Day arithmetic in SQL, written once for PostgreSQL and SQLite (on SQLite dates are ISO strings)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import DateField, Func, IntegerField, Value


def date_value(day: datetime.date) -> Value:
    """A date as a query parameter typed as a date."""
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


# The same operations as raw SQL text, for the queries written in SQL (`vendor` is connection.vendor).


def days_between_sql(vendor: str, end: str, start: str) -> str:
    """end − start in whole days (as DaysBetween)."""
    if vendor == "postgresql":
        return f"({end} - {start})"
    return f"CAST(ROUND(julianday({end}) - julianday({start})) AS INTEGER)"


def add_days_sql(vendor: str, column: str, days: int) -> str:
    """A date plus a constant number of days."""
    if vendor == "postgresql":
        return f"({column} + {int(days)})"
    return f"date({column}, '{int(days):+d} days')"


def date_sql(vendor: str, day: datetime.date) -> str:
    """A date literal (a date we built, never user input)."""
    return f"DATE '{day.isoformat()}'" if vendor == "postgresql" else f"'{day.isoformat()}'"


def greatest_sql(vendor: str, *values: str) -> str:
    return f"{'GREATEST' if vendor == 'postgresql' else 'MAX'}({', '.join(values)})"


def as_date(value: Any) -> datetime.date | None:
    """A date read from a raw cursor: SQLite returns ISO strings, PostgreSQL dates."""
    if value is None or isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.datetime):
        return value.date()
    return datetime.date.fromisoformat(str(value)[:10])


def as_day(value: Any) -> datetime.date:
    """`as_date` of a column that is never NULL."""
    day = as_date(value)
    assert day is not None
    return day
