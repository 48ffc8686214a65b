"""Everything the report reads from the database: the facts.

`gather_facts(year, scope)` runs a constant number of aggregate queries, whatever the number of records (the rules
in SQL are the named sub-queries of `reports/rules_sql.py`), and returns plain values; the sections
(`reports/sections/`) are pure functions of them. `ReportContext` gathers, for the drill-downs, the records behind
the figures and applies the Python rules (`reports/rules.py`) to them, person by person.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from admissions.funnel import FunnelRow, funnel_rows, received_during
from admissions.models import AdmissionRequest
from core.sql import as_date, as_day
from employment.models import CohortMember, TigPlacement
from establishments.models import Service
from events.enums import EventKind
from events.models import Event
from justice.enums import ADJUSTMENT_MEASURES
from justice.models import JusticeMeasure
from people.models import Vulnerability
from places.occupancy import MonthRow, occupancy_by_service
from stays.models import Stay, StayQuerySet

from . import rules
from .rules import Member, Period, Situation
from .rules_sql import VULNERABILITY_KINDS, ReportSql, register_functions
from .scope import Scope, interchange_ids

CHUNK = 20_000
ADJUSTMENT_CODES = [str(m) for m in ADJUSTMENT_MEASURES]


def run(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """All the rows of one of the report's SQL queries (on SQLite, after registering its SQL functions)."""
    register_functions()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- persons accompanied ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFacts:
    """The persons accompanied, counted by everything the sections break them down by."""

    persons: int = 0
    by_modality: dict[str, int] = field(default_factory=dict)  # modality of the reference stay → persons
    age_total: int = 0
    with_age: int = 0
    minors: int = 0
    emergency_only: int = 0  # persons whose reference stay is of an emergency-only modality
    emergency_only_linked: int = 0
    situations: dict[tuple[str, str], int] = field(default_factory=dict)  # (group, measure) → justice-linked
    vulnerable: dict[str, int] = field(default_factory=dict)  # kind → persons
    vulnerable_linked: dict[str, int] = field(default_factory=dict)  # kind → justice-linked persons
    without_household: dict[str, int] = field(default_factory=dict)  # sex → persons whose reference stay has none
    domiciliations_linked: int = 0  # domiciliation events of justice-linked persons

    @property
    def linked(self) -> int:
        return sum(self.situations.values())


def person_facts(year: int, scope: Scope) -> PersonFacts:
    """One query: each person accompanied with their reference stay's modality, age, judicial situation,
    vulnerabilities and domiciliations, counted by all of these (a few hundred rows, whatever the volume)."""
    with_clause, params = ReportSql(year, scope).with_clause("person_figures")
    kinds = ", ".join(VULNERABILITY_KINDS)
    rows = run(
        f"""
        {with_clause}
        SELECT modality, single_sex, situation_group, situation_measure, {kinds},
            COUNT(*), COUNT(age), SUM(age), SUM(CASE WHEN age < 18 THEN 1 ELSE 0 END), SUM(domiciliations)
        FROM person_figures
        WHERE accompanied = 1
        GROUP BY modality, single_sex, situation_group, situation_measure, {kinds}
        """,
        params,
    )
    n_kinds = len(VULNERABILITY_KINDS)
    persons = age_total = with_age = minors = emergency = emergency_linked = domiciliations = 0
    by_modality: dict[str, int] = {}
    situations: dict[tuple[str, str], int] = {}
    vulnerable = dict.fromkeys(VULNERABILITY_KINDS, 0)
    vulnerable_linked = dict.fromkeys(VULNERABILITY_KINDS, 0)
    without_household: dict[str, int] = {}
    for modality, single_sex, group, measure, *rest in rows:
        flags, (n, n_age, ages, n_minors, n_domiciliations) = rest[:n_kinds], rest[n_kinds:]
        linked = group is not None
        persons += n
        by_modality[modality] = by_modality.get(modality, 0) + n
        with_age += n_age
        age_total += int(ages or 0)
        minors += int(n_minors or 0)
        if single_sex is not None:
            without_household[single_sex] = without_household.get(single_sex, 0) + n
        if modality in rules.EMERGENCY_ONLY:
            emergency += n
            emergency_linked += n if linked else 0
        for kind, flag in zip(VULNERABILITY_KINDS, flags, strict=True):
            if flag:
                vulnerable[kind] += n
                vulnerable_linked[kind] += n if linked else 0
        if linked:
            situations[(group, measure)] = situations.get((group, measure), 0) + n
            domiciliations += int(n_domiciliations or 0)
    return PersonFacts(
        persons=persons,
        by_modality=by_modality,
        age_total=age_total,
        with_age=with_age,
        minors=minors,
        emergency_only=emergency,
        emergency_only_linked=emergency_linked,
        situations=situations,
        vulnerable=vulnerable,
        vulnerable_linked=vulnerable_linked,
        without_household=without_household,
        domiciliations_linked=domiciliations,
    )


# --- households ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdFacts:
    """household_id → its members' stays (`rules.Member`): the reference stays of the persons accompanied that
    carry it, and every stay carrying it of a member not accompanied in scope."""

    period: Period
    members: dict[int, list[Member]]


def household_facts(year: int, scope: Scope) -> HouseholdFacts:
    """One query, on the persons who have a stay in a household (a minority): their reference stays, and the
    stays carrying the household_id of one of those reference stays; those of the persons accompanied in scope
    are then set aside (their reference stay is what counts)."""
    report = ReportSql(year, scope, household_members=True)
    with_clause, params = report.with_clause("reference_stays")
    rows = run(
        f"""
        {with_clause}
        SELECT 1, r.household_id, r.person_id, p.external_id, p.sex, p.birth_date, r.start_date, r.end_date,
            r.household_role, r.external_id, r.id
        FROM reference_stays r INNER JOIN people_person p ON p.id = r.person_id
        UNION ALL
        SELECT 0, s.household_id, s.person_id, p.external_id, p.sex, p.birth_date, s.start_date, s.end_date,
            s.household_role, s.external_id, s.id
        FROM stays_stay s INNER JOIN people_person p ON p.id = s.person_id
        WHERE s.household_id IN (SELECT household_id FROM reference_stays WHERE household_id IS NOT NULL)
        """,
        params,
    )
    accompanied = {row[2] for row in rows if row[0]}
    members: dict[int, list[Member]] = defaultdict(list)
    for reference, household, person, person_ext, sex, birth, start, end, role, ext, pk in rows:
        if household is None or (not reference and person in accompanied):
            continue
        member = Member(
            person, person_ext, sex, as_date(birth), as_day(start), as_date(end), role, bool(reference), ext, pk
        )
        members[household].append(member)
    return HouseholdFacts(Period(year), dict(members))


# --- stays ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StayFacts:
    """The active stays in scope, counted by their leaver figures."""

    leaver_days: dict[int, int] = field(default_factory=dict)  # length in days (end − start) → leaver stays
    exits: list[tuple[str, str, str, int]] = field(default_factory=list)  # (housing, activity, modality, leavers)
    active: int = 0
    active_days: int = 0  # Σ min(end, Y-12-31 + 1) − start


def stay_facts(year: int, scope: Scope) -> StayFacts:
    """One query: the active stays in scope by (leaver stay's length and exit codes, modality)."""
    report = ReportSql(year, scope)
    with_clause, params = report.with_clause("active_stays")
    leaver_days = report.leaver_days_sql("s")
    rows = run(
        f"""
        {with_clause}
        SELECT {leaver_days} AS leaver_days, s.exit_housing, s.exit_activity, s.modality,
            COUNT(*), SUM({report.active_days_sql("s")})
        FROM active_stays s
        GROUP BY {leaver_days}, s.exit_housing, s.exit_activity, s.modality
        """,
        params,
    )
    histogram: dict[int, int] = {}
    exits: dict[tuple[str, str, str], int] = {}
    active = active_days = 0
    for days, housing, activity, modality, n, total in rows:
        active += n
        active_days += int(total or 0)
        if days is not None:
            histogram[int(days)] = histogram.get(int(days), 0) + n
            exits[(housing, activity, modality)] = exits.get((housing, activity, modality), 0) + n
    return StayFacts(histogram, [(*key, n) for key, n in exits.items()], active, active_days)


# --- events, services ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFacts:
    meals: int = 0  # Σ quantity of `repas` events dated in P
    domiciliations: int = 0  # `domiciliation` events dated in P


def event_facts(year: int, scope: Scope) -> EventFacts:
    """The meals and domiciliations of the services in scope, in one grouped sum."""
    rows = (
        scope.filter_by_service(events_in_period(year))
        .filter(kind__in=[EventKind.REPAS, EventKind.DOMICILIATION])
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"), quantity=Sum("quantity"))
        .values_list("kind", "n", "quantity")
    )
    totals = {kind: (n, int(quantity or 0)) for kind, n, quantity in rows}
    return EventFacts(
        meals=totals.get(EventKind.REPAS, (0, 0))[1], domiciliations=totals.get(EventKind.DOMICILIATION, (0, 0))[0]
    )


def events_in_period(year: int) -> QuerySet[Event]:
    period = Period(year)
    return Event.objects.filter(date__gte=period.start, date__lte=period.end)


@dataclass(frozen=True)
class ServiceFacts:
    """A hosting service of the scope with its months (nights and place-nights, `places.occupancy`)."""

    pk: int
    service_id: str  # interchange id
    name: str
    establishment: str
    modality: str
    night_recording: str
    months: list[MonthRow]


def service_facts(year: int, scope: Scope) -> list[ServiceFacts]:
    """The hosting services of the scope and their months (a constant number of queries)."""
    services = list(
        scope.services()
        .filter(modality__in=list(rules.HOSTING))
        .select_related("establishment")
        .order_by("establishment__name", "name", "pk")
    )
    if not services:
        return []
    months = occupancy_by_service(services, year)
    ids = interchange_ids(Service)
    return [
        ServiceFacts(s.pk, ids[s.pk], s.name, s.establishment.name, s.modality, s.night_recording, months[s.pk])
        for s in services
    ]


# --- admissions, measures, cohorts, TIG -----------------------------------------------------------------------------


def received_requests(year: int, scope: Scope) -> QuerySet[AdmissionRequest]:
    """Requests received in P sent to a service in scope (a service scope: that service only)."""
    return scope.filter_by_service(received_during(year))


@dataclass(frozen=True)
class AdmissionFacts:
    requests: list[FunnelRow]  # (prescriber, decision, outcome, requests)


def admission_facts(year: int, scope: Scope) -> AdmissionFacts:
    return AdmissionFacts(funnel_rows(received_requests(year, scope)))


def _stays_on_measure_end(stays: QuerySet[Stay]) -> QuerySet[Stay]:
    """Stays of the measure's person of which the measure's end date is a day (`rules.is_day_of_stay`)."""
    return stays.filter(person_id=OuterRef("person_id"), start_date__lte=OuterRef("end_date")).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("end_date"))
    )


def ending_measures(year: int, scope: Scope) -> Any:  # a QuerySet[JusticeMeasure] annotated with `employed`
    """Adjustment measures ending in P during a stay in scope, flagged `employed` when at the measure's end the
    person had a stay (any service) of modality contrat_insertion or that ended with an exit into employment."""
    period = Period(year)
    # A stay whose days contain an end date in P is an active stay: only active stays need to be looked at.
    active = Stay.objects.filter(start_date__lte=period.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start)
    )
    in_scope = _stays_on_measure_end(scope.filter_stays(active))
    employed = _stays_on_measure_end(
        active.filter(Q(service__modality=rules.Modality.CONTRAT_INSERTION) | Q(exit_activity__in=rules.EMPLOYMENT))
    )
    return (
        JusticeMeasure.objects.filter(
            measure__in=ADJUSTMENT_CODES, end_date__gte=period.start, end_date__lte=period.end
        )
        .filter(Exists(in_scope))
        .annotate(employed=Exists(employed))
        .order_by()
    )


@dataclass(frozen=True)
class MeasureFacts:
    measures: list[tuple[str, str, bool, int]]  # (measure, outcome, employed, measures)


def measure_facts(year: int, scope: Scope) -> MeasureFacts:
    rows = (
        ending_measures(year, scope)
        .values("measure", "outcome", "employed")
        .annotate(n=Count("pk"))
        .values_list("measure", "outcome", "employed", "n")
    )
    return MeasureFacts([(measure, outcome, bool(employed), n) for measure, outcome, employed, n in rows])


def cohort_members(year: int, scope: Scope) -> QuerySet[CohortMember]:
    """Members of the cohorts of a service in scope that run during P (start ≤ Y-12-31, end empty or ≥ Y-01-01)."""
    period = Period(year)
    running = Q(cohort__start_date__lte=period.end) & (
        Q(cohort__end_date__isnull=True) | Q(cohort__end_date__gte=period.start)
    )
    return scope.filter_by_service(CohortMember.objects.filter(running), "cohort__service").order_by()


def tig_placements(year: int, scope: Scope) -> QuerySet[TigPlacement]:
    """Placements hosted by a service in scope, active in P (as a stay)."""
    period = Period(year)
    active = Q(start_date__lte=period.end) & (Q(end_date__isnull=True) | Q(end_date__gte=period.start))
    return scope.filter_by_service(TigPlacement.objects.filter(active)).order_by()


@dataclass(frozen=True)
class EmploymentFacts:
    cohort_members: int
    sat_exam: int
    graduated: int  # among those who sat the exam
    tig_placements: int
    tig_hours_done: int
    tig_hired_after: int


def employment_facts(year: int, scope: Scope) -> EmploymentFacts:
    members = cohort_members(year, scope).aggregate(
        n=Count("pk"),
        sat=Count("pk", filter=Q(sat_exam=True)),
        graduated=Count("pk", filter=Q(sat_exam=True, graduated=True)),
    )
    tig = tig_placements(year, scope).aggregate(
        n=Count("pk"), hours=Sum("hours_done"), hired=Count("pk", filter=Q(hired_after=True))
    )
    return EmploymentFacts(
        cohort_members=members["n"],
        sat_exam=members["sat"],
        graduated=members["graduated"],
        tig_placements=tig["n"],
        tig_hours_done=int(tig["hours"] or 0),
        tig_hired_after=tig["hired"],
    )


# --- all of it -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFacts:
    year: int
    scope: Scope
    persons: PersonFacts
    households: HouseholdFacts
    stays: StayFacts
    events: EventFacts
    services: list[ServiceFacts]
    admissions: AdmissionFacts
    measures: MeasureFacts
    employment: EmploymentFacts


def gather_facts(year: int, scope: Scope) -> ReportFacts:
    return ReportFacts(
        year=year,
        scope=scope,
        persons=person_facts(year, scope),
        households=household_facts(year, scope),
        stays=stay_facts(year, scope),
        events=event_facts(year, scope),
        services=service_facts(year, scope),
        admissions=admission_facts(year, scope),
        measures=measure_facts(year, scope),
        employment=employment_facts(year, scope),
    )


# --- the records behind the figures, for the drill-downs ------------------------------------------------------------


class Reference(NamedTuple):
    """A person accompanied, seen from their reference stay (`pk`, `external_id`: the stay's)."""

    pk: int
    external_id: str
    person_id: int
    person_external_id: str
    birth_date: datetime.date | None
    sex: str
    start_date: datetime.date
    end_date: datetime.date | None
    modality: str
    household_id: int | None
    household_role: str

    @property
    def stay_id(self) -> int:
        return self.pk


def stream(qs: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of a values_list queryset in chunks, without per-row ORM work (dates: see `core.sql.as_date`)."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def active_stays(year: int, scope: Scope) -> StayQuerySet:
    """rules.is_active, in scope (for the drill-downs; the report reads `ReportSql.active_stays`)."""
    period = Period(year)
    active = Q(start_date__lte=period.end) & (Q(end_date__isnull=True) | Q(end_date__gte=period.start))
    return Stay.objects.filter(active).filter(scope.service_q("service")).order_by()


def leaver_stays(year: int, scope: Scope) -> QuerySet[Stay]:
    """rules.is_leaver, in scope."""
    period = Period(year)
    return scope.filter_stays(Stay.objects.filter(end_date__gte=period.start, end_date__lte=period.end)).order_by()


class ReportContext:
    """The records behind the figures of one report (year, scope), for the drill-downs: each person accompanied
    with their reference stay, age, judicial situation, household and vulnerabilities, by the Python rules."""

    def __init__(self, year: int, scope: Scope) -> None:
        self.year = year
        self.scope = scope
        self.period = Period(year)

    def active_stays(self) -> StayQuerySet:
        return active_stays(self.year, self.scope)

    @cached_property
    def _stays_by_person(self) -> dict[int, list[Reference]]:
        rows = self.active_stays().values_list(
            "pk",
            "external_id",
            "person_id",
            "person__external_id",
            "person__birth_date",
            "person__sex",
            "start_date",
            "end_date",
            "service__modality",
            "household_id",
            "household_role",
        )
        by_person: dict[int, list[Reference]] = defaultdict(list)
        for pk, ext, person, person_ext, birth, sex, start, end, *rest in stream(rows):
            by_person[person].append(
                Reference(pk, ext, person, person_ext, as_date(birth), sex, as_day(start), as_date(end), *rest)
            )
        return by_person

    @cached_property
    def references(self) -> dict[int, Reference]:
        """person id → reference stay (`rules.reference_stay`), for every person accompanied."""
        return {person: rules.reference_stay(stays) for person, stays in self._stays_by_person.items()}

    @cached_property
    def ages(self) -> dict[int, int | None]:
        """person id → age on the age date; None when the birth date is unknown."""
        return {
            pid: rules.age_on(ref.birth_date, rules.age_date(ref.start_date, self.period))
            for pid, ref in self.references.items()
        }

    @cached_property
    def situations(self) -> dict[int, Situation]:
        """person id → judicial situation (`rules.judicial_situation`), for every justice-linked person."""
        stays = self._stays_by_person
        measures: dict[int, list[rules.Measure]] = defaultdict(list)
        rows = JusticeMeasure.objects.filter(person_id__in=self.active_stays().values("person_id")).values_list(
            "person_id", "pk", "external_id", "measure", "start_date", "end_date"
        )
        for person, pk, ext, measure, start, end in stream(rows):
            measures[person].append(rules.Measure(pk, ext, measure, as_date(start), as_date(end)))
        situations = {}
        for person, found in measures.items():
            windows = [(s.start_date, s.end_date) for s in stays[person]]
            if (situation := rules.judicial_situation(found, windows, self.period)) is not None:
                situations[person] = situation
        return situations

    @cached_property
    def households(self) -> list[rules.HouseholdOf]:
        """Every household counted in the report, with its type and its persons accompanied."""
        alone = [
            rules.HouseholdOf(rules.alone_type(ref.sex), ref.person_id, (ref.person_id,))
            for ref in self.references.values()
            if ref.household_id is None
        ]
        facts = household_facts(self.year, self.scope)
        shared = [h for members in facts.members.values() for h in rules.form_households(members, self.period)]
        return alone + shared

    @cached_property
    def vulnerable(self) -> dict[str, set[int]]:
        """kind → persons accompanied with that vulnerability (`rules.is_vulnerable`)."""
        refs = self.references
        found: dict[str, set[int]] = {kind: set() for kind in VULNERABILITY_KINDS}
        rows = Vulnerability.objects.filter(person_id__in=self.active_stays().values("person_id")).values_list(
            "person_id", "kind", "recorded_on"
        )
        for person, kind, recorded_on in stream(rows):
            ref = refs.get(person)
            if ref is not None and rules.is_vulnerable(as_day(recorded_on), ref.end_date, self.period):
                found[kind].add(person)
        return found

    def night_service(self, service_id: str) -> Service | None:
        """The hosting service of the scope with this interchange id."""
        pk = next((pk for pk, value in interchange_ids(Service).items() if value == service_id), None)
        return self.scope.services().filter(pk=pk).first() if pk else None

    def nights_events(self, service: Service) -> QuerySet[Event]:
        """The `nuitee` events of a night-by-night service dated in P."""
        return events_in_period(self.year).filter(service=service, kind=EventKind.NUITEE)

    def nights_stays(self, service: Service) -> QuerySet[Stay]:
        """The stays of a service holding nights in P (`stays.rules.nights_within` > 0)."""
        period = self.period
        return Stay.objects.filter(service=service, start_date__lte=period.end).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=period.start)
        )

    def events(self, kind: str) -> QuerySet[Event]:
        """The events of a kind dated in P, of the services in scope."""
        return self.scope.filter_by_service(events_in_period(self.year).filter(kind=kind))
