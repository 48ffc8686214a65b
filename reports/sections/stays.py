"""Average length of stay: of the stays that ended in the year, and of every active stay."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.numbers import mean, round_half_up

from ..common import median_from_histogram, months
from ..facts import StayFacts


@dataclass(frozen=True)
class StaySection:
    leavers: int
    mean_stay_days: Decimal | None  # two decimals
    median_stay_days: Decimal | None  # two decimals
    mean_stay_months: Decimal | None  # one decimal
    active: int
    mean_stay_months_all: Decimal | None


def stay_section(stays: StayFacts) -> StaySection:
    histogram = stays.leaver_days  # rules.leaver_days of the leaver stays → how many
    leavers = sum(histogram.values())
    total_days = sum(days * n for days, n in histogram.items())
    median = median_from_histogram(histogram)
    return StaySection(
        leavers=leavers,
        mean_stay_days=mean(total_days, leavers, 2),
        median_stay_days=round_half_up(median, 2) if median is not None else None,
        mean_stay_months=months(total_days, leavers),
        active=stays.active,
        mean_stay_months_all=months(stays.active_days, stays.active),
    )
