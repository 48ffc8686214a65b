"""The domiciliation's rules, as pure functions of dates (hand-computed in tests/domiciliation/test_rules.py).

- An attestation is valid one year at most: end ≤ start + 1 year; by default it ends the day before the
  anniversary (1 November 2020 → 31 October 2021, as the attestation reads).
- A renewal starts the day after the previous end.
- Radiation is proposed when the person has had no contact for three months: on the day three calendar months after
  the last contact (last contact 15 January → proposed from 15 April; 30 November → from 28 February, or the 29th).
- The expiry list looks 30 days ahead: domiciliations whose end falls between today and today + 30 days.
"""

from __future__ import annotations

import calendar
import datetime

NO_CONTACT_MONTHS = 3
EXPIRY_NOTICE_DAYS = 30


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def one_year_after(start: datetime.date) -> datetime.date:
    """start + 1 year (29 February → 28 February): the latest end an attestation may have."""
    return add_months(start, 12)


def default_end(start: datetime.date) -> datetime.date:
    """The attestation's usual end: the day before the anniversary of its start."""
    return one_year_after(start) - datetime.timedelta(days=1)


def renewal_start(previous_end: datetime.date) -> datetime.date:
    return previous_end + datetime.timedelta(days=1)


def radiation_due_on(last_contact: datetime.date) -> datetime.date:
    """The first day on which the person has had no contact for three months."""
    return add_months(last_contact, NO_CONTACT_MONTHS)


def proposes_radiation(last_contact: datetime.date, day: datetime.date) -> bool:
    return radiation_due_on(last_contact) <= day
