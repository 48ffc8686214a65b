"""Addictions, psychiatric disorders and disability among the people accompanied (health data)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Min

from people.enums import VulnerabilityKind
from people.models import Vulnerability

from ..common import pct
from ..facts import CHUNK, ReportContext
from ..scope import Scope
from ._base import context


@dataclass(frozen=True)
class KindFigures:
    persons: int
    justice_linked: int
    share: Decimal | None  # of the persons accompanied
    justice_share: Decimal | None  # of the persons with this vulnerability


@dataclass(frozen=True)
class VulnerabilitySection:
    persons: int
    kinds: dict[str, KindFigures]


def vulnerable_persons(ctx: ReportContext) -> dict[str, set[int]]:
    """kind → persons accompanied with that vulnerability recorded on or before their reference stay's end
    (Y-12-31 when the reference stay is ongoing)."""
    refs = ctx.references
    year_end = ctx.period.end
    found: dict[str, set[int]] = {kind: set() for kind in VulnerabilityKind.values}
    rows = (
        Vulnerability.objects.filter(person_id__in=ctx.active_stays().values("person_id"))
        .order_by()
        .values("person_id", "kind")
        .annotate(first=Min("recorded_on"))
        .values_list("person_id", "kind", "first")
    )
    for person_id, kind, first in rows.iterator(chunk_size=CHUNK):
        ref = refs.get(person_id)
        if ref is not None and first <= (ref.end_date or year_end):
            found[kind].add(person_id)
    return found


def vulnerabilities(year: int, scope: Scope, *, ctx: ReportContext | None = None) -> VulnerabilitySection:
    ctx = context(year, scope, ctx)
    summary = ctx.summary
    total = summary.persons
    kinds: dict[str, KindFigures] = {}
    for kind in VulnerabilityKind.values:
        persons = (summary.vulnerable or {}).get(kind, 0)
        linked = (summary.vulnerable_linked or {}).get(kind, 0)
        kinds[kind] = KindFigures(
            persons=persons,
            justice_linked=linked,
            share=pct(persons, total),
            justice_share=pct(linked, persons),
        )
    return VulnerabilitySection(persons=total, kinds=kinds)
