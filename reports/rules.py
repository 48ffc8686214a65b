"""The rules of indicators v1 (`/work/shared/specs/indicators-v1.md`, with its v1.1 clarifications), one named
function each, on plain values. Each docstring quotes the sentence of the spec it implements.

The report computes its figures in the database with the SQL twins of these rules (`reports/rules_sql.py`: one
named sub-query per rule); the drill-downs ("the records behind a figure") apply the functions below to the same
records, and tests check that both readings give the same figures. The rules about the nights of a stay and the
capacity of a service belong to their apps (`stays/rules.py`, `establishments/capacity.py`) and are used here.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, Protocol, TypeVar

from establishments.capacity import Capacity
from establishments.capacity import place_nights as capacity_place_nights
from establishments.enums import EMERGENCY_ONLY_MODALITIES, HOSTING_MODALITIES, Modality
from justice.enums import GROUP_PRECEDENCE, MEASURE_GROUP, MeasureType, ServedSubcategory, SituationGroup
from stays.enums import EMPLOYMENT_ACTIVITIES, POSITIVE_HOUSING, TRAINING_ACTIVITIES, HouseholdRole
from stays.rules import nights_within

ONE_DAY = datetime.timedelta(days=1)
JUSTICE_WINDOW_DAYS = 183
ADULT_AGE = 18

HOSTING = frozenset(str(m) for m in HOSTING_MODALITIES)
EMERGENCY_ONLY = frozenset(str(m) for m in EMERGENCY_ONLY_MODALITIES)
EMPLOYMENT = frozenset(str(a) for a in EMPLOYMENT_ACTIVITIES)
JOB_OR_TRAINING = frozenset(str(a) for a in EMPLOYMENT_ACTIVITIES | TRAINING_ACTIVITIES)
POSITIVE_HOUSING_CODES = frozenset(str(h) for h in POSITIVE_HOUSING)

INCARCERATION = MeasureType.INCARCERATION.value
PAST_CONVICTION = MeasureType.CONDAMNATION_ANTERIEURE.value
GROUP_OF: dict[str, str] = {str(measure): str(group) for measure, group in MEASURE_GROUP.items()}
PRECEDENCE: list[str] = [str(group) for group in GROUP_PRECEDENCE]
SERVED = SituationGroup.PEINE_TERMINEE.value
SORTIE_PRISON = ServedSubcategory.SORTIE_PRISON_6_MOIS.value
FIN_AMENAGEMENT = ServedSubcategory.FIN_AMENAGEMENT_OU_ALTERNATIVE.value
CONDAMNATION = ServedSubcategory.CONDAMNATION_ANTERIEURE.value
INCARCERATION_GROUP = SituationGroup.INCARCERATION.value
ENFANT = HouseholdRole.ENFANT.value
DEMANDEUR = HouseholdRole.DEMANDEUR.value


# --- Period, active and leaver stays ----------------------------------------------------------------------------


class Period:
    """Spec: "Period: P = [Y-01-01, Y-12-31], both days included." `after` is Y-12-31 + 1 day."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.start = datetime.date(year, 1, 1)
        self.end = datetime.date(year, 12, 31)
        self.after = datetime.date(year + 1, 1, 1)

    def contains(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def is_active(start: datetime.date, end: datetime.date | None, period: Period) -> bool:
    """Spec: "Active stay: start_date ≤ Y-12-31 and (end_date empty or end_date ≥ Y-01-01)"."""
    return start <= period.end and (end is None or end >= period.start)


def is_leaver(end: datetime.date | None, period: Period) -> bool:
    """Spec: "Leaver stay: end_date within P"."""
    return period.contains(end)


def share_a_day(
    a_start: datetime.date, a_end: datetime.date | None, b_start: datetime.date, b_end: datetime.date | None
) -> bool:
    """Two stays share a day. "Days of a stay: from start_date to end_date, both included (the day of departure is
    a day of the stay, not a night); an ongoing stay runs on"."""
    return (a_end is None or b_start <= a_end) and (b_end is None or a_start <= b_end)


def is_day_of_stay(day: datetime.date, start: datetime.date, end: datetime.date | None) -> bool:
    """`day` is a day of the stay (both ends included, an ongoing stay runs on)."""
    return start <= day and (end is None or day <= end)


# --- Order of ids -------------------------------------------------------------------------------------------------

_RUNS = re.compile(r"[0-9]+|[^0-9]+")


def natural_key(external_id: str) -> str:
    """A text whose order (by code point) is the natural order of interchange ids. "Order of ids. Wherever a rule
    breaks a tie by "the larger / smallest id", ids compare in natural order: runs of digits as numbers, the
    rest as text (M9 < M10, P9 < P10)."

    Each run of digits becomes \\x01, its length without leading zeros (3 digits), those digits, then the run as
    written (of two equal numbers, "07" < "7", as text); each other run becomes \\x02 and the run. So a number
    comes before a text at the same place, and a shorter id before a longer one that starts with it."""
    parts = []
    for run in _RUNS.findall(external_id):
        if run[0] in "0123456789":
            digits = run.lstrip("0")
            parts.append(f"\x01{len(digits):03d}{digits}{run}")
        else:
            parts.append(f"\x02{run}")
    return "".join(parts)


def id_key(external_id: str, pk: int) -> tuple[Any, ...]:
    """The order of records by their interchange id (natural order, `natural_key`); records without one (entered
    in Parcours) come after those with one, by database id."""
    if not external_id:
        return (1, "", pk)
    return (0, natural_key(external_id), pk)


# --- Reference stay, age ------------------------------------------------------------------------------------------


class StayLike(Protocol):
    @property
    def start_date(self) -> datetime.date: ...

    @property
    def end_date(self) -> datetime.date | None: ...

    @property
    def external_id(self) -> str: ...

    @property
    def pk(self) -> int: ...


def reference_order(stay: StayLike) -> tuple[Any, ...]:
    """The order of a person's stays for the reference stay, the greatest being the reference: "their active stay
    in scope with the latest start_date (ties: the later end, ongoing last)"; v1.1: "same start and same end → the
    larger stay_id" (natural order, `id_key`)."""
    end = stay.end_date
    return (stay.start_date, end is None, end or datetime.date.min, id_key(stay.external_id, stay.pk))


S = TypeVar("S", bound=StayLike)


def reference_stay(active_stays_in_scope: Iterable[S]) -> S:
    """Spec: "Reference stay of a person: their active stay in scope with the latest start_date" (see
    `reference_order`)."""
    return max(active_stays_in_scope, key=reference_order)


def age_on(birth_date: datetime.date | None, day: datetime.date) -> int | None:
    """Spec: "Age: whole years on the age date […]. Someone born on 29 February turns a year older on 1 March in
    non-leap years." None when the birth date is unknown."""
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_date(reference_start: datetime.date, period: Period) -> datetime.date:
    """Spec: "the age date = max(reference stay start, Y-01-01)"."""
    return max(reference_start, period.start)


def is_adult(age: int | None, role: str) -> bool:
    """Spec: "Adult = 18 or over on the age date (see Age), or an unknown birth date with a role other than
    `enfant`"."""
    return age >= ADULT_AGE if age is not None else role != ENFANT


# --- Justice link and judicial situation --------------------------------------------------------------------------


class Measure(NamedTuple):
    """A justice measure as plain values."""

    pk: int
    external_id: str
    measure: str
    start_date: datetime.date | None
    end_date: datetime.date | None


class Situation(NamedTuple):
    group: str
    measure: str  # a measure code, or a sentence-served sub-category
    rule: int  # 1–5, the rule that decided it
    measure_pk: int  # the measure behind it


def is_in_force(measure: Measure, day: datetime.date) -> bool:
    """Spec: "In force: a measure is in force on a day if (start_date empty or start_date ≤ day) and (end_date empty or
    day < end_date); `condamnation_anterieure` is never in force." So (v1.1) "a measure whose end_date equals
    its start_date is in force on no day"."""
    if measure.measure == PAST_CONVICTION:
        return False
    return (measure.start_date is None or measure.start_date <= day) and (
        measure.end_date is None or day < measure.end_date
    )


def justice_window(
    start: datetime.date, end: datetime.date | None, period: Period
) -> tuple[datetime.date, datetime.date]:
    """The days of an active stay that the justice link looks at: "from the stay's start (even before P) to its end
    or Y-12-31, whichever comes first, so that later records never change a past year's report"."""
    return start, min(end or period.end, period.end)


def in_force_during(measure: Measure, first: datetime.date, last: datetime.date) -> bool:
    """The measure is in force on some day of first..last. Its days in force run without a gap from its start, so
    it is enough to look at the first day of the window on or after its start."""
    day = max(first, measure.start_date or first)
    return day <= last and is_in_force(measure, day)


def ended_before(measure: Measure, stay_start: datetime.date) -> bool:
    """Spec: "a measure that ended 0 to 183 days (both included) before the start of one of those stays" (v1.1: even one
    that was in force on no day)."""
    return measure.end_date is not None and 0 <= (stay_start - measure.end_date).days <= JUSTICE_WINDOW_DAYS


def rule1_order(measure: Measure) -> tuple[Any, ...]:
    """Rule 1 between the measures in force, the greatest winning: "by precedence adjustment > awaiting trial >
    alternative > outside-prison sentence (within the group, the measure with the latest start; ties: the larger
    measure_id)"; an empty start counts as the earliest."""
    group = GROUP_OF[measure.measure]
    start = measure.start_date or datetime.date.min
    return (-PRECEDENCE.index(group), start, id_key(measure.external_id, measure.pk))


def judicial_situation(
    measures: Sequence[Measure], stays: Sequence[tuple[datetime.date, datetime.date | None]], period: Period
) -> Situation | None:
    """The judicial situation of a person accompanied, from their measures and their active stays in scope (start,
    end); None when they are not justice-linked.

    "Justice link of a person accompanied: they have a `condamnation_anterieure` (whatever its dates), or a
    measure (any kind, `incarceration` included) in force on some day of one of their active stays in scope […]
    or a measure that ended 0 to 183 days (both included) before the start of one of those stays."
    "Judicial situation (exactly one per justice-linked person), first rule that applies:
    1. a measure other than `incarceration` is in force on some day of their active stays in scope → its group
       […]; 2. an `incarceration` ended 0–183 days before one of those stays' start → sentence served,
    `sortie_prison_6_mois`; 3. another measure ended 0–183 days before one of those stays' start → sentence
    served, `fin_amenagement_ou_alternative`; 4. a `condamnation_anterieure` → sentence served,
    `condamnation_anterieure`; 5. otherwise (an `incarceration` in force during a stay, e.g. re-incarceration) →
    `incarceration`." When several measures fit rules 2–5, the one named is the first recorded (drill-downs)."""
    windows = [justice_window(start, end, period) for start, end in stays]
    in_force = [m for m in measures if any(in_force_during(m, first, last) for first, last in windows)]
    rule1 = [m for m in in_force if m.measure != INCARCERATION]
    if rule1:
        best = max(rule1, key=rule1_order)
        return Situation(GROUP_OF[best.measure], best.measure, 1, best.pk)
    ended = [m for m in measures if any(ended_before(m, start) for start, _ in stays)]
    by_pk = sorted(measures, key=lambda m: m.pk)
    for rule, group, code, found in (
        (2, SERVED, SORTIE_PRISON, [m for m in ended if m.measure == INCARCERATION]),
        (3, SERVED, FIN_AMENAGEMENT, [m for m in ended if m.measure != INCARCERATION]),
        (4, SERVED, CONDAMNATION, [m for m in by_pk if m.measure == PAST_CONVICTION]),
        (5, INCARCERATION_GROUP, INCARCERATION, in_force),
    ):
        if found:
            return Situation(group, code, rule, min(m.pk for m in found))
    return None


# --- Exits, durations ---------------------------------------------------------------------------------------------


def is_positive_exit(exit_housing: str, exit_activity: str) -> bool:
    """Spec: "Positive exit (leaver stay): exit_housing ∈ {logement_autonome, logement_adapte} or exit_activity ∈
    EMPLOYMENT ∪ TRAINING"."""
    return exit_housing in POSITIVE_HOUSING_CODES or exit_activity in JOB_OR_TRAINING


def is_dynamic_exit(modality: str, exit_activity: str) -> bool:
    """Spec: "Dynamic exit (leaver stay of modality `contrat_insertion`): exit_activity ∈ EMPLOYMENT ∪ TRAINING"."""
    return modality == Modality.CONTRAT_INSERTION and exit_activity in JOB_OR_TRAINING


def leaver_days(start: datetime.date, end: datetime.date) -> int:
    """The duration of a leaver stay: "(end − start)" in days."""
    return (end - start).days


def active_days(start: datetime.date, end: datetime.date | None, period: Period) -> int:
    """The duration of an active stay counted in `mean_stay_months_all`: "(min(end, Y-12-31 + 1) − start)"."""
    return (min(end or period.after, period.after) - start).days


def is_vulnerable(recorded_on: datetime.date, reference_end: datetime.date | None, period: Period) -> bool:
    """Spec: "≥ 1 vulnerability of that kind recorded on or before their reference stay's end (or Y-12-31)"."""
    return recorded_on <= (reference_end or period.end)


# --- Households -----------------------------------------------------------------------------------------------------

HOMME_SEUL = "homme_seul"
FEMME_SEULE = "femme_seule"
COUPLE_SANS_ENFANT = "couple_sans_enfant"
FAMILLE_MONOPARENTALE = "famille_monoparentale"
COUPLE_AVEC_ENFANTS = "couple_avec_enfants"
AUTRE = "autre"
HOUSEHOLD_TYPES = [HOMME_SEUL, FEMME_SEULE, COUPLE_SANS_ENFANT, FAMILLE_MONOPARENTALE, COUPLE_AVEC_ENFANTS, AUTRE]


def alone_type(sex: str) -> str:
    """Spec: "`homme_seul` / `femme_seule` (no household_id, or alone in it; by sex, `X` → `autre`)"."""
    return {"M": HOMME_SEUL, "F": FEMME_SEULE}.get(sex, AUTRE)


def household_type(anchor_sex: str, members: Sequence[tuple[bool, str]]) -> str:
    """The household type from its members (is adult, role), the anchor included: "`couple_sans_enfant` (two
    adults, no `enfant`), `famille_monoparentale` (one adult + ≥ 1 minor `enfant`), `couple_avec_enfants` (two
    adults + ≥ 1 minor `enfant`), `autre` (any other mix, e.g. a mother and her adult son)"."""
    if len(members) <= 1:
        return alone_type(anchor_sex)
    size = len(members)
    adults = sum(1 for adult, _ in members if adult)
    minor_children = sum(1 for adult, role in members if not adult and role == ENFANT)
    if size == 2 and adults == 2 and not any(role == ENFANT for _, role in members):
        return COUPLE_SANS_ENFANT
    if minor_children >= 1 and adults + minor_children == size:
        if adults == 1:
            return FAMILLE_MONOPARENTALE
        if adults == 2:
            return COUPLE_AVEC_ENFANTS
    return AUTRE


class Member(NamedTuple):
    """A stay of a household member, as plain values: the reference stay of a person accompanied in scope, or any
    stay (carrying the household_id) of a member who is not accompanied in scope."""

    person_pk: int
    person_external_id: str
    sex: str
    birth_date: datetime.date | None
    start_date: datetime.date
    end_date: datetime.date | None
    role: str
    accompanied: bool
    external_id: str  # the stay's
    pk: int  # the stay's


class HouseholdOf(NamedTuple):
    """One household as counted: its type, its anchor and the persons accompanied counted in it."""

    type: str
    anchor: int
    persons: tuple[int, ...]


def household_anchor(accompanied: Sequence[Member]) -> Member:
    """Spec (v1.1): "the anchor: of its accompanied `demandeur`s the one with the smallest person_id; with none,
    its accompanied member with the smallest person_id" (natural order, `id_key`)."""
    demandeurs = [m for m in accompanied if m.role == DEMANDEUR]
    return min(demandeurs or accompanied, key=lambda m: id_key(m.person_external_id, m.person_pk))


def form_households(members: Sequence[Member], period: Period) -> list[HouseholdOf]:
    """The households of one household_id. "Household membership is judged on reference stays: an accompanied
    person counts in a household when their reference stay carries its household_id and shares a day with the
    anchor's reference stay […]; otherwise they form another household by the same rule. Members not accompanied
    in scope shape the type (never the count) when any of their stays with that household_id shares a day with
    the anchor's reference stay. Every member's age for the type is taken on the anchor's age date." "each
    person is counted once, under their household's type."

    Decisions: a person accompanied already counted in an earlier household of the same id still shapes the type
    of a later one whose anchor's reference stay shares a day with theirs; the role of a member not accompanied is
    that of their stay sharing a day with the anchor's with the latest start (same order as `reference_order`)."""
    accompanied = [m for m in members if m.accompanied]
    outside: dict[int, list[Member]] = {}
    for m in members:
        if not m.accompanied:
            outside.setdefault(m.person_pk, []).append(m)
    result = []
    remaining = accompanied
    while remaining:
        anchor = household_anchor(remaining)
        day = age_date(anchor.start_date, period)
        shaping = [m for m in accompanied if share_a_day(anchor.start_date, anchor.end_date, m.start_date, m.end_date)]
        for stays in outside.values():
            sharing = [m for m in stays if share_a_day(anchor.start_date, anchor.end_date, m.start_date, m.end_date)]
            if sharing:
                shaping.append(max(sharing, key=reference_order))
        typed = [(is_adult(age_on(m.birth_date, day), m.role), m.role) for m in shaping]
        counted = [m for m in remaining if share_a_day(anchor.start_date, anchor.end_date, m.start_date, m.end_date)]
        result.append(
            HouseholdOf(household_type(anchor.sex, typed), anchor.person_pk, tuple(m.person_pk for m in counted))
        )
        remaining = [m for m in remaining if m not in counted]
    return result


# --- Nights and place-nights ----------------------------------------------------------------------------------------


def nights_in_period(start: datetime.date, end: datetime.date | None, period: Period) -> int:
    """Spec: "Nights of a hosting service with `night_recording` = `sejour`: for each of its stays, the nights
    inside P = days of [max(start, Y-01-01), min(end, Y-12-31 + 1 day))" (`stays.rules.nights_within`)."""
    return nights_within(start, end, period.start, period.end)


def place_nights(period: Period, capacity: int | None, periods: Iterable[Capacity]) -> int:
    """Spec: "Place-nights: Σ over days of P of the capacity in force that day (a capacity period's end_date is
    exclusive; where periods overlap, the one with the latest start applies; no capacity = 0 […])"
    (`establishments.capacity.place_nights`)."""
    return capacity_place_nights(period.start, period.end, capacity, periods)
