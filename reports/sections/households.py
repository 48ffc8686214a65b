"""Households by type, and persons by their household's type."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

from stays.enums import HouseholdRole
from stays.models import Stay

from ..common import age_date, age_on, days_overlap, id_key
from ..facts import CHUNK, Reference, ReportContext
from ..scope import Scope
from ._base import context

HOMME_SEUL = "homme_seul"
FEMME_SEULE = "femme_seule"
COUPLE_SANS_ENFANT = "couple_sans_enfant"
FAMILLE_MONOPARENTALE = "famille_monoparentale"
COUPLE_AVEC_ENFANTS = "couple_avec_enfants"
AUTRE = "autre"
HOUSEHOLD_TYPES = [HOMME_SEUL, FEMME_SEULE, COUPLE_SANS_ENFANT, FAMILLE_MONOPARENTALE, COUPLE_AVEC_ENFANTS, AUTRE]
HOUSEHOLD_LABELS = {
    HOMME_SEUL: "Hommes seuls",
    FEMME_SEULE: "Femmes seules",
    COUPLE_SANS_ENFANT: "Couples sans enfant",
    FAMILLE_MONOPARENTALE: "Familles monoparentales",
    COUPLE_AVEC_ENFANTS: "Couples avec enfants",
    AUTRE: "Autres ménages",
}
ENFANT = HouseholdRole.ENFANT.value
DEMANDEUR = HouseholdRole.DEMANDEUR.value


@dataclass(frozen=True)
class HouseholdSection:
    households: dict[str, int]
    persons: dict[str, int]


class HouseholdOf(NamedTuple):
    """One household as counted: its type, the anchor (demandeur) and the persons accompanied counted in it."""

    type: str
    anchor: int
    persons: tuple[int, ...]


def alone_type(sex: str) -> str:
    return {"M": HOMME_SEUL, "F": FEMME_SEULE}.get(sex, AUTRE)


def household_type(anchor_sex: str, members: list[tuple[bool, str]]) -> str:
    """The type from the members sharing a day with the reference stay: (is adult, role) of each person."""
    if len(members) <= 1:
        return alone_type(anchor_sex)
    size = len(members)
    adults = sum(1 for adult, _ in members if adult)
    minor_children = sum(1 for adult, role in members if not adult and role == ENFANT)
    has_child_role = any(role == ENFANT for _, role in members)
    if size == 2 and adults == 2 and not has_child_role:
        return COUPLE_SANS_ENFANT
    if minor_children >= 1 and adults + minor_children == size:
        if adults == 1:
            return FAMILLE_MONOPARENTALE
        if adults == 2:
            return COUPLE_AVEC_ENFANTS
    return AUTRE


def _first_by_person_id(candidates: list[Reference]) -> Reference:
    if len(candidates) == 1:
        return candidates[0]
    return min(candidates, key=lambda r: id_key(r.person_external_id, r.person_id))


def household_groups(ctx: ReportContext) -> list[HouseholdOf]:
    """Every household counted in the report, with its type and its persons accompanied (one row per person
    accompanied: for the drill-downs)."""
    refs = ctx.references
    result = [
        HouseholdOf(alone_type(ref.sex), ref.person_id, (ref.person_id,))
        for ref in refs.values()
        if ref.household_id is None
    ]
    return result + shared_household_groups(ctx, refs)


def shared_household_groups(ctx: ReportContext, refs: dict[int, Reference]) -> list[HouseholdOf]:
    """The households of the persons accompanied whose reference stay has a household_id, typed from the
    members' stays. `refs` holds the reference stays of (at least) every person accompanied who has a stay in
    one of these households."""
    period = ctx.period
    result: list[HouseholdOf] = []
    by_household: dict[int, list[Reference]] = defaultdict(list)
    for ref in refs.values():
        if ref.household_id is not None:
            by_household[ref.household_id].append(ref)
    if not by_household:
        return result
    household_ids = ctx.active_stays().filter(household__isnull=False).values("household_id")
    rows = (
        Stay.objects.filter(household_id__in=household_ids)
        .order_by()
        .values_list("household_id", "person_id", "person__birth_date", "start_date", "end_date", "household_role")
    )
    member_stays: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows.iterator(chunk_size=CHUNK):
        member_stays[row[0]].append(row)

    for household_id, group in by_household.items():
        remaining = group
        while remaining:
            demandeurs = [r for r in remaining if r.household_role == DEMANDEUR]
            anchor = _first_by_person_id(demandeurs or remaining)
            a_start, a_end = anchor.start_date, anchor.end_date
            sharing: dict[int, tuple[Any, ...]] = {}
            for row in member_stays[household_id]:
                start, end = row[3], row[4]
                if (a_end is None or start <= a_end) and (end is None or a_start <= end):
                    previous = sharing.get(row[1])
                    if previous is None or start > previous[3]:
                        sharing[row[1]] = row
            members: list[tuple[bool, str]] = []
            for person_id, row in sharing.items():
                role = row[5]
                member_ref = refs.get(person_id)
                if member_ref is None:
                    age = age_on(row[2], max(row[3], period.start))
                else:  # the same age everywhere for a person accompanied: on their reference stay's age date
                    age = age_on(member_ref.birth_date, age_date(member_ref.start_date, period))
                    if member_ref.household_id == household_id and days_overlap(
                        a_start, a_end, member_ref.start_date, member_ref.end_date
                    ):
                        role = member_ref.household_role
                members.append((age >= 18 if age is not None else role != ENFANT, role))
            counted = [r for r in remaining if days_overlap(a_start, a_end, r.start_date, r.end_date)]
            result.append(
                HouseholdOf(household_type(anchor.sex, members), anchor.person_id, tuple(r.person_id for r in counted))
            )
            if len(counted) == len(remaining):
                break
            remaining = [r for r in remaining if not days_overlap(a_start, a_end, r.start_date, r.end_date)]
    return result


def households(year: int, scope: Scope, *, ctx: ReportContext | None = None) -> HouseholdSection:
    ctx = context(year, scope, ctx)
    counts = dict.fromkeys(HOUSEHOLD_TYPES, 0)
    persons = dict.fromkeys(HOUSEHOLD_TYPES, 0)
    for sex, n in (ctx.summary.without_household or {}).items():  # a household of one each
        counts[alone_type(sex)] += n
        persons[alone_type(sex)] += n
    for household in shared_household_groups(ctx, ctx.household_references):
        counts[household.type] += 1
        persons[household.type] += len(household.persons)
    return HouseholdSection(households=counts, persons=persons)
