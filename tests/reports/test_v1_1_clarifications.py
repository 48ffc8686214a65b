"""The v1.1 clarifications of indicators-v1.md, each on a hand-computed case: natural order of ids, reference-stay
ties, household membership judged on reference stays (ages on the anchor's age date), a measure ending the day it
starts. Each case also says what the v1 reading gave, where it differs."""

from __future__ import annotations

import random

import pytest
from django.db import connection

from establishments.enums import Modality
from reports.facts import ReportContext
from reports.rules import id_key, natural_key
from reports.rules_sql import natural_key_order, register_functions
from reports.scope import Scope
from reports.services import activity_report
from tests.factories import EstablishmentFactory, HouseholdFactory, JusticeMeasureFactory
from tests.reports.helpers import d, indicators, person, service, stay

pytestmark = pytest.mark.django_db

TYPES = ["homme_seul", "femme_seule", "couple_sans_enfant", "famille_monoparentale", "couple_avec_enfants", "autre"]


def counts(**values):
    return {t: values.get(t, 0) for t in TYPES}


# --- Order of ids -------------------------------------------------------------------------------------------------


def test_ids_compare_in_natural_order():
    ordered = [
        "",
        "0",
        "00",
        "1",
        "007",
        "7",
        "9",
        "10",
        "A",
        "A-1",
        "A1",
        "A2",
        "A10",
        "A10b",
        "M9",
        "M10",
        "P9",
        "P10",
    ]
    assert sorted(ordered[1:], key=natural_key) == [
        "0",
        "00",
        "1",
        "007",
        "7",
        "9",
        "10",
        "A",
        "A1",
        "A2",
        "A10",
        "A10b",
        "A-1",
        "M9",
        "M10",
        "P9",
        "P10",
    ]
    assert id_key("M10", 1) > id_key("M9", 2)
    assert id_key("", 1) > id_key("Z99", 2)  # no interchange id: after, by database id
    assert id_key("", 3) > id_key("", 2)


def random_id(rng: random.Random) -> str:
    alphabet = ["", "0", "7", "10", "007", "A", "B", "-", "_", "é", "M", "99", "x1"]
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5)))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_natural_order_in_sql_is_the_natural_order_in_python(seed):
    """The SQL twin of `natural_key` sorts a few hundred random ids as the Python function does."""
    rng = random.Random(seed)
    ids = [random_id(rng) for _ in range(300)]
    register_functions()
    vendor = connection.vendor
    rows = " UNION ALL ".join(["SELECT %s AS id"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM ({rows}) ids ORDER BY {natural_key_order(vendor, 'id')}, id", ids)
        got = [row[0] for row in cursor.fetchall()]
    assert [natural_key(i) for i in got] == sorted(natural_key(i) for i in ids)


# --- Reference stay ties ------------------------------------------------------------------------------------------


def test_same_start_and_same_end_the_larger_stay_id_is_the_reference(db):
    chrs, aci, day = (
        service(Modality.HEBERGEMENT_INSERTION),
        service(Modality.CONTRAT_INSERTION),
        service(Modality.ACCUEIL_JOUR),
    )
    first = person(birth_date="1980-01-01")
    stay(first, chrs, "2019-03-01", "2019-06-01", external_id="S10")  # recorded first, larger id (10 > 9)
    stay(first, aci, "2019-03-01", "2019-06-01", external_id="S9")
    second = person(birth_date="1980-01-01")
    stay(second, chrs, "2019-03-01", external_id="S11")
    stay(second, day, "2019-03-01")  # no interchange id (entered in Parcours): comes after the ids
    figures = indicators(2019)
    # v1 kept the stay recorded last (S9 for the first person: contrat_insertion)
    assert {k: v for k, v in figures["persons_by_modality"].items() if v} == {
        "hebergement_insertion": 1,
        "accueil_jour": 1,
    }
    refs = ReportContext(2019, Scope.association()).references
    assert refs[first.pk].external_id == "S10" and refs[second.pk].external_id == ""


# --- Household membership -------------------------------------------------------------------------------------------


def test_an_accompanied_member_counts_in_the_household_of_their_reference_stay_only(db):
    chrs, day = service(Modality.HEBERGEMENT_INSERTION), service(Modality.ACCUEIL_JOUR)
    household = HouseholdFactory()
    stay(person(birth_date="1980-01-01", sex="F"), chrs, "2019-02-01", household=household, household_role="demandeur")
    partner = person(birth_date="1979-01-01", sex="M")
    stay(partner, chrs, "2019-01-01", "2019-03-01", household=household, household_role="conjoint")
    stay(partner, day, "2019-03-01")  # his reference stay, alone
    figures = indicators(2019)["households"]
    # v1 let his first stay (in the household, sharing days with hers) make them a couple
    assert figures["households"] == counts(homme_seul=1, femme_seule=1)
    assert figures["persons"] == counts(homme_seul=1, femme_seule=1)


def test_every_member_is_typed_on_the_anchor_age_date(db):
    chrs = service(Modality.HEBERGEMENT_INSERTION)
    household = HouseholdFactory()
    stay(person(birth_date="1975-01-01", sex="F"), chrs, "2019-06-01", household=household, household_role="demandeur")
    # 17 on his own age date (2019-01-01), 18 on his mother's (2019-06-01): an adult son
    stay(person(birth_date="2001-03-15", sex="M"), chrs, "2018-05-01", household=household, household_role="enfant")
    figures = indicators(2019)["households"]
    assert figures["households"] == counts(autre=1)  # v1: famille_monoparentale
    assert figures["persons"] == counts(autre=2)
    assert indicators(2019)["mean_age"] == 30.5  # his own age stays 17 for the mean age: (44 + 17) / 2


def test_a_member_outside_scope_is_typed_on_the_anchor_age_date_too(db):
    est_a, est_b = EstablishmentFactory(), EstablishmentFactory()
    household = HouseholdFactory()
    mother = person(birth_date="1975-01-01", sex="F")
    stay(mother, service(establishment=est_a), "2019-06-01", household=household, household_role="demandeur")
    son = person(birth_date="2001-03-15", sex="M")
    stay(son, service(establishment=est_b), "2018-05-01", household=household, household_role="enfant")
    section = activity_report(year=2019, scope=Scope.for_establishment(est_a)).households
    # v1 took his age on his own stay's date (2019-01-01: 17, a minor child)
    assert section.households == counts(autre=1)
    assert section.persons == counts(autre=1)  # shapes the type, not counted: not accompanied in A


def test_a_member_outside_scope_shapes_the_type_with_his_stay_sharing_a_day(db):
    est_a, est_b = EstablishmentFactory(), EstablishmentFactory()
    household = HouseholdFactory()
    stay(person(birth_date="1980-01-01", sex="F"), service(establishment=est_a), "2019-03-01", household=household)
    partner = person(birth_date="1980-01-01", sex="M")
    elsewhere = service(Modality.ACCUEIL_JOUR, establishment=est_b)
    stay(partner, elsewhere, "2018-01-01", "2018-06-01", household=household, household_role="conjoint")
    section = activity_report(year=2019, scope=Scope.for_establishment(est_a)).households
    assert section.households == counts(femme_seule=1)  # his only stay of the household shares no day with hers
    stay(partner, elsewhere, "2019-04-01", household=household, household_role="conjoint")
    section = activity_report(year=2019, scope=Scope.for_establishment(est_a)).households
    assert section.households == counts(couple_sans_enfant=1)
    assert section.persons == counts(couple_sans_enfant=1)


# --- A measure ending the day it starts -----------------------------------------------------------------------------


def situation_of(who):
    s = ReportContext(2019, Scope.association()).situations.get(who.pk)
    return (s.group, s.measure, s.rule) if s else None


def test_a_measure_ending_the_day_it_starts_is_never_in_force_but_links_as_ended(db):
    chrs = service()
    released = person()
    stay(released, chrs, "2019-03-01")
    # one day in custody, 50 days before the stay: in force on no day, ended 50 days before
    JusticeMeasureFactory(
        person=released, measure="incarceration", start_date=d("2019-01-10"), end_date=d("2019-01-10")
    )
    same_day = person()
    stay(same_day, chrs, "2019-03-01")
    JusticeMeasureFactory(person=same_day, measure="pse", start_date=d("2019-03-01"), end_date=d("2019-03-01"))
    during = person()
    stay(during, chrs, "2019-03-01")
    JusticeMeasureFactory(person=during, measure="pse", start_date=d("2019-05-01"), end_date=d("2019-05-01"))
    assert situation_of(released) == ("peine_terminee", "sortie_prison_6_mois", 2)
    assert situation_of(same_day) == ("peine_terminee", "fin_amenagement_ou_alternative", 3)  # 0 days before
    assert situation_of(during) is None  # never in force, ended after the stay started
    groups = indicators(2019)["justice_by_situation"]["measures"]
    assert (groups["sortie_prison_6_mois"], groups["fin_amenagement_ou_alternative"], groups["pse"]) == (
        50.0,
        50.0,
        0.0,
    )
