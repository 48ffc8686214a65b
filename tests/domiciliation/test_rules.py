"""The domiciliation's date rules, hand-computed."""

import datetime

import pytest

from domiciliation import rules

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2020, 11, 1), D(2021, 10, 31)),  # the attestation's own example: 1 November → 31 October
        (D(2019, 1, 1), D(2019, 12, 31)),
        (D(2020, 2, 29), D(2021, 2, 27)),  # the anniversary of 29 February is 28 February; the day before
        (D(2019, 3, 15), D(2020, 3, 14)),
    ],
)
def test_default_validity_is_one_year_ending_the_day_before_the_anniversary(start, end):
    assert rules.default_end(start) == end
    assert rules.default_end(start) <= rules.one_year_after(start)


def test_one_year_is_the_latest_end():
    assert rules.one_year_after(D(2019, 3, 15)) == D(2020, 3, 15)
    assert rules.one_year_after(D(2020, 2, 29)) == D(2021, 2, 28)


def test_renewal_starts_the_day_after_the_previous_end():
    assert rules.renewal_start(D(2019, 12, 31)) == D(2020, 1, 1)
    assert rules.renewal_start(D(2020, 2, 28)) == D(2020, 2, 29)


@pytest.mark.parametrize(
    ("last_contact", "day", "proposed"),
    [
        (D(2019, 1, 15), D(2019, 4, 14), False),  # 3 months less a day
        (D(2019, 1, 15), D(2019, 4, 15), True),  # exactly 3 months
        (D(2019, 1, 15), D(2019, 6, 1), True),
        (D(2019, 11, 30), D(2020, 2, 28), False),  # 30 November + 3 months = 29 February 2020 (leap year)
        (D(2019, 11, 30), D(2020, 2, 29), True),
        (D(2018, 11, 30), D(2019, 2, 28), True),  # …and 28 February in a common year
    ],
)
def test_radiation_is_proposed_after_exactly_three_months_without_contact(last_contact, day, proposed):
    assert rules.proposes_radiation(last_contact, day) is proposed
