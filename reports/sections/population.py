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
    by_modality = dict.fromkeys(Modality.values, 0)
    age_total = 0
    with_age = 0
    minors = 0
    ages = ctx.ages
    for person_id, ref in ctx.references.items():
        by_modality[ref.modality] += 1
        age = ages[person_id]
        if age is not None:
            age_total += age
            with_age += 1
            minors += age < 18
    return PopulationSection(
        persons=len(ctx.references),
        persons_by_modality=by_modality,
        mean_age=mean(age_total, with_age, 1),
        persons_with_age=with_age,
        minors=minors,
    )
