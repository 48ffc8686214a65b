"""Averages of durations shared by the sections: in months, and the median of a histogram."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from core.numbers import round_half_up

MONTH_DAYS = Fraction("30.4375")


def months(days_total: int | Fraction, count: int) -> Decimal | None:
    """Spec: "Durations in months = days / 30.4375, one decimal." None when there is nothing to average."""
    if not count:
        return None
    return round_half_up(Fraction(days_total) / count / MONTH_DAYS, 1)


def median_from_histogram(histogram: dict[int, int]) -> Fraction | None:
    """The median of values given as {value: how many}; "median of an even count = mean of the two middle
    values"."""
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
