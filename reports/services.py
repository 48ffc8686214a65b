"""The annual activity report (indicators v1): every section for a year and a scope, and its JSON form."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from .facts import gather_facts
from .scope import Scope
from .sections.activity import ActivitySection, activity_section
from .sections.admissions import AdmissionSection, admission_section
from .sections.employment import EmploymentSection, employment_section
from .sections.exits import ExitSection, exit_section
from .sections.households import HouseholdSection, household_section
from .sections.justice import JusticeSection, justice_section
from .sections.measures import MeasureSection, measure_section
from .sections.nights import NightSection, night_section
from .sections.population import PopulationSection, population_section
from .sections.stays import StaySection, stay_section
from .sections.vulnerabilities import VulnerabilitySection, vulnerability_section


@dataclass(frozen=True)
class ActivityReport:
    year: int
    scope: Scope
    population: PopulationSection
    justice: JusticeSection
    households: HouseholdSection
    stays: StaySection
    exits: ExitSection
    vulnerabilities: VulnerabilitySection
    nights: NightSection
    activity: ActivitySection
    admissions: AdmissionSection
    measures: MeasureSection
    employment: EmploymentSection


@contextmanager
def report_session() -> Iterator[None]:
    """On PostgreSQL, compute a report in one read-only transaction (one consistent snapshot when it is the
    outermost one), without JIT compilation (it costs more than it saves on these one-off aggregations) and with
    enough memory for the sorts and hashes to stay off disk. Nothing to do on SQLite."""
    if connection.vendor != "postgresql":
        yield
        return
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            if outermost:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '128MB'")
        yield


def activity_report(*, year: int, scope: Scope) -> ActivityReport:
    with report_session():
        return _activity_report(year, scope)


def _activity_report(year: int, scope: Scope) -> ActivityReport:
    facts = gather_facts(year, scope)
    return ActivityReport(
        year=year,
        scope=scope,
        population=population_section(facts.persons),
        justice=justice_section(facts.persons),
        households=household_section(facts.persons, facts.households),
        stays=stay_section(facts.stays),
        exits=exit_section(facts.stays),
        vulnerabilities=vulnerability_section(facts.persons),
        nights=night_section(facts.services),
        activity=activity_section(facts.events, facts.persons),
        admissions=admission_section(facts.admissions),
        measures=measure_section(facts.measures),
        employment=employment_section(facts.employment),
    )


def number(value: Decimal | None) -> float | None:
    """A rounded Decimal as a JSON number (None stays null)."""
    return None if value is None else float(value)


def report_to_json(report: ActivityReport) -> dict[str, Any]:
    p, j, h, s, x, v, n = (
        report.population,
        report.justice,
        report.households,
        report.stays,
        report.exits,
        report.vulnerabilities,
        report.nights,
    )
    indicators: dict[str, Any] = {
        "persons": p.persons,
        "persons_by_modality": dict(p.persons_by_modality),
        "justice_share": number(j.share),
        "justice_by_situation": {
            "groups": {code: number(value) for code, value in j.group_shares.items()},
            "measures": {code: number(value) for code, value in j.measure_shares.items()},
        },
        "households": {"households": dict(h.households), "persons": dict(h.persons)},
        "mean_age": number(p.mean_age),
        "mean_stay_months": number(s.mean_stay_months),
        "mean_stay_days": number(s.mean_stay_days),
        "median_stay_days": number(s.median_stay_days),
        "mean_stay_months_all": number(s.mean_stay_months_all),
        "positive_exits": {"count": x.positive, "share": number(x.positive_share)},
        "positive_housing_share": number(x.positive_housing_share),
        "positive_activity_share": number(x.positive_activity_share),
        "dynamic_exit_share": number(x.dynamic_exit_share),
        "vulnerability_shares": {
            kind: {"share": number(f.share), "justice_share": number(f.justice_share)} for kind, f in v.kinds.items()
        },
        "nights": n.nights,
        "occupancy": {sid: number(value) for sid, value in n.occupancy.items()},
        "meals": report.activity.meals,
        "domiciliations": {
            "count": report.activity.domiciliations,
            "justice_linked": report.activity.domiciliations_justice_linked,
        },
        "admissions": {
            "received_by_prescriber": dict(report.admissions.received_by_prescriber),
            "decisions": dict(report.admissions.decisions),
            "outcomes": dict(report.admissions.outcomes),
        },
        "measure_completion": {
            code: {"count": f.count, "completed_share": number(f.completed_share)}
            for code, f in report.measures.completion.items()
        },
        "pse_employment": {
            "measures": report.measures.pse_measures,
            "count": report.measures.pse_employed,
            "share": number(report.measures.pse_employment_share),
        },
        "cohorts": {
            "members": report.employment.cohort_members,
            "sat_exam_share": number(report.employment.sat_exam_share),
            "graduated_share": number(report.employment.graduated_share),
        },
        "tig": {
            "placements": report.employment.tig_placements,
            "hours_done": report.employment.tig_hours_done,
            "hired_after": report.employment.tig_hired_after,
        },
    }
    return {"year": report.year, "scope": report.scope.to_json(), "indicators": indicators}
