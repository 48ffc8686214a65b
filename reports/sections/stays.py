"""Average length of stay: of the stays that ended in the year, and of every active stay."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce, Least

from stays.models import Stay

from ..common import DaysBetween, Period, date_value, mean, median_from_histogram, months, round_half_up
from ..facts import ReportContext
from ..scope import Scope
from ._base import context


@dataclass(frozen=True)
class StaySection:
    leavers: int
    mean_stay_days: Decimal | None  # two decimals
    median_stay_days: Decimal | None  # two decimals
    mean_stay_months: Decimal | None  # one decimal
    active: int
    mean_stay_months_all: Decimal | None


def leaver_stays(year: int, scope: Scope):  # type: ignore[no-untyped-def]
    period = Period(year)
    return scope.filter_stays(Stay.objects.filter(period.q_date("end_date"))).order_by()


def stays(year: int, scope: Scope, *, ctx: ReportContext | None = None) -> StaySection:
    ctx = context(year, scope, ctx)
    histogram: dict[int, int] = {}
    rows = (
        leaver_stays(year, scope)
        .annotate(days=DaysBetween(F("end_date"), F("start_date")))
        .values("days")
        .annotate(n=Count("pk"))
        .values_list("days", "n")
    )
    for days, n in rows:
        histogram[days] = histogram.get(days, 0) + n
    leavers = sum(histogram.values())
    total_days = sum(days * n for days, n in histogram.items())
    median = median_from_histogram(histogram)
    after = date_value(ctx.period.after)
    active = ctx.active_stays().aggregate(
        n=Count("pk"),
        days=Sum(DaysBetween(Least(Coalesce(F("end_date"), after), after), F("start_date"))),
    )
    return StaySection(
        leavers=leavers,
        mean_stay_days=mean(total_days, leavers, 2),
        median_stay_days=round_half_up(median, 2) if median is not None else None,
        mean_stay_months=months(total_days, leavers),
        active=active["n"],
        mean_stay_months_all=months(active["days"] or 0, active["n"]),
    )
