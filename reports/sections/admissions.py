"""The admission funnel: requests received in the year by prescriber, their decision and outcome today
(`admissions.funnel`, the same count as the admissions page)."""

from __future__ import annotations

from admissions.funnel import Funnel, funnel_from_rows

from ..facts import AdmissionFacts

AdmissionSection = Funnel


def admission_section(facts: AdmissionFacts) -> AdmissionSection:
    return funnel_from_rows(facts.requests)
