"""Every figure and the list behind it agree, on a seeded random data set (two independent code paths)."""

from __future__ import annotations

import datetime
import random

import pytest

from establishments.enums import Modality, NightRecording
from reports.drilldown import drilldown
from reports.facts import ReportContext
from reports.scope import Scope
from reports.services import activity_report
from tests.factories import EventFactory, HouseholdFactory, JusticeMeasureFactory, VulnerabilityFactory
from tests.reports.helpers import person, service, stay

pytestmark = pytest.mark.django_db

MEASURES = [
    "pse",
    "sme",
    "tig",
    "controle_judiciaire",
    "ssj",
    "incarceration",
    "condamnation_anterieure",
    "semi_liberte",
]


def random_world(seed: int) -> None:
    rng = random.Random(seed)
    services = [
        service(Modality.HEBERGEMENT_INSERTION, capacity=10),
        service(Modality.HEBERGEMENT_URGENCE, capacity=5),
        service(Modality.ACCUEIL_JOUR),
        service(Modality.CONTRAT_INSERTION),
        service(Modality.HALTE_NUIT, night_recording=NightRecording.NUITEE, capacity=4),
    ]
    base = datetime.date(2017, 1, 1)
    for _ in range(40):
        household = HouseholdFactory() if rng.random() < 0.3 else None
        size = rng.randint(2, 3) if household else 1
        start = base + datetime.timedelta(days=rng.randint(0, 1200))
        end = start + datetime.timedelta(days=rng.randint(0, 500)) if rng.random() < 0.6 else None
        where = rng.choice(services[2:4]) if rng.random() < 0.3 else rng.choice(services[:2])
        for k in range(size):
            who = person(
                birth_date=datetime.date(rng.randint(1950, 2015), rng.randint(1, 12), rng.randint(1, 28)),
                sex=rng.choice("MFX"),
            )
            role = "demandeur" if k == 0 else rng.choice(["conjoint", "enfant", "autre"])
            stay(
                who,
                where,
                start.isoformat(),
                end.isoformat() if end else None,
                household=household,
                household_role=role,
                exit_housing=rng.choice(["logement_autonome", "rue", "inconnu"]) if end else "",
                exit_activity=rng.choice(["cdi", "inconnu", "formation_qualifiante"]) if end else "",
            )
            for _ in range(rng.randint(0, 2)):
                m_start = start + datetime.timedelta(days=rng.randint(-400, 300))
                m_end = m_start + datetime.timedelta(days=rng.randint(0, 400)) if rng.random() < 0.7 else None
                JusticeMeasureFactory(
                    person=who,
                    measure=rng.choice(MEASURES),
                    start_date=m_start,
                    end_date=m_end,
                    outcome=rng.choice(["terminee", "revoquee"]) if m_end else "en_cours",
                )
            if rng.random() < 0.3:
                VulnerabilityFactory(person=who, kind=rng.choice(["addiction_alcool", "troubles_psychiques"]))
            if rng.random() < 0.3:
                EventFactory(person=who, service=services[2], kind="domiciliation")


@pytest.mark.parametrize("seed", [1, 2])
def test_drill_down_totals_match_the_figures(seed):
    random_world(seed)
    scope = Scope.association()
    report = activity_report(year=2019, scope=scope)
    ctx = ReportContext(2019, scope)
    assert drilldown(ctx, "persons").total == report.population.persons
    for code, n in report.population.persons_by_modality.items():
        assert drilldown(ctx, "persons_by_modality", code).total == n
    assert drilldown(ctx, "justice_by_situation").total == report.justice.linked
    assert drilldown(ctx, "justice_share").total == report.justice.base_linked
    for code, n in {**report.justice.groups, **report.justice.measures}.items():
        if code != "condamnation_anterieure":  # a measure and a sub-category share this code
            assert drilldown(ctx, "justice_by_situation", code).total == n, code
    for code, n in report.households.persons.items():
        assert drilldown(ctx, "households", code).total == n, code
    assert sum(report.households.persons.values()) == report.population.persons
    assert drilldown(ctx, "mean_stay_months").total == report.stays.leavers
    assert drilldown(ctx, "mean_stay_months_all").total == report.stays.active
    assert drilldown(ctx, "positive_exits").total == report.exits.positive
    assert drilldown(ctx, "positive_housing_share").total == report.exits.positive_housing
    assert drilldown(ctx, "positive_activity_share").total == report.exits.positive_activity
    for kind, figures in report.vulnerabilities.kinds.items():
        assert drilldown(ctx, "vulnerability_shares", kind).total == figures.persons
    assert drilldown(ctx, "domiciliations").total == report.activity.domiciliations
    assert drilldown(ctx, "domiciliations", "justice").total == report.activity.domiciliations_justice_linked
    for code, completion in report.measures.completion.items():
        assert drilldown(ctx, "measure_completion", code).total == completion.count
    assert drilldown(ctx, "pse_employment", "employed").total == report.measures.pse_employed
    for service_nights in report.nights.services:
        if service_nights.night_recording == "sejour":
            drill = drilldown(ctx, "nights", service_nights.service_id)
            assert sum(int(row.cells[1]) for row in drill.rows) == service_nights.nights


GROUP_OF = {
    "semi_liberte": "amenagement_peine",
    "pse": "amenagement_peine",
    "controle_judiciaire": "attente_jugement",
    "sme": "peine_alternative",
    "tig": "peine_alternative",
    "ssj": "peine_hors_prison",
}
PRECEDENCE = ["amenagement_peine", "attente_jugement", "peine_alternative", "peine_hors_prison"]


def naive_situations(year: int) -> dict[int, tuple[str, str]]:
    """The definitions of indicators v1 applied literally, day by day (slow, obviously right)."""
    from justice.models import JusticeMeasure
    from stays.models import Stay

    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    stays: dict[int, list[Stay]] = {}
    for s in Stay.objects.all():
        if s.start_date <= last and (s.end_date is None or s.end_date >= first):
            stays.setdefault(s.person_id, []).append(s)

    def in_force(m, day):
        return (
            m.measure != "condamnation_anterieure"
            and (m.start_date is None or m.start_date <= day)
            and (m.end_date is None or day < m.end_date)
        )

    def days(s):
        day, end = s.start_date, min(s.end_date or last, last)
        while day <= end:
            yield day
            day += datetime.timedelta(days=1)

    result = {}
    for person_id, person_stays in stays.items():
        measures = list(JusticeMeasure.objects.filter(person_id=person_id))
        forced = [m for m in measures if any(in_force(m, day) for s in person_stays for day in days(s))]
        ended = [
            m
            for m in measures
            if m.end_date and any(0 <= (s.start_date - m.end_date).days <= 183 for s in person_stays)
        ]
        candidates = [m for m in forced if m.measure != "incarceration"]
        if candidates:
            best = max(
                candidates,
                key=lambda m: (
                    -PRECEDENCE.index(GROUP_OF[m.measure]),
                    m.start_date or datetime.date.min,
                    m.pk,  # the factories give no external id: the larger database id
                ),
            )
            result[person_id] = (GROUP_OF[best.measure], best.measure)
        elif any(m.measure == "incarceration" for m in ended):
            result[person_id] = ("peine_terminee", "sortie_prison_6_mois")
        elif any(m.measure != "incarceration" for m in ended):
            result[person_id] = ("peine_terminee", "fin_amenagement_ou_alternative")
        elif any(m.measure == "condamnation_anterieure" for m in measures):
            result[person_id] = ("peine_terminee", "condamnation_anterieure")
        elif any(m.measure == "incarceration" for m in forced):
            result[person_id] = ("incarceration", "incarceration")
    return result


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_situations_match_a_day_by_day_reading_of_the_definitions(seed):
    random_world(seed)
    for year in (2018, 2019):
        computed = ReportContext(year, Scope.association()).situations
        assert {pk: (s.group, s.measure) for pk, s in computed.items()} == naive_situations(year)
