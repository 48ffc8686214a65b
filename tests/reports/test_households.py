"""Household types, seen from the demandeur's reference stay; members outside scope shape the type."""

from __future__ import annotations

import pytest

from establishments.enums import Modality
from reports.scope import Scope
from reports.services import activity_report
from tests.factories import EstablishmentFactory, HouseholdFactory
from tests.reports.helpers import indicators, person, service, stay

pytestmark = pytest.mark.django_db

TYPES = ["homme_seul", "femme_seule", "couple_sans_enfant", "famille_monoparentale", "couple_avec_enfants", "autre"]


def counts(**values):
    return {t: values.get(t, 0) for t in TYPES}


@pytest.fixture
def data():
    est_a = EstablishmentFactory(external_id="A")
    est_b = EstablishmentFactory(external_id="B")
    chrs = service(Modality.HEBERGEMENT_INSERTION, establishment=est_a)
    chrs_b = service(Modality.HEBERGEMENT_INSERTION, establishment=est_b)

    def member(household, role, birth, sex="F", where=chrs, start="2019-02-01", end=None, **kwargs):
        who = person(birth_date=birth, sex=sex, **kwargs)
        stay(who, where, start, end, household=household, household_role=role)
        return who

    h1 = HouseholdFactory()  # couple without children
    member(h1, "demandeur", "1980-01-01", "M")
    member(h1, "conjoint", "1982-01-01")
    h2 = HouseholdFactory()  # single mother, two minor children
    member(h2, "demandeur", "1990-01-01")
    member(h2, "enfant", "2015-01-01")
    member(h2, "enfant", "2012-01-01", "M")
    h3 = HouseholdFactory()  # couple with a child
    member(h3, "demandeur", "1985-01-01", "M")
    member(h3, "conjoint", "1987-01-01")
    member(h3, "enfant", "2010-01-01")
    h4 = HouseholdFactory()  # a mother and her adult son: "autre"
    member(h4, "demandeur", "1960-01-01")
    member(h4, "enfant", "1995-01-01", "M")
    stay(person(sex="X"), chrs, "2019-02-01")  # alone, sex X: "autre"
    stay(person(sex="M"), chrs, "2019-02-01")  # single man
    member(HouseholdFactory(), "demandeur", "1970-01-01", "F")  # alone in her household: single woman
    h8 = HouseholdFactory()  # couple, the partner's stay is in establishment B
    member(h8, "demandeur", "1975-01-01", "M")
    member(h8, "conjoint", "1976-01-01", "F", where=chrs_b)
    h9 = HouseholdFactory()  # the demandeur (in B) is not accompanied in A; the children's stays differ
    member(h9, "enfant", "2012-01-01", start="2019-01-01", end="2019-06-15", external_id="P3")
    member(h9, "enfant", "2010-01-01", start="2019-06-01", external_id="P20")
    member(h9, "demandeur", "1980-01-01", where=chrs_b, start="2019-07-01")
    h11 = HouseholdFactory()  # unknown birth dates: the conjoint is an adult, the enfant a minor
    member(h11, "demandeur", "1980-01-01", "M")
    member(h11, "conjoint", None)
    member(h11, "enfant", None)
    return {"est_a": est_a, "est_b": est_b}


def test_association_households_and_persons_by_type(data):
    figures = indicators(2019)["households"]
    # H9 seen from the mother (from 07-01): herself + P20 → single parent; P3 (left 06-15) shares no day with
    # her stay: another household, seen from P3: P3 + P20, two minors → "autre".
    assert figures["households"] == counts(
        homme_seul=1, femme_seule=1, couple_sans_enfant=2, famille_monoparentale=2, couple_avec_enfants=2, autre=3
    )
    assert figures["persons"] == counts(
        homme_seul=1, femme_seule=1, couple_sans_enfant=4, famille_monoparentale=5, couple_avec_enfants=6, autre=4
    )
    assert sum(figures["persons"].values()) == indicators(2019)["persons"] == 21


def test_members_outside_scope_shape_the_type_but_are_not_counted(data):
    section = activity_report(year=2019, scope=Scope.for_establishment(data["est_a"])).households
    # H8: still a couple, one person counted. H9: no demandeur in A → seen from P3 (smallest person_id, P3 < P20):
    # P3 + P20 share days, the mother arrives after P3 left → two minors → "autre", both counted.
    assert section.households == counts(
        homme_seul=1, femme_seule=1, couple_sans_enfant=2, famille_monoparentale=1, couple_avec_enfants=2, autre=3
    )
    assert section.persons == counts(
        homme_seul=1, femme_seule=1, couple_sans_enfant=3, famille_monoparentale=3, couple_avec_enfants=6, autre=5
    )


@pytest.mark.parametrize(("start", "expected"), [("2018-02-28", "famille_monoparentale"), ("2018-03-01", "autre")])
def test_a_daughter_born_29_february_comes_of_age_on_1_march(db, start, expected):
    chrs = service()
    household = HouseholdFactory()
    stay(person(birth_date="1975-05-05", sex="F"), chrs, start, household=household, household_role="demandeur")
    stay(person(birth_date="2000-02-29", sex="F"), chrs, start, household=household, household_role="enfant")
    figures = indicators(2018)["households"]
    # 17 on 2018-02-28 (a minor child); 18 on 2018-03-01 (an adult "enfant": mother + adult daughter)
    assert figures["households"][expected] == 1
    assert figures["persons"][expected] == 2


def test_age_date_is_1_january_for_stays_that_started_before(db):
    chrs = service()
    household = HouseholdFactory()
    # the child turns 18 on 2019-06-01, after the age date 2019-01-01: still a minor child this year
    stay(person(birth_date="1975-05-05", sex="M"), chrs, "2018-05-01", household=household, household_role="demandeur")
    stay(person(birth_date="2001-06-01"), chrs, "2018-05-01", household=household, household_role="enfant")
    assert indicators(2019)["households"]["households"]["famille_monoparentale"] == 1


def test_mother_adult_son_and_minor_daughter_reads_as_two_adults_with_a_child(db):
    chrs = service()
    household = HouseholdFactory()
    stay(person(birth_date="1970-01-01", sex="F"), chrs, "2019-02-01", household=household, household_role="demandeur")
    stay(person(birth_date="1995-01-01", sex="M"), chrs, "2019-02-01", household=household, household_role="enfant")
    stay(person(birth_date="2010-01-01", sex="F"), chrs, "2019-02-01", household=household, household_role="enfant")
    figures = indicators(2019)["households"]
    assert figures["households"]["couple_avec_enfants"] == 1  # literal reading: two adults + a minor enfant
    assert figures["persons"]["couple_avec_enfants"] == 3


def test_a_minor_who_is_not_a_child_of_the_household_makes_it_autre(db):
    chrs = service()
    household = HouseholdFactory()
    stay(person(birth_date="1970-01-01", sex="F"), chrs, "2019-02-01", household=household, household_role="demandeur")
    stay(person(birth_date="2008-01-01", sex="M"), chrs, "2019-02-01", household=household, household_role="autre")
    assert indicators(2019)["households"]["households"]["autre"] == 1


def test_household_member_who_left_before_the_reference_stay_does_not_shape_it(db):
    chrs = service()
    household = HouseholdFactory()
    stay(person(birth_date="1980-01-01", sex="M"), chrs, "2019-05-01", household=household, household_role="demandeur")
    stay(
        person(birth_date="1981-01-01", sex="F"),
        chrs,
        "2019-01-01",
        "2019-04-30",
        household=household,
        household_role="conjoint",
    )
    figures = indicators(2019)["households"]
    # the partner left the day before: seen from the demandeur, a man alone; she is her own household of one
    # (no demandeur among the remaining persons: seen from her own reference stay, where the man is not yet there)
    assert figures["households"]["homme_seul"] == 1
    assert figures["households"]["femme_seule"] == 1
