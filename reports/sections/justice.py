"""Share of people under justice (emergency-only modalities excluded) and their judicial situations."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from justice.enums import MEASURE_GROUP, MeasureType, ServedSubcategory, SituationGroup

from ..common import pct
from ..facts import ReportContext
from ..scope import Scope
from ._base import context

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
MEASURE_CODES = [str(getattr(code, "value", code)) for code in MEASURE_CODES]


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


def justice(year: int, scope: Scope, *, ctx: ReportContext | None = None) -> JusticeSection:
    ctx = context(year, scope, ctx)
    summary = ctx.summary  # persons counted by their reference stay's modality and their judicial situation
    base = summary.persons - summary.emergency_only
    base_linked = summary.linked - summary.emergency_only_linked
    groups = dict.fromkeys(GROUP_CODES, 0)
    measures = dict.fromkeys(MEASURE_CODES, 0)
    for (group, measure), n in (summary.situations or {}).items():
        groups[group] += n
        measures[measure] += n
    linked = summary.linked
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
