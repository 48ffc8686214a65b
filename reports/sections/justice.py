"""Share of people under justice (emergency-only modalities excluded) and their judicial situations."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.numbers import pct
from justice.enums import MEASURE_GROUP, MeasureType, ServedSubcategory, SituationGroup

from ..facts import PersonFacts

GROUP_CODES: list[str] = [
    SituationGroup.AMENAGEMENT_PEINE.value,
    SituationGroup.ATTENTE_JUGEMENT.value,
    SituationGroup.PEINE_ALTERNATIVE.value,
    SituationGroup.PEINE_HORS_PRISON.value,
    SituationGroup.PEINE_TERMINEE.value,
    SituationGroup.INCARCERATION.value,
]
# Measures within their group, then the sentence-served sub-categories, then incarceration on its own line.
MEASURE_CODES: list[str] = [
    *[str(m) for group in GROUP_CODES[:4] for m, g in MEASURE_GROUP.items() if g == group],
    ServedSubcategory.SORTIE_PRISON_6_MOIS.value,
    ServedSubcategory.FIN_AMENAGEMENT_OU_ALTERNATIVE.value,
    ServedSubcategory.CONDAMNATION_ANTERIEURE.value,
    MeasureType.INCARCERATION.value,
]


@dataclass(frozen=True)
class JusticeSection:
    base_persons: int  # persons whose reference stay is not of an emergency-only modality
    base_linked: int  # …of whom justice-linked
    share: Decimal | None
    linked: int  # all justice-linked persons (any modality): the base of the situations
    groups: dict[str, int]
    measures: dict[str, int]
    group_shares: dict[str, Decimal | None]
    measure_shares: dict[str, Decimal | None]


def justice_section(persons: PersonFacts) -> JusticeSection:
    base = persons.persons - persons.emergency_only
    base_linked = persons.linked - persons.emergency_only_linked
    groups = dict.fromkeys(GROUP_CODES, 0)
    measures = dict.fromkeys(MEASURE_CODES, 0)
    for (group, measure), n in persons.situations.items():
        groups[group] += n
        measures[measure] += n
    linked = persons.linked
    return JusticeSection(
        base_persons=base,
        base_linked=base_linked,
        share=pct(base_linked, base),
        linked=linked,
        groups=groups,
        measures=measures,
        group_shares={code: pct(n, linked) for code, n in groups.items()},
        measure_shares={code: pct(n, linked) for code, n in measures.items()},
    )
