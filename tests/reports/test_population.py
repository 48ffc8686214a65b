"""People accompanied, by modality, mean age: active stays, reference stays and their ties, scopes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from establishments.enums import Modality
from reports.scope import Scope
from reports.services import activity_report
from tests.factories import EstablishmentFactory
from tests.reports.helpers import indicators, person, service, stay

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    est_a = EstablishmentFactory(external_id="A")
    est_b = EstablishmentFactory(external_id="B")
    chrs = service(Modality.HEBERGEMENT_INSERTION, establishment=est_a, external_id="chrs")
    day = service(Modality.ACCUEIL_JOUR, establishment=est_a, external_id="aj")
    aci = service(Modality.CONTRAT_INSERTION, establishment=est_a, external_id="aci")
    urgence = service(Modality.HEBERGEMENT_URGENCE, establishment=est_b, external_id="hu")
    p1 = person(birth_date="1985-06-15")
    stay(p1, chrs, "2018-06-01")  # crosses 1 January, ongoing: age on 2019-01-01 = 33
    p2 = person(birth_date="2000-02-29")
    stay(p2, chrs, "2019-12-31")  # starts on the last day: age on 2019-12-31 = 19
    p3 = person(birth_date=None)
    stay(p3, chrs, "2018-01-01", "2019-01-01")  # leaves on 1 January: active; unknown age
    p4 = person()
    stay(p4, chrs, "2018-01-01", "2018-12-31")  # left before P: not accompanied
    p5 = person()
    stay(p5, chrs, "2020-01-01")  # arrives after P
    p6 = person(birth_date="1990-05-01")
    stay(p6, chrs, "2019-02-01", "2019-05-01", exit_reason="reorientation")  # same-day transfer…
    stay(p6, urgence, "2019-05-01")  # …to another establishment: reference stay in the association (age 29)
    p7 = person(birth_date="1959-03-01")
    stay(p7, day, "2019-03-01", "2019-06-01")
    stay(p7, aci, "2019-03-01")  # same start: the ongoing one is the reference (age 60 on its first day)
    p8 = person(birth_date="1979-04-02")
    stay(p8, day, "2019-04-01", "2019-08-01")  # same start: the later end is the reference (39, 40 tomorrow)
    stay(p8, aci, "2019-04-01", "2019-07-01")
    return locals()


def test_association_counts_persons_with_an_active_stay_by_reference_modality(data):
    figures = indicators(2019)
    assert figures["persons"] == 6  # p1 p2 p3 p6 p7 p8
    assert figures["persons_by_modality"] == {
        "accueil_jour": 1,  # p8
        "contrat_insertion": 1,  # p7
        "hebergement_urgence": 1,  # p6, after the transfer
        "logement_adapte": 0,
        "halte_nuit": 0,
        "hebergement_insertion": 3,  # p1 p2 p3
        "lhss": 0,
        "hebergement_urgence_accompagne": 0,
        "projet_professionnel": 0,
    }
    # (33 + 19 + 29 + 60 + 39) / 5; p3's unknown birth date is left out
    assert figures["mean_age"] == 36.0


def test_establishment_scope_sees_only_its_stays(data):
    section = activity_report(year=2019, scope=Scope.for_establishment(data["est_a"])).population
    assert section.persons == 6
    assert section.persons_by_modality["hebergement_insertion"] == 4  # p6's reference is the CHRS stay here
    assert section.persons_by_modality["hebergement_urgence"] == 0
    assert section.mean_age == Decimal("35.8")  # p6 is 28 on 2019-02-01: (33+19+28+60+39)/5
    assert activity_report(year=2019, scope=Scope.for_establishment(data["est_b"])).population.persons == 1


def test_service_scope(data):
    assert activity_report(year=2019, scope=Scope.for_service(data["chrs"])).population.persons == 4  # p1 p2 p3 p6


def test_other_years(data):
    assert indicators(2018)["persons"] == 3  # p1 p3 p4
    assert indicators(2020)["persons"] == 5  # p1 p2 p5 p6 p7


def test_empty_scope_gives_nulls_not_errors(data):
    empty = EstablishmentFactory(external_id="vide")
    figures = indicators(2019, Scope.for_establishment(empty))
    assert figures["persons"] == 0
    assert figures["mean_age"] is None
    assert figures["justice_share"] is None
    assert figures["mean_stay_months"] is None
    assert figures["positive_exits"] == {"count": 0, "share": None}
    assert set(figures["justice_by_situation"]["groups"].values()) == {None}
    assert figures["nights"] == {} and figures["occupancy"] == {}
