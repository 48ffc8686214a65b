"""The rules of a stay's nights (stays/rules.py) and their SQL twins agree, on random stays full of edges: stays
left on their first day, same-day transfers, ongoing stays, spans cutting stays on both sides."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db.models import Exists, OuterRef

from establishments.enums import Modality
from stays.models import Stay
from stays.rules import (
    holds_a_night,
    holds_a_place_from,
    is_occupied_on,
    nights_within,
    nights_within_expression,
    share_a_night,
)
from tests.factories import PersonFactory, ServiceFactory, StayFactory

pytestmark = pytest.mark.django_db

D = datetime.date
BASE = D(2019, 1, 1)


def day(rng: random.Random) -> datetime.date:
    return BASE + datetime.timedelta(days=rng.randrange(0, 40))


def interval(rng: random.Random) -> tuple[datetime.date, datetime.date | None]:
    start = day(rng)
    end = None if rng.random() < 0.25 else start + datetime.timedelta(days=rng.choice([0, 0, 1, 2, 5, 15]))
    return start, end


def random_stays(seed: int) -> list[Stay]:
    """Stays of a few persons in a service that is not a hosting one (so that the database lets them overlap)."""
    rng = random.Random(seed)
    service = ServiceFactory(modality=Modality.ACCUEIL_JOUR)
    persons = [PersonFactory() for _ in range(4)]
    stays = []
    for _ in range(60):
        start, end = interval(rng)
        exits = {"exit_reason": "autre", "exit_housing": "inconnu", "exit_activity": "inconnu"} if end else {}
        stays.append(StayFactory(person=rng.choice(persons), service=service, start_date=start, end_date=end, **exits))
    return stays


def test_the_rules_on_the_interchange_example():
    # "a stay from 2019-03-01 to 2019-03-04 is 3 nights"
    start, end = D(2019, 3, 1), D(2019, 3, 4)
    assert nights_within(start, end, D(2019, 1, 1), D(2019, 12, 31)) == 3
    assert [is_occupied_on(start, end, D(2019, 3, d)) for d in (1, 3, 4)] == [True, True, False]
    assert not holds_a_night(start, start)
    assert holds_a_place_from(end, D(2019, 3, 3)) and not holds_a_place_from(end, end)  # leaves on the 4th
    assert holds_a_place_from(None, D(2030, 1, 1)) and holds_a_place_from(D(2019, 5, 1), D(2019, 1, 1))
    assert not share_a_night(start, end, end, None)  # a same-day transfer
    assert not share_a_night(D(2019, 3, 2), D(2019, 3, 2), start, end)  # left on its first day: no night
    assert share_a_night(start, end, D(2019, 3, 3), None)


@pytest.mark.parametrize("seed", [1, 2])
def test_occupied_on_a_day_twin(seed):
    stays = random_stays(seed)
    rng = random.Random(seed)
    for _ in range(150):
        when = day(rng)
        expected = {s.pk for s in stays if is_occupied_on(s.start_date, s.end_date, when)}
        assert set(Stay.objects.ongoing_on(when).values_list("pk", flat=True)) == expected, when


@pytest.mark.parametrize("seed", [1, 2])
def test_holding_a_place_from_a_day_twin(seed):
    stays = random_stays(seed)
    rng = random.Random(seed)
    for _ in range(150):
        when = day(rng)
        expected = {s.pk for s in stays if holds_a_place_from(s.end_date, when)}
        assert set(Stay.objects.holding_a_place_from(when).values_list("pk", flat=True)) == expected, when


@pytest.mark.parametrize("seed", [1, 2])
def test_nights_within_twin(seed):
    stays = random_stays(seed)
    rng = random.Random(seed)
    for _ in range(100):
        first = day(rng)
        last = first + datetime.timedelta(days=rng.choice([0, 1, 6, 30]))
        got = dict(Stay.objects.annotate(n=nights_within_expression(first, last)).values_list("pk", "n"))
        assert got == {s.pk: nights_within(s.start_date, s.end_date, first, last) for s in stays}, (first, last)


@pytest.mark.parametrize("seed", [1, 2])
def test_hosting_overlap_twin_with_dates(seed):
    stays = random_stays(seed)
    rng = random.Random(seed)
    for _ in range(150):
        start, end = interval(rng)
        expected = {s.pk for s in stays if share_a_night(start, end, s.start_date, s.end_date)}
        assert set(Stay.objects.sharing_a_night_with(start, end).values_list("pk", flat=True)) == expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hosting_overlap_twin_with_expressions(seed):
    stays = random_stays(seed)
    others = (
        Stay.objects.filter(person=OuterRef("person"))
        .exclude(pk=OuterRef("pk"))
        .sharing_a_night_with(OuterRef("start_date"), OuterRef("end_date"))
    )
    got = set(Stay.objects.holding_a_night().filter(Exists(others)).values_list("pk", flat=True))
    expected = {
        s.pk
        for s in stays
        if any(
            o.pk != s.pk
            and o.person_id == s.person_id
            and share_a_night(s.start_date, s.end_date, o.start_date, o.end_date)
            for o in stays
        )
    }
    assert got == expected
    held = {s.pk for s in stays if holds_a_night(s.start_date, s.end_date)}
    assert set(Stay.objects.holding_a_night().values_list("pk", flat=True)) == held
