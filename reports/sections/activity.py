"""Meals served and domiciliations (events of the year in the scope's services)."""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import EventFacts, PersonFacts


@dataclass(frozen=True)
class ActivitySection:
    meals: int
    domiciliations: int
    domiciliations_justice_linked: int


def activity_section(events: EventFacts, persons: PersonFacts) -> ActivitySection:
    return ActivitySection(
        meals=events.meals,
        domiciliations=events.domiciliations,
        domiciliations_justice_linked=persons.domiciliations_linked,
    )
