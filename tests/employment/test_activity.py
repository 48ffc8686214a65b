"""The activity of a person on a day, exactly as indicators-v1 (v1.1) defines it: a contract in force →
`contrat_insertion`; else the covering activity period with the latest start (ties: the larger period_id in natural
order); else `inconnu`."""

from __future__ import annotations

import datetime

import pytest

from employment.activity import activities_on, activity_on, natural_id_key
from establishments.enums import Modality
from tests.factories import ActivityPeriodFactory, ContractFactory, PersonFactory, ServiceFactory, StayFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def person():  # type: ignore[no-untyped-def]
    return PersonFactory()


def _contract(person, start, end):  # type: ignore[no-untyped-def]
    stay = StayFactory(person=person, service__modality=Modality.CONTRAT_INSERTION, start_date=start)
    return ContractFactory(stay=stay, start_date=start, end_date=end)


def test_nothing_recorded_is_unknown(person):
    assert activity_on(person.pk, D(2019, 6, 1)) == "inconnu"


def test_a_contract_is_in_force_from_its_first_to_its_last_day_both_included(person):
    _contract(person, D(2019, 4, 1), D(2019, 9, 30))
    ActivityPeriodFactory(person=person, activity="recherche_emploi", start_date=D(2019, 1, 1))
    assert activity_on(person.pk, D(2019, 3, 31)) == "recherche_emploi"
    assert activity_on(person.pk, D(2019, 4, 1)) == "contrat_insertion"
    assert activity_on(person.pk, D(2019, 9, 30)) == "contrat_insertion"
    assert activity_on(person.pk, D(2019, 10, 1)) == "recherche_emploi"


def test_a_contract_wins_over_any_period_even_a_later_one(person):
    _contract(person, D(2019, 4, 1), D(2019, 9, 30))
    ActivityPeriodFactory(person=person, activity="cdi", start_date=D(2019, 6, 1), employer="Boulangerie")
    assert activity_on(person.pk, D(2019, 6, 15)) == "contrat_insertion"


def test_a_contract_in_any_service_counts():
    person = PersonFactory()
    other = ServiceFactory(modality=Modality.PROJET_PROFESSIONNEL)
    stay = StayFactory(person=person, service=other, start_date=D(2019, 1, 1))
    ContractFactory(stay=stay, start_date=D(2019, 1, 1), end_date=D(2019, 2, 1))
    assert activity_on(person.pk, D(2019, 2, 1)) == "contrat_insertion"


def test_a_period_covers_its_end_day_and_an_open_period_runs_on(person):
    ActivityPeriodFactory(person=person, activity="interim", start_date=D(2019, 5, 1), end_date=D(2019, 5, 31))
    assert activity_on(person.pk, D(2019, 4, 30)) == "inconnu"
    assert activity_on(person.pk, D(2019, 5, 1)) == "interim"
    assert activity_on(person.pk, D(2019, 5, 31)) == "interim"
    assert activity_on(person.pk, D(2019, 6, 1)) == "inconnu"
    ActivityPeriodFactory(person=person, activity="sans_activite", start_date=D(2019, 6, 1), end_date=None)
    assert activity_on(person.pk, D(2030, 1, 1)) == "sans_activite"


def test_overlapping_periods_the_latest_start_wins(person):
    ActivityPeriodFactory(person=person, activity="recherche_emploi", start_date=D(2019, 1, 1))
    ActivityPeriodFactory(
        person=person, activity="formation_qualifiante", start_date=D(2019, 3, 1), end_date=D(2019, 6, 30)
    )
    assert activity_on(person.pk, D(2019, 2, 28)) == "recherche_emploi"
    assert activity_on(person.pk, D(2019, 3, 1)) == "formation_qualifiante"
    assert activity_on(person.pk, D(2019, 7, 1)) == "recherche_emploi"  # the training is over, the search runs on


def test_same_start_the_larger_period_id_in_natural_order_wins(person):
    # "P9" < "P10" in natural order (a text comparison would say the opposite), whatever the creation order.
    ActivityPeriodFactory(person=person, activity="cdi", start_date=D(2019, 3, 1), external_id="P10")
    ActivityPeriodFactory(person=person, activity="interim", start_date=D(2019, 3, 1), external_id="P9")
    assert activity_on(person.pk, D(2019, 3, 1)) == "cdi"


def test_same_start_a_period_recorded_in_the_application_comes_after_the_imported_ones(person):
    local = ActivityPeriodFactory(person=person, activity="contrat_aide", start_date=D(2019, 3, 1))
    ActivityPeriodFactory(person=person, activity="cdi", start_date=D(2019, 3, 1), external_id="P99")
    assert activity_on(person.pk, D(2019, 3, 1)) == "contrat_aide"
    ActivityPeriodFactory(person=person, activity="retraite", start_date=D(2019, 3, 1))  # a later local one
    assert local.pk and activity_on(person.pk, D(2019, 3, 1)) == "retraite"


def test_natural_order_of_ids():
    keys = ["M10", "M9", "10", "9", "A2b", "A10b", ""]
    ordered = sorted(keys, key=lambda k: natural_id_key(k, 0))
    assert ordered.index("9") < ordered.index("10")
    assert ordered.index("M9") < ordered.index("M10")
    assert ordered.index("A2b") < ordered.index("A10b")
    assert ordered[-1] == ""


def test_many_persons_at_once_in_a_constant_number_of_queries(django_assert_num_queries):
    persons = [PersonFactory() for _ in range(5)]
    _contract(persons[0], D(2019, 1, 1), D(2019, 12, 31))
    ActivityPeriodFactory(person=persons[1], activity="cdi", start_date=D(2019, 1, 1))
    days = {p.pk: D(2019, 6, 30) for p in persons}
    with django_assert_num_queries(2):
        result = activities_on(days)
    assert [result[p.pk] for p in persons] == ["contrat_insertion", "cdi", "inconnu", "inconnu", "inconnu"]
