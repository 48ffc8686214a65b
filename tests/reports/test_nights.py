"""Nights (sejour vs nuitee services) and occupancy with capacity periods (latest start wins, end exclusive)."""

from __future__ import annotations

import pytest

from establishments.enums import Modality, NightRecording
from reports.scope import Scope
from tests.factories import CapacityPeriodFactory, EstablishmentFactory, EventFactory
from tests.reports.helpers import d, indicators, person, service, stay

pytestmark = pytest.mark.django_db


def capacity(where, start, end, places):
    return CapacityPeriodFactory(service=where, start_date=d(start), end_date=d(end) if end else None, places=places)


def nuitee(where, day, quantity=1):
    return EventFactory(service=where, date=d(day), kind="nuitee", quantity=quantity)


@pytest.fixture
def data():
    est = EstablishmentFactory(external_id="E")
    s1 = service(Modality.HEBERGEMENT_INSERTION, establishment=est, capacity=10, external_id="S1")
    s2 = service(Modality.HEBERGEMENT_URGENCE, establishment=est, capacity=2, external_id="S2")
    s3 = service(
        Modality.HALTE_NUIT, establishment=est, capacity=None, night_recording=NightRecording.NUITEE, external_id="S3"
    )
    s4 = service(Modality.LHSS, establishment=est, capacity=None, external_id="S4")
    service(Modality.ACCUEIL_JOUR, establishment=est, capacity=30, external_id="AJ")  # not a hosting service
    other = service(Modality.HEBERGEMENT_INSERTION, capacity=5, external_id="OTHER")
    stay(person(), s1, "2018-12-30", "2019-01-02")  # 1 night in P (2019-01-01)
    stay(person(), s1, "2019-12-30")  # 2 nights (12-30, 12-31)
    stay(person(), s1, "2019-03-01", "2019-03-04")  # 3 nights
    moving = person()
    stay(moving, s1, "2019-04-01", "2019-04-10", exit_reason="reorientation")  # 9 nights, then a same-day transfer
    stay(moving, s2, "2019-04-10", "2019-04-20")  # 10 nights
    stay(person(), s1, "2019-06-01", "2019-06-01")  # left the day of arrival: 0 nights
    nuitee(s1, "2019-05-05", 5)  # ignored in a sejour service
    # S2 capacity: 4 from 2019-01-01 (beats the older period still running in January), 6 from 2019-11-01,
    # 100 on 2019-05-01 only (end exclusive)
    capacity(s2, "2018-12-01", "2019-02-01", 3)
    capacity(s2, "2019-01-01", None, 4)
    capacity(s2, "2019-11-01", "2020-03-31", 6)
    capacity(s2, "2019-05-01", "2019-05-02", 100)
    # S3 counts its nuitee events of P only, whatever the stays say; 10 places from January to June
    capacity(s3, "2019-01-01", "2019-07-01", 10)
    nuitee(s3, "2019-01-05", 3)
    nuitee(s3, "2019-12-31")
    nuitee(s3, "2018-12-31", 7)
    nuitee(s3, "2020-01-01", 2)
    EventFactory(service=s3, date=d("2019-02-01"), kind="repas", quantity=9)
    stay(person(), s3, "2019-02-01", "2019-02-10")
    stay(person(), s4, "2019-01-01", "2019-01-11")  # 10 nights, no capacity at all
    stay(person(), other, "2019-01-01", "2019-01-03")
    return {"est": est, "s3": s3}


def test_nights_and_occupancy_per_hosting_service(data):
    figures = indicators(2019, Scope.for_establishment(data["est"]))
    assert figures["nights"] == {"S1": 15, "S2": 10, "S3": 4, "S4": 10}  # S1: 1 + 2 + 3 + 9 + 0
    assert figures["occupancy"] == {
        "S1": 0.4,  # 15 / (365 × 10)
        "S2": 0.6,  # 10 / (304 × 4 + 61 × 6 + 96 extra on 05-01) = 10 / 1678
        "S3": 0.2,  # 4 / (181 × 10)
        "S4": None,  # no capacity: 0 place-nights
    }


def test_association_lists_every_hosting_service(data):
    assert indicators(2019)["nights"] == {"S1": 15, "S2": 10, "S3": 4, "S4": 10, "OTHER": 2}


def test_service_scope(data):
    figures = indicators(2019, Scope.for_service(data["s3"]))
    assert figures["nights"] == {"S3": 4}
    assert figures["occupancy"] == {"S3": 0.2}


def test_occupancy_over_100_percent_is_reported_as_is(db):
    small = service(Modality.HEBERGEMENT_INSERTION, capacity=1, external_id="small")
    stay(person(), small, "2019-01-01")
    stay(person(), small, "2019-07-02")  # 365 + 183 nights on 365 place-nights
    assert indicators(2019)["occupancy"] == {"small": 150.1}
