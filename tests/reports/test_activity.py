"""Meals (anonymous ones included), domiciliations and the justice-linked among them, admissions funnel."""

from __future__ import annotations

import pytest

from establishments.enums import Modality
from reports.scope import Scope
from tests.factories import AdmissionRequestFactory, EstablishmentFactory, EventFactory, JusticeMeasureFactory
from tests.reports.helpers import d, indicators, person, service, stay

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    est_a = EstablishmentFactory(external_id="A")
    est_b = EstablishmentFactory(external_id="B")
    day = service(Modality.ACCUEIL_JOUR, establishment=est_a)
    chrs_a = service(Modality.HEBERGEMENT_INSERTION, establishment=est_a)
    chrs_b = service(Modality.HEBERGEMENT_INSERTION, establishment=est_b)

    def event(kind, day_text, who=None, where=day, quantity=1):
        return EventFactory(person=who, service=where, kind=kind, date=d(day_text), quantity=quantity)

    event("repas", "2019-03-01", quantity=40)  # anonymous meals
    event("repas", "2019-12-31", who=person(), quantity=2)
    event("repas", "2018-12-31", quantity=100)  # not in P
    event("repas", "2019-05-01", where=chrs_b, quantity=7)  # establishment B
    linked = person()
    stay(linked, day, "2019-01-01")
    JusticeMeasureFactory(person=linked, measure="pse", start_date=d("2019-01-01"))
    unlinked = person()
    stay(unlinked, day, "2019-01-01")
    not_accompanied = person()
    JusticeMeasureFactory(person=not_accompanied, measure="condamnation_anterieure", start_date=None)
    for day_text in ["2019-01-10", "2019-02-10", "2019-03-10"]:
        event("domiciliation", day_text, who=linked)
    event("domiciliation", "2019-04-01", who=unlinked)
    event("domiciliation", "2019-04-02", who=not_accompanied)  # not accompanied: not counted as justice-linked
    event("domiciliation", "2019-04-03", quantity=3)  # anonymous: one domiciliation
    event("domiciliation", "2020-01-01", who=linked)  # not in P

    def request(when, prescriber="spip", decision="en_attente", outcome="en_attente", where=chrs_a):
        return AdmissionRequestFactory(
            service=where, received_on=d(when), prescriber=prescriber, decision=decision, outcome=outcome
        )

    request("2019-01-10", decision="favorable", outcome="admis")
    request("2019-02-10", decision="favorable", outcome="non_presente")
    request("2019-12-31", "siao", decision="defavorable")
    request("2019-06-01", "jap")
    request("2018-12-31", decision="favorable", outcome="admis")  # not in P
    request("2019-05-01", where=chrs_b)  # establishment B
    request("2019-03-01", decision="favorable", outcome="reoriente", where=day)
    return {"est_a": est_a, "chrs_a": chrs_a}


def test_meals_include_anonymous_ones(data):
    assert indicators(2019, Scope.for_establishment(data["est_a"]))["meals"] == 42
    assert indicators(2019)["meals"] == 49


def test_domiciliations_count_events_and_the_justice_linked_among_them(data):
    assert indicators(2019)["domiciliations"] == {"count": 6, "justice_linked": 3}


def test_admission_funnel(data):
    figures = indicators(2019, Scope.for_establishment(data["est_a"]))["admissions"]
    assert figures == {
        "received_by_prescriber": {
            "spip": 3,
            "siao": 1,
            "jap": 1,
            "permanence_prison": 0,
            "france_travail": 0,
            "mission_locale": 0,
            "association": 0,
            "personne": 0,
            "autre": 0,
        },
        "decisions": {"en_attente": 1, "favorable": 3, "defavorable": 1},
        "outcomes": {"en_attente": 2, "admis": 1, "reoriente": 1, "non_presente": 1, "desiste": 0},
    }


def test_admissions_of_a_service_scope_are_those_sent_to_that_service(data):
    figures = indicators(2019, Scope.for_service(data["chrs_a"]))["admissions"]
    assert sum(figures["received_by_prescriber"].values()) == 4
