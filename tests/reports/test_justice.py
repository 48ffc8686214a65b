"""Justice link and judicial situation: each precedence rule, the 0–183-day window on both sides of its edge,
windows that start before P and stop at Y-12-31, and the share excluding emergency-only modalities."""

from __future__ import annotations

import pytest

from establishments.enums import Modality
from reports.facts import ReportContext
from reports.scope import Scope
from tests.factories import EstablishmentFactory, JusticeMeasureFactory
from tests.reports.helpers import d, indicators, person, service, stay

pytestmark = pytest.mark.django_db

START = "2019-03-01"  # every stay below starts on that day unless said otherwise
DAY_183_BEFORE = "2018-08-30"  # 2019-03-01 − 183 days (59 days of 2019 + 124 of 2018)
DAY_184_BEFORE = "2018-08-29"


def measure(who, kind, start=None, end=None, **kwargs):
    return JusticeMeasureFactory(
        person=who, measure=kind, start_date=d(start) if start else None, end_date=d(end) if end else None, **kwargs
    )


@pytest.fixture
def data():
    est_a = EstablishmentFactory(external_id="A")
    est_b = EstablishmentFactory(external_id="B")
    chrs = service(Modality.HEBERGEMENT_INSERTION, establishment=est_a)
    urgence = service(Modality.HEBERGEMENT_URGENCE, establishment=est_a)
    other = service(Modality.HEBERGEMENT_INSERTION, establishment=est_b)
    p = {}

    def accompanied(name, where=chrs, start=START, end=None):
        p[name] = person()
        stay(p[name], where, start, end)
        return p[name]

    measure(accompanied("J1"), "pse", "2019-01-01")  # rule 1: adjustment
    measure(accompanied("J2a"), "incarceration", "2017-01-01", DAY_183_BEFORE)  # rule 2: 183 days counts
    measure(accompanied("J2b"), "incarceration", "2017-01-01", DAY_184_BEFORE)  # 184 days: no link
    measure(accompanied("J3a"), "sme", "2017-01-01", DAY_183_BEFORE)  # rule 3
    measure(accompanied("J3b"), "sme", "2017-01-01", DAY_184_BEFORE)  # no link
    measure(accompanied("J3c"), "tig", "2018-01-01", START)  # ended the day the stay starts: 0 days → rule 3
    measure(accompanied("J3d"), "sme", "2018-01-01", "2019-03-02")  # in force on the first day → rule 1
    measure(accompanied("J4"), "condamnation_anterieure")  # rule 4, no dates
    measure(accompanied("J5"), "incarceration", "2019-06-01", "2019-08-01")  # rule 5: re-incarceration
    j6 = accompanied("J6")  # awaiting trial beats alternative and outside-prison
    measure(j6, "sme", "2019-05-01")
    measure(j6, "controle_judiciaire", "2019-01-01", "2019-04-01")
    measure(j6, "ssj", "2019-02-01")
    j7 = accompanied("J7")  # within the group, the latest start
    measure(j7, "tig", "2019-02-01")
    measure(j7, "sme", "2018-01-01")
    j8 = accompanied("J8")  # same start: the larger measure_id (M10 > M9)
    measure(j8, "sme", "2019-01-01", external_id="M9")
    measure(j8, "composition_penale", "2019-01-01", external_id="M10")
    measure(accompanied("J9a"), "pse", "2020-02-01")  # starts after Y-12-31: a later record, not this year's
    measure(accompanied("J9b"), "arse", "2019-12-31")  # in force on the last day of P
    measure(accompanied("J10", start="2017-01-01"), "liberation_conditionnelle", "2017-02-01", "2017-06-01")
    measure(accompanied("J11"), "sme", "2019-04-01", "2019-04-01")  # ends the day it starts: never in force
    j12 = accompanied("J12")  # rule 1 beats rule 2
    measure(j12, "incarceration", "2018-01-01", "2019-01-01")
    measure(j12, "sursis_simple", "2018-06-01")
    measure(accompanied("J14", where=urgence), "pse", "2019-01-01")  # emergency only: out of the share's base
    measure(accompanied("J16", end="2019-05-01"), "sme", "2019-05-01", "2019-09-01")  # the departure day counts
    p["J17"] = person()
    stay(p["J17"], chrs, "2019-01-01", "2019-02-01")
    stay(p["J17"], other, "2019-06-01")
    measure(p["J17"], "tig", "2019-07-01")  # in force during the stay of establishment B only
    return {"p": p, "est_a": est_a, "est_b": est_b}


EXPECTED = {
    "J1": ("amenagement_peine", "pse", 1),
    "J2a": ("peine_terminee", "sortie_prison_6_mois", 2),
    "J3a": ("peine_terminee", "fin_amenagement_ou_alternative", 3),
    "J3c": ("peine_terminee", "fin_amenagement_ou_alternative", 3),
    "J3d": ("peine_alternative", "sme", 1),
    "J4": ("peine_terminee", "condamnation_anterieure", 4),
    "J5": ("incarceration", "incarceration", 5),
    "J6": ("attente_jugement", "controle_judiciaire", 1),
    "J7": ("peine_alternative", "tig", 1),
    "J8": ("peine_alternative", "composition_penale", 1),
    "J9b": ("attente_jugement", "arse", 1),
    "J10": ("amenagement_peine", "liberation_conditionnelle", 1),
    "J12": ("peine_hors_prison", "sursis_simple", 1),
    "J14": ("amenagement_peine", "pse", 1),
    "J16": ("peine_alternative", "sme", 1),
    "J17": ("peine_alternative", "tig", 1),
}


def test_each_person_gets_the_situation_of_the_first_rule_that_applies(data):
    situations = ReportContext(2019, Scope.association()).situations
    found = {name: (s.group, s.measure, s.rule) for name, who in data["p"].items() if (s := situations.get(who.pk))}
    assert found == EXPECTED  # J2b, J3b, J9a and J11 are not justice-linked


def test_justice_share_excludes_emergency_only_modalities(data):
    figures = indicators(2019)
    assert figures["persons"] == 20
    # base: 20 persons − J14 (emergency) = 19; linked among them: 16 − J14 = 15 → 78.947…
    assert figures["justice_share"] == 78.9


def test_situation_shares_of_the_16_justice_linked_persons(data):
    situations = indicators(2019)["justice_by_situation"]
    assert situations["groups"] == {
        "amenagement_peine": 18.8,  # 3/16 = 18.75 → half-up
        "attente_jugement": 12.5,  # 2/16
        "peine_alternative": 31.3,  # 5/16 = 31.25
        "peine_hors_prison": 6.3,  # 1/16 = 6.25
        "peine_terminee": 25.0,  # 4/16
        "incarceration": 6.3,
    }
    assert situations["measures"] == {
        "semi_liberte": 0.0,
        "pse": 12.5,
        "liberation_conditionnelle": 6.3,
        "placement_exterieur": 0.0,
        "controle_judiciaire": 6.3,
        "arse": 6.3,
        "sme": 12.5,
        "tig": 12.5,
        "contrainte_penale": 0.0,
        "composition_penale": 6.3,
        "ssj": 0.0,
        "sursis_simple": 6.3,
        "sortie_prison_6_mois": 6.3,
        "fin_amenagement_ou_alternative": 12.5,
        "condamnation_anterieure": 6.3,
        "incarceration": 6.3,
    }


def test_only_stays_in_scope_link(data):
    in_a = ReportContext(2019, Scope.for_establishment(data["est_a"])).situations
    assert data["p"]["J17"].pk not in in_a  # the TIG runs during the stay in B only
    in_b = ReportContext(2019, Scope.for_establishment(data["est_b"])).situations
    assert set(in_b) == {data["p"]["J17"].pk}


def test_a_past_year_is_not_changed_by_later_measures(data):
    # J9a's PSE starts in 2020: linked in 2020, not in 2019 (checked above)
    assert data["p"]["J9a"].pk in ReportContext(2020, Scope.association()).situations


def test_measure_ending_before_a_stay_started_before_p(db):
    chrs = service()
    who = person()
    stay(who, chrs, "2016-05-01")  # still active in 2019
    measure(who, "incarceration", "2015-01-01", "2016-03-01")  # 61 days before the start, in 2016
    situation = ReportContext(2019, Scope.association()).situations[who.pk]
    assert (situation.group, situation.measure) == ("peine_terminee", "sortie_prison_6_mois")


def situation_of(who, year=2019, scope=None):
    s = ReportContext(year, scope or Scope.association()).situations.get(who.pk)
    return (s.group, s.measure) if s else None


def test_measure_without_start_date_is_in_force_since_always(db):
    who = person()
    stay(who, service(), "2019-03-01")
    measure(who, "ssj", None, "2019-03-05")  # no start: in force until 2019-03-04
    assert situation_of(who) == ("peine_hors_prison", "ssj")


def test_measure_without_start_ranks_before_dated_ones_within_the_group(db):
    who = person()
    stay(who, service(), "2019-03-01")
    measure(who, "tig", None)
    measure(who, "sme", "2010-01-01")
    assert situation_of(who) == ("peine_alternative", "sme")


def test_past_conviction_with_an_end_date_in_the_window_is_rule_3(db):
    who = person()
    stay(who, service(), "2019-03-01")
    measure(who, "condamnation_anterieure", "2017-01-01", "2019-01-15")
    assert situation_of(who) == ("peine_terminee", "fin_amenagement_ou_alternative")


def test_release_from_prison_beats_a_past_conviction(db):
    who = person()
    stay(who, service(), "2019-03-01")
    measure(who, "condamnation_anterieure")
    measure(who, "incarceration", "2018-01-01", "2019-02-01")
    assert situation_of(who) == ("peine_terminee", "sortie_prison_6_mois")


def test_measures_of_persons_not_accompanied_count_nowhere(db):
    stay(person(), service(), "2019-03-01")
    outsider = person()
    measure(outsider, "pse", "2019-01-01")
    stay(outsider, service(), "2018-01-01", "2018-12-31")  # left before P
    figures = indicators(2019)
    assert figures["persons"] == 1
    assert figures["justice_share"] == 0.0
    assert set(figures["justice_by_situation"]["groups"].values()) == {None}


def test_window_before_a_stay_that_started_in_an_earlier_year_uses_that_start(db):
    who = person()
    stay(who, service(), "2018-06-01", "2019-02-01")
    measure(who, "sme", "2017-01-01", "2017-12-01")  # 182 days before 2018-06-01
    assert situation_of(who) == ("peine_terminee", "fin_amenagement_ou_alternative")
