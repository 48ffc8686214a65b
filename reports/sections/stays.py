"""Average length of stay: of the stays that ended in the year, and of every active stay."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from stays.models import Stay

from ..common import Period, mean, median_from_histogram, months, round_half_up
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
    figures = ctx.stay_figures  # leaver stays (`leaver_stays`) grouped by length, and the active stays' days
    histogram = figures.leaver_days
    leavers = sum(histogram.values())
    total_days = sum(days * n for days, n in histogram.items())
    median = median_from_histogram(histogram)
    return StaySection(
        leavers=leavers,
        mean_stay_days=mean(total_days, leavers, 2),
        median_stay_days=round_half_up(median, 2) if median is not None else None,
        mean_stay_months=months(total_days, leavers),
        active=figures.active,
        mean_stay_months_all=months(figures.active_days, figures.active),
    )
