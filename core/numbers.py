"""Exact arithmetic for the figures shown to users: half-up rounding of exact values, percentages, means."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


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
    """total / count, half-up to `places` decimals; None when the count is 0."""
    if not count:
        return None
    return round_half_up(Fraction(total) / count, places)
