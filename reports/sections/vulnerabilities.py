"""Addictions, psychiatric disorders and disability among the people accompanied (health data)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.numbers import pct
from people.enums import VulnerabilityKind

from ..facts import PersonFacts


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


def vulnerability_section(persons: PersonFacts) -> VulnerabilitySection:
    kinds: dict[str, KindFigures] = {}
    for kind in VulnerabilityKind.values:
        vulnerable = persons.vulnerable.get(kind, 0)
        linked = persons.vulnerable_linked.get(kind, 0)
        kinds[kind] = KindFigures(
            persons=vulnerable,
            justice_linked=linked,
            share=pct(vulnerable, persons.persons),
            justice_share=pct(linked, vulnerable),
        )
    return VulnerabilitySection(persons=persons.persons, kinds=kinds)
