"""The shared rules: rounding half-up on exact counts, medians, ages (29 February), id order."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from core.numbers import pct, round_half_up
from reports.common import median_from_histogram, months
from reports.rules import age_on, id_key
from tests.reports.helpers import d


def test_percentages_round_half_up_on_exact_counts():
    assert pct(1, 8) == Decimal("12.5")  # exactly 12.5
    assert pct(1, 16) == Decimal("6.3")  # 6.25 → 6.3 (a float would give 6.2 with banker's rounding)
    assert pct(1, 3) == Decimal("33.3")
    assert pct(2, 3) == Decimal("66.7")
    assert pct(0, 5) == Decimal("0.0")
    assert pct(3, 0) is None


def test_round_half_up_two_decimals():
    assert round_half_up(Fraction(1, 8), 2) == Decimal("0.13")
    assert round_half_up(Fraction(229, 2), 2) == Decimal("114.50")


def test_months_divide_days_by_30_4375():
    assert months(365, 1) == Decimal("12.0")  # 11.99…
    assert months(30, 1) == Decimal("1.0")  # 0.9856
    assert months(0, 0) is None


def test_median_of_even_count_is_mean_of_middle_values():
    assert median_from_histogram({10: 1, 20: 1}) == 15
    assert median_from_histogram({1: 1, 3: 1, 4: 1, 100: 1}) == Fraction(7, 2)
    assert median_from_histogram({5: 3}) == 5
    assert median_from_histogram({1: 2, 9: 1}) == 1
    assert median_from_histogram({}) is None


def test_age_born_29_february_turns_older_on_1_march_in_non_leap_years():
    born = d("2000-02-29")
    assert age_on(born, d("2018-02-28")) == 17
    assert age_on(born, d("2018-03-01")) == 18
    assert age_on(born, d("2020-02-29")) == 20  # leap year: on the day itself
    assert age_on(born, d("2020-02-28")) == 19
    assert age_on(None, d("2019-01-01")) is None


def test_interchange_ids_in_natural_order():
    assert id_key("M10", 1) > id_key("M9", 2)
    assert id_key("10", 1) > id_key("9", 2)
    assert id_key("b", 1) > id_key("a", 2)
    assert id_key("", 5) > id_key("zzz", 9)  # records without an interchange id come last
