"""The admission funnel: requests received in the year by prescriber, their decision and outcome today."""

from __future__ import annotations

from dataclasses import dataclass

from admissions.enums import Decision, Prescriber, RequestOutcome

from ..facts import AdmissionFacts, admission_facts
from ..scope import Scope


@dataclass(frozen=True)
class AdmissionSection:
    received: int
    received_by_prescriber: dict[str, int]
    decisions: dict[str, int]
    outcomes: dict[str, int]


def admission_section(facts: AdmissionFacts) -> AdmissionSection:
    by_prescriber = dict.fromkeys(Prescriber.values, 0)
    decisions = dict.fromkeys(Decision.values, 0)
    outcomes = dict.fromkeys(RequestOutcome.values, 0)
    total = 0
    for prescriber, decision, outcome, n in facts.requests:
        total += n
        by_prescriber[prescriber] += n
        decisions[decision] += n
        outcomes[outcome] += n
    return AdmissionSection(
        received=total, received_by_prescriber=by_prescriber, decisions=decisions, outcomes=outcomes
    )


def admissions(year: int, scope: Scope) -> AdmissionSection:
    """The funnel of one scope on its own (the admissions pages)."""
    return admission_section(admission_facts(year, scope))
