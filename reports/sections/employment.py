"""Training cohorts (AQI) and community service (TIG) hosted."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.numbers import pct

from ..facts import EmploymentFacts


@dataclass(frozen=True)
class EmploymentSection:
    cohort_members: int
    sat_exam: int
    graduated: int  # among those who sat the exam
    sat_exam_share: Decimal | None
    graduated_share: Decimal | None
    tig_placements: int
    tig_hours_done: int
    tig_hired_after: int


def employment_section(facts: EmploymentFacts) -> EmploymentSection:
    return EmploymentSection(
        cohort_members=facts.cohort_members,
        sat_exam=facts.sat_exam,
        graduated=facts.graduated,
        sat_exam_share=pct(facts.sat_exam, facts.cohort_members),
        graduated_share=pct(facts.graduated, facts.sat_exam),
        tig_placements=facts.tig_placements,
        tig_hours_done=facts.tig_hours_done,
        tig_hired_after=facts.tig_hired_after,
    )
