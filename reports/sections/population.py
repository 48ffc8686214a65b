"""People accompanied, by modality, and their mean age."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from establishments.enums import Modality

from ..common import mean
from ..facts import ReportContext
from ..scope import Scope
from ._base import context


@dataclass(frozen=True)
class PopulationSection:
    persons: int
    persons_by_modality: dict[str, int]
    mean_age: Decimal | None  # one decimal; persons with an unknown birth date are left out
    persons_with_age: int
    minors: int


def population(year: int, scope: Scope, *, ctx: ReportContext | None = None) -> PopulationSection:
    ctx = context(year, scope, ctx)
    summary = ctx.summary
    by_modality = dict.fromkeys(Modality.values, 0)
    for modality, n in (summary.by_modality or {}).items():
        by_modality[modality] += n
    return PopulationSection(
        persons=summary.persons,
        persons_by_modality=by_modality,
        mean_age=mean(summary.age_total, summary.with_age, 1),
        persons_with_age=summary.with_age,
        minors=summary.minors,
    )
