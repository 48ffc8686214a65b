"""People accompanied, by modality, and their mean age."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.numbers import mean
from establishments.enums import Modality

from ..facts import PersonFacts


@dataclass(frozen=True)
class PopulationSection:
    persons: int
    persons_by_modality: dict[str, int]
    mean_age: Decimal | None  # one decimal; persons with an unknown birth date are left out
    persons_with_age: int
    minors: int


def population_section(persons: PersonFacts) -> PopulationSection:
    by_modality = dict.fromkeys(Modality.values, 0)
    for modality, n in persons.by_modality.items():
        by_modality[modality] += n
    return PopulationSection(
        persons=persons.persons,
        persons_by_modality=by_modality,
        mean_age=mean(persons.age_total, persons.with_age, 1),
        persons_with_age=persons.with_age,
        minors=persons.minors,
    )
