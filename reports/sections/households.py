"""Households by type, and persons by their household's type."""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import HouseholdFacts, PersonFacts
from ..rules import (
    AUTRE,
    COUPLE_AVEC_ENFANTS,
    COUPLE_SANS_ENFANT,
    FAMILLE_MONOPARENTALE,
    FEMME_SEULE,
    HOMME_SEUL,
    HOUSEHOLD_TYPES,
    alone_type,
    form_households,
)

HOUSEHOLD_LABELS = {
    HOMME_SEUL: "Hommes seuls",
    FEMME_SEULE: "Femmes seules",
    COUPLE_SANS_ENFANT: "Couples sans enfant",
    FAMILLE_MONOPARENTALE: "Familles monoparentales",
    COUPLE_AVEC_ENFANTS: "Couples avec enfants",
    AUTRE: "Autres ménages",
}


@dataclass(frozen=True)
class HouseholdSection:
    households: dict[str, int]
    persons: dict[str, int]


def household_section(persons: PersonFacts, households: HouseholdFacts) -> HouseholdSection:
    """A person whose reference stay has no household_id is a household of one; the others are grouped by
    `rules.form_households`."""
    counts = dict.fromkeys(HOUSEHOLD_TYPES, 0)
    counted = dict.fromkeys(HOUSEHOLD_TYPES, 0)
    for sex, n in persons.without_household.items():
        counts[alone_type(sex)] += n
        counted[alone_type(sex)] += n
    for members in households.members.values():
        for household in form_households(members, households.period):
            counts[household.type] += 1
            counted[household.type] += len(household.persons)
    return HouseholdSection(households=counts, persons=counted)
