"""Average stay (leavers, median of an even count, every active stay) and positive / dynamic exits."""

from __future__ import annotations

import pytest

from establishments.enums import Modality
from tests.reports.helpers import indicators, person, service, stay

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    chrs = service(Modality.HEBERGEMENT_INSERTION)
    aci = service(Modality.CONTRAT_INSERTION)
    # leaver stays of 2019, in days (end − start):
    stay(person(), chrs, "2019-01-01", "2019-01-31", exit_housing="logement_autonome")  # 30, positive (housing)
    stay(person(), chrs, "2018-12-01", "2019-03-01", exit_housing="rue", exit_activity="cdi")  # 90, positive (job)
    stay(person(), chrs, "2019-05-01", "2019-05-01", exit_housing="rue")  # 0, not positive
    stay(  # 1094 = 365 + 365 + 364, positive: adapted housing (not autonomous) and a training
        person(),
        chrs,
        "2017-01-01",
        "2019-12-31",
        exit_housing="logement_adapte",
        exit_activity="formation_qualifiante",
    )
    stay(person(), aci, "2019-02-01", "2019-08-01", exit_activity="embauche_iae")  # 181, positive and dynamic
    stay(person(), aci, "2019-03-01", "2019-04-01", exit_activity="recherche_emploi")  # 31, not dynamic
    # not leavers in 2019:
    stay(person(), chrs, "2018-07-01")  # ongoing: 2020-01-01 − 2018-07-01 = 549 days counted in the "all" mean
    stay(person(), chrs, "2019-10-01", "2020-01-15", exit_housing="logement_autonome")  # counted up to 2020-01-01: 92
    stay(person(), chrs, "2018-01-01", "2018-12-31")  # not active


def test_mean_and_median_stay_of_leavers(data):
    figures = indicators(2019)
    # 30 + 90 + 0 + 1094 + 181 + 31 = 1426 days over 6 stays = 237.666…
    assert figures["mean_stay_days"] == 237.67
    # sorted 0 30 31 90 181 1094: (31 + 90) / 2
    assert figures["median_stay_days"] == 60.5
    assert figures["mean_stay_months"] == 7.8  # 237.666… / 30.4375 = 7.808…


def test_mean_stay_including_ongoing(data):
    # (1426 + 549 + 92) / 8 = 258.375 days / 30.4375 = 8.488…
    assert indicators(2019)["mean_stay_months_all"] == 8.5


def test_positive_exits(data):
    figures = indicators(2019)
    assert figures["positive_exits"] == {"count": 4, "share": 66.7}  # 4 of 6 leaver stays
    assert figures["positive_housing_share"] == 25.0  # 1 autonomous housing of 4 positive exits
    assert figures["positive_activity_share"] == 75.0  # cdi, training, IAE hire: 3 of 4
    assert figures["dynamic_exit_share"] == 50.0  # 1 of the 2 insertion-contract leavers


def test_no_leaver_gives_nulls(db):
    stay(person(), service(), "2019-01-01")
    figures = indicators(2019)
    assert figures["mean_stay_months"] is None
    assert figures["mean_stay_days"] is None
    assert figures["median_stay_days"] is None
    assert figures["positive_housing_share"] is None
    assert figures["dynamic_exit_share"] is None
    assert figures["mean_stay_months_all"] == 12.0  # 365 / 30.4375 = 11.99…
