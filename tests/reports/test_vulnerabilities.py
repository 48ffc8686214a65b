"""Vulnerabilities recorded on or before the reference stay's end (Y-12-31 when ongoing), and justice among them."""

from __future__ import annotations

import pytest

from tests.factories import JusticeMeasureFactory, VulnerabilityFactory
from tests.reports.helpers import d, indicators, person, service, stay

pytestmark = pytest.mark.django_db


def test_vulnerability_shares(db):
    chrs = service()

    def vulnerable(who, kind, day):
        VulnerabilityFactory(person=who, kind=kind, recorded_on=d(day))

    v1 = person()
    stay(v1, chrs, "2019-01-01")
    vulnerable(v1, "addiction_alcool", "2019-04-01")
    JusticeMeasureFactory(person=v1, measure="pse", start_date=d("2019-01-01"))
    v2 = person()
    stay(v2, chrs, "2019-01-01")
    vulnerable(v2, "addiction_alcool", "2019-12-31")  # the last day counts
    v3 = person()
    stay(v3, chrs, "2019-01-01")
    vulnerable(v3, "addiction_alcool", "2020-01-05")  # after Y-12-31, the stay being ongoing: not counted
    vulnerable(v3, "addiction_drogues", "2018-01-01")  # long before: counted
    v4 = person()
    stay(v4, chrs, "2019-01-01", "2019-06-01")
    vulnerable(v4, "troubles_psychiques", "2019-06-01")  # on the day the reference stay ends
    vulnerable(v4, "addiction_alcool", "2019-06-02")  # after it ended
    JusticeMeasureFactory(person=v4, measure="condamnation_anterieure", start_date=None)
    v5 = person()
    stay(v5, chrs, "2019-10-01", "2020-02-01")
    vulnerable(v5, "addiction_alcool", "2020-01-15")  # before the reference stay's end (in 2020): counted
    outsider = person()
    vulnerable(outsider, "handicap", "2019-01-01")  # not accompanied
    figures = indicators(2019)["vulnerability_shares"]
    assert figures == {
        "addiction_alcool": {"share": 60.0, "justice_share": 33.3},  # v1 v2 v5 of 5; v1 linked
        "addiction_drogues": {"share": 20.0, "justice_share": 0.0},  # v3
        "troubles_psychiques": {"share": 20.0, "justice_share": 100.0},  # v4, past conviction
        "handicap": {"share": 0.0, "justice_share": None},
    }
