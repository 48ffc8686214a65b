"""Monthly occupancy (places/occupancy.py): the rule on plain values and its SQL twin agree on random services —
stays across months and years, stays left on their first day, `nuitee` events on both kinds of services, seasonal
capacities — for a whole year and for a year cut at a day (the current month)."""

from __future__ import annotations

import datetime
import random

import pytest

from establishments.capacity import Capacity
from establishments.enums import Modality, NightRecording
from establishments.models import CapacityPeriod
from places.occupancy import month_spans, monthly_occupancy, occupancy_by_service
from tests.factories import EventFactory, PersonFactory, ServiceFactory, StayFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def random_services(seed: int) -> tuple[list, dict]:
    rng = random.Random(seed)
    services, plain = [], {}
    for recording in [NightRecording.SEJOUR, NightRecording.SEJOUR, NightRecording.NUITEE]:
        service = ServiceFactory(
            modality=Modality.HEBERGEMENT_URGENCE, night_recording=recording, capacity=rng.choice([None, 3, 10])
        )
        stays, nuitees, periods = [], [], []
        for _ in range(30):
            start = D(2018, 11, 1) + datetime.timedelta(days=rng.randrange(0, 500))
            end = None if rng.random() < 0.2 else start + datetime.timedelta(days=rng.choice([0, 1, 20, 90, 400]))
            exits = {"exit_reason": "autre", "exit_housing": "inconnu", "exit_activity": "inconnu"} if end else {}
            StayFactory(person=PersonFactory(), service=service, start_date=start, end_date=end, **exits)
            stays.append((start, end))
        for _ in range(25):
            date = D(2018, 12, 15) + datetime.timedelta(days=rng.randrange(0, 400))
            quantity = rng.randint(1, 4)
            EventFactory(person=None, service=service, kind="nuitee", date=date, quantity=quantity)
            nuitees.append((date, quantity))
        EventFactory(person=None, service=service, kind="repas", date=D(2019, 5, 5), quantity=50)  # not a night
        for _ in range(rng.randint(0, 3)):
            start = D(2018, 12, 1) + datetime.timedelta(days=rng.randrange(0, 300))
            end = None if rng.random() < 0.3 else start + datetime.timedelta(days=rng.choice([0, 30, 120]))
            period = CapacityPeriod.objects.create(
                service=service, start_date=start, end_date=end, places=rng.randint(1, 9)
            )
            periods.append(Capacity(start, end, period.places, period.pk))
        services.append(service)
        plain[service.pk] = {"stays": stays, "nuitees": nuitees, "periods": periods}
    return services, plain


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("until", [None, D(2019, 7, 14), D(2019, 1, 1)])
def test_monthly_occupancy_twin(seed, until):
    services, plain = random_services(seed)
    got = occupancy_by_service(services, 2019, until=until)
    spans = month_spans(2019, until=until)
    for service in services:
        expected = monthly_occupancy(
            night_recording=service.night_recording,
            capacity=service.capacity,
            spans=spans,
            **plain[service.pk],
        )
        assert got[service.pk] == expected, service.night_recording


def test_month_spans_stop_at_the_day_given():
    spans = month_spans(2019, until=D(2019, 3, 10))
    assert [(s.start, s.end) for s in spans] == [
        (D(2019, 1, 1), D(2019, 1, 31)),
        (D(2019, 2, 1), D(2019, 2, 28)),
        (D(2019, 3, 1), D(2019, 3, 10)),
    ]
    assert month_spans(2019, until=D(2018, 12, 31)) == []
    assert len(month_spans(2020)) == 12
