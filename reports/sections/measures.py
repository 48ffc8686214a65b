"""Sentence adjustments completed in the establishment, and employment at the end of a PSE."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.numbers import pct
from justice.enums import MeasureOutcome, MeasureType

from ..facts import ADJUSTMENT_CODES, MeasureFacts


@dataclass(frozen=True)
class MeasureFigures:
    count: int
    completed: int
    completed_share: Decimal | None


@dataclass(frozen=True)
class MeasureSection:
    completion: dict[str, MeasureFigures]
    pse_measures: int
    pse_employed: int
    pse_employment_share: Decimal | None


def measure_section(facts: MeasureFacts) -> MeasureSection:
    counts = {code: [0, 0] for code in ADJUSTMENT_CODES}
    pse = pse_employed = 0
    for measure, outcome, employed, n in facts.measures:
        counts[measure][0] += n
        if outcome == MeasureOutcome.TERMINEE:
            counts[measure][1] += n
        if measure == MeasureType.PSE:
            pse += n
            if employed:
                pse_employed += n
    return MeasureSection(
        completion={
            code: MeasureFigures(count=n, completed=done, completed_share=pct(done, n))
            for code, (n, done) in counts.items()
        },
        pse_measures=pse,
        pse_employed=pse_employed,
        pse_employment_share=pct(pse_employed, pse),
    )
