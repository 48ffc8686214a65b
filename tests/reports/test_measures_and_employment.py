"""Adjustment measures completed in the establishment, employment at the end of a PSE, cohorts and TIG."""

from __future__ import annotations

import pytest

from establishments.enums import Modality
from reports.scope import Scope
from tests.factories import (
    CohortFactory,
    CohortMemberFactory,
    EstablishmentFactory,
    JusticeMeasureFactory,
    TigPlacementFactory,
)
from tests.reports.helpers import d, indicators, person, service, stay

pytestmark = pytest.mark.django_db


def measure(who, kind, start, end, outcome):
    return JusticeMeasureFactory(person=who, measure=kind, start_date=d(start), end_date=d(end), outcome=outcome)


@pytest.fixture
def data():
    est_a = EstablishmentFactory(external_id="A")
    est_b = EstablishmentFactory(external_id="B")
    chrs = service(Modality.HEBERGEMENT_INSERTION, establishment=est_a)
    aci_b = service(Modality.CONTRAT_INSERTION, establishment=est_b)
    chrs_b = service(Modality.HEBERGEMENT_INSERTION, establishment=est_b)
    m1 = person()  # PSE completed; has a workshop contract (establishment B) on the measure's last day
    stay(m1, chrs, "2019-01-01")
    stay(m1, aci_b, "2019-06-01")
    measure(m1, "pse", "2018-10-01", "2019-06-30", "terminee")
    m2 = person()  # PSE completed on the day of departure, leaving for a CDI
    stay(m2, chrs, "2019-01-01", "2019-05-01", exit_activity="cdi")
    measure(m2, "pse", "2019-01-01", "2019-05-01", "terminee")
    m3 = person()  # PSE revoked
    stay(m3, chrs, "2019-02-01")
    measure(m3, "pse", "2019-02-01", "2019-09-01", "revoquee")
    m4 = person()  # PSE ended the day before the stay: not during a stay
    stay(m4, chrs, "2019-03-02")
    measure(m4, "pse", "2018-09-01", "2019-03-01", "terminee")
    m5 = person()  # ends after P
    stay(m5, chrs, "2019-03-01")
    measure(m5, "pse", "2019-03-01", "2020-01-10", "terminee")
    m6 = person()
    stay(m6, chrs, "2019-03-01")
    measure(m6, "semi_liberte", "2019-03-01", "2019-04-01", "terminee")
    m7 = person()
    stay(m7, chrs, "2019-03-01")
    measure(m7, "liberation_conditionnelle", "2019-03-01", "2019-08-01", "levee")
    m8 = person()  # in establishment B only
    stay(m8, chrs_b, "2019-01-01")
    measure(m8, "pse", "2019-01-01", "2019-10-01", "terminee")

    aqi = service(Modality.PROJET_PROFESSIONNEL, establishment=est_a)
    c1 = CohortFactory(service=aqi, start_date=d("2019-01-07"), end_date=d("2019-09-30"))
    CohortMemberFactory(cohort=c1, sat_exam=True, graduated=True)
    CohortMemberFactory(cohort=c1, sat_exam=True, graduated=False)
    CohortMemberFactory(cohort=c1, sat_exam=False, graduated=False)
    c2 = CohortFactory(service=aqi, start_date=d("2018-01-01"), end_date=d("2018-10-01"))  # not in P
    CohortMemberFactory(cohort=c2, sat_exam=True, graduated=True)
    c3 = CohortFactory(service=aqi, start_date=d("2019-10-01"), end_date=None)
    CohortMemberFactory(cohort=c3, sat_exam=True, graduated=True)
    CohortMemberFactory(cohort=c3, sat_exam=False, graduated=False)
    CohortMemberFactory(cohort=c3, sat_exam=False, graduated=True)  # inconsistent: graduated without the exam

    workshop = service(Modality.CONTRAT_INSERTION, establishment=est_a)

    def tig(start, end, hours, hired=False, where=workshop):
        return TigPlacementFactory(
            service=where, start_date=d(start), end_date=d(end) if end else None, hours_done=hours, hired_after=hired
        )

    tig("2019-03-01", "2019-06-01", 120, hired=True)
    tig("2018-11-01", None, 50)
    tig("2018-01-01", "2018-12-31", 30, hired=True)  # not in P
    tig("2020-01-01", None, 5)  # not in P
    tig("2019-05-01", "2019-07-01", 10, hired=True, where=aci_b)
    return {"est_a": est_a}


def test_measure_completion_in_the_establishment(data):
    figures = indicators(2019, Scope.for_establishment(data["est_a"]))
    assert figures["measure_completion"] == {
        "semi_liberte": {"count": 1, "completed_share": 100.0},
        "pse": {"count": 3, "completed_share": 66.7},  # m1 m2 m3; m4 not during a stay, m5 after P, m8 in B
        "liberation_conditionnelle": {"count": 1, "completed_share": 0.0},
        "placement_exterieur": {"count": 0, "completed_share": None},
    }
    assert figures["pse_employment"] == {"measures": 3, "count": 2, "share": 66.7}  # m1 (workshop), m2 (CDI)


def test_measure_completion_association(data):
    figures = indicators(2019)
    assert figures["measure_completion"]["pse"] == {"count": 4, "completed_share": 75.0}
    assert figures["pse_employment"] == {"measures": 4, "count": 2, "share": 50.0}


def test_cohorts_active_in_p(data):
    # c1 (3 members) + c3 (3 members); 3 sat the exam; 2 of them graduated
    assert indicators(2019)["cohorts"] == {"members": 6, "sat_exam_share": 50.0, "graduated_share": 66.7}


def test_tig_placements_active_in_p(data):
    assert indicators(2019, Scope.for_establishment(data["est_a"]))["tig"] == {
        "placements": 2,
        "hours_done": 170,
        "hired_after": 1,
    }
    assert indicators(2019)["tig"] == {"placements": 3, "hours_done": 180, "hired_after": 2}
