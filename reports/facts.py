"""Facts shared by several sections, computed once per report.

The report reads `ReportContext.summary` and `ReportContext.stay_figures`: per-person figures and stay
aggregates computed by the database in one query (`compute_pass`), a few hundred rows whatever the volume. The
drill-downs read `references` and `situations`: one row per person accompanied, the same rules applied in Python
over streamed tuples (`compute_situations`); tests check that both agree."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Case, Count, F, Sum, When, Window
from django.db.models.functions import RowNumber

from establishments.enums import EMERGENCY_ONLY_MODALITIES, HOSTING_MODALITIES, NightRecording
from establishments.models import Service
from justice.enums import GROUP_PRECEDENCE, MEASURE_GROUP, MeasureType, ServedSubcategory, SituationGroup
from justice.models import JusticeMeasure
from people.enums import VulnerabilityKind
from people.models import Person
from stays.models import Stay

from .common import JUSTICE_WINDOW_DAYS, Period, age_date, age_on, id_key, scoped_active_stays
from .scope import Scope

CHUNK = 20_000
INCARCERATION = MeasureType.INCARCERATION.value
CONDAMNATION = MeasureType.CONDAMNATION_ANTERIEURE.value
_GROUP_RANK = {group: len(GROUP_PRECEDENCE) - rank for rank, group in enumerate(GROUP_PRECEDENCE)}


class Reference(NamedTuple):
    """A person accompanied, seen from their reference stay."""

    stay_id: int
    person_id: int
    person_external_id: str
    birth_date: datetime.date | None
    sex: str
    start_date: datetime.date
    end_date: datetime.date | None
    modality: str
    household_id: int | None
    household_role: str


class Situation(NamedTuple):
    group: str
    measure: str  # a measure code, or a sentence-served sub-category
    rule: int  # 1–5, the rule of indicators v1 that decided it
    measure_id: int | None  # the measure behind rule 1, 2, 3 or 5 (for the drill-down)


class ReportContext:
    """Everything computed once for one report (year, scope)."""

    def __init__(self, year: int, scope: Scope) -> None:
        self.year = year
        self.scope = scope
        self.period = Period(year)

    def active_stays(self) -> Any:
        return scoped_active_stays(self.year, self.scope)

    def _ranked(self, stays: Any) -> Any:
        """The reference stay of each person of a queryset of active stays in scope (one row per person)."""
        return stays.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("person_id")],
                order_by=[F("start_date").desc(), F("end_date").desc(nulls_first=True), F("pk").desc()],
            )
        ).filter(rank=1)

    def _references(self, stays: Any) -> dict[int, Reference]:
        rows = self._ranked(stays).values_list(
            "pk",
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
        make = Reference._make
        if connection.vendor != "sqlite":
            return {row[1]: make(row) for row in stream(rows)}
        refs = {}
        for pk, person, ext, birth, sex, start, end, *rest in stream(rows):
            refs[person] = make((pk, person, ext, _as_date(birth), sex, _as_date(start), _as_date(end), *rest))
        return refs

    @cached_property
    def references(self) -> dict[int, Reference]:
        """person id → reference stay: the active stay in scope with the latest start (ties: the later end,
        ongoing last; then the most recently recorded). One row per person accompanied: for the drill-downs;
        the report itself reads `summary`."""
        return self._references(self.active_stays())

    @cached_property
    def household_references(self) -> dict[int, Reference]:
        """The reference stays of the persons accompanied who have a stay (any service, any date) in a household
        of an active stay in scope: everything the household typing needs to know about persons accompanied,
        for a minority of them."""
        if "references" in self.__dict__:  # already loaded (drill-downs): no second query
            return self.references
        households = self.active_stays().filter(household__isnull=False).values("household_id")
        members = Stay.objects.filter(household_id__in=households).order_by().values("person_id")
        return self._references(self.active_stays().filter(person_id__in=members))

    @cached_property
    def summary(self) -> Summary:
        """Every per-person figure of the report (population, ages, justice, vulnerabilities, persons without a
        household, domiciliations of justice-linked persons), aggregated by the database (see `compute_pass`)."""
        return self._pass[0]

    @property
    def stay_figures(self) -> StayFigures:
        """Leaver stays by length and by exit, active stays and their days, nights per service (`compute_pass`)."""
        return self._pass[1]

    @cached_property
    def _pass(self) -> tuple[Summary, StayFigures]:
        return compute_pass(self)

    def age(self, ref: Reference) -> int | None:
        return self.ages[ref.person_id]

    @cached_property
    def ages(self) -> dict[int, int | None]:
        """person id → age on the age date (max(reference stay start, Y-01-01)); None when the birth date is unknown."""
        period = self.period
        return {pid: age_on(ref.birth_date, age_date(ref.start_date, period)) for pid, ref in self.references.items()}

    @cached_property
    def situations(self) -> dict[int, Situation]:
        """person id → judicial situation, for every justice-linked person accompanied."""
        return compute_situations(self)

    @property
    def justice_linked(self) -> dict[int, Situation]:
        return self.situations

    @cached_property
    def events(self) -> EventTotals:
        """One aggregated pass over the events of P in scope: nuitée quantities per service, meals, and
        domiciliations per person."""
        from events.enums import EventKind
        from events.models import Event

        domiciliation = EventKind.DOMICILIATION.value
        events = self.scope.filter_by_service(Event.objects.filter(self.period.q_date("date")))
        rows = (
            events.filter(kind__in=[EventKind.NUITEE, EventKind.REPAS, domiciliation])
            .order_by()
            .annotate(who=Case(When(kind=domiciliation, then=F("person_id")), default=None))
            .values("kind", "service_id", "who")
            .annotate(n=Count("pk"), quantity=Sum("quantity"))
            .values_list("kind", "service_id", "who", "n", "quantity")
        )
        totals = EventTotals(nuitees={}, meals=0, domiciliations={})
        for kind, service_id, who, n, quantity in rows:
            if kind == EventKind.NUITEE:
                totals.nuitees[service_id] = totals.nuitees.get(service_id, 0) + int(quantity)
            elif kind == EventKind.REPAS:
                totals.meals += int(quantity)
            else:
                totals.domiciliations[who] = totals.domiciliations.get(who, 0) + n
        return totals


@dataclass
class EventTotals:
    nuitees: dict[int, int]  # service id → Σ quantity of nuitée events
    meals: int  # Σ quantity of repas events
    domiciliations: dict[int | None, int]  # person id (None: anonymous) → number of domiciliation events


def stream(qs: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of a values_list queryset through a plain client cursor, in chunks: no per-row ORM work (on
    SQLite, dates come back as ISO strings: see `_as_date`)."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def add_days_sql(vendor: str, column: str, days: int) -> str:
    if vendor == "postgresql":
        return f"({column} + {int(days)})"
    return f"date({column}, '{int(days):+d} days')"


def _flagged_measures_sql(ctx: ReportContext, stays_cte: str | None = None) -> tuple[str, list[Any]]:
    """The measures that can link an accompanied person to justice, each with two flags computed in SQL over a
    join with the person's active stays in scope: `in_force_stay` (the measure's days meet a stay's days; the
    per-measure checks are in `measure_in_force`) and `ended_before` (ended 0–183 days before a stay's start).

    One hash join and one aggregation (correlated EXISTS would run per measure); the scoped stays come from
    the ORM, the rest is SQL common to PostgreSQL and SQLite (dates compare as ISO strings on SQLite)."""
    if stays_cte is None:
        stays = ctx.active_stays().values_list("person_id", "start_date", "end_date")
        stays_sql, stays_params = stays.query.sql_with_params()
        stays_sql = f"({stays_sql})"
    else:  # a common table expression of the active stays in scope, with these columns
        stays_sql, stays_params = stays_cte, ()
    measures_table = connection.ops.quote_name(JusticeMeasure._meta.db_table)
    window_end = add_days_sql(connection.vendor, "m.end_date", JUSTICE_WINDOW_DAYS)
    # a measure that starts after Y-12-31 is never in force in the windows and cannot have ended before a
    # stay that started by Y-12-31: only a past conviction can still link
    sql = f"""
        SELECT person_id, measure, start_date, end_date, external_id, id, in_force_stay, ended_before FROM (
            SELECT m.person_id, m.measure, m.start_date, m.end_date, m.external_id, m.id,
                MAX(CASE WHEN s.start_date < COALESCE(m.end_date, '9999-12-31')
                          AND (s.end_date IS NULL OR s.end_date >= COALESCE(m.start_date, '0001-01-01'))
                    THEN 1 ELSE 0 END) AS in_force_stay,
                MAX(CASE WHEN s.start_date >= m.end_date AND s.start_date <= {window_end}
                    THEN 1 ELSE 0 END) AS ended_before
            FROM {measures_table} m
            INNER JOIN {stays_sql} s ON s.person_id = m.person_id
            WHERE m.start_date IS NULL OR m.start_date <= %s OR m.measure = '{CONDAMNATION}'
            GROUP BY m.id  -- the other columns depend on the primary key
        ) flagged
        WHERE in_force_stay = 1 OR ended_before = 1 OR measure = '{CONDAMNATION}'
    """
    return sql, [*stays_params, ctx.period.end]


def justice_rows(ctx: ReportContext) -> Iterator[tuple[Any, ...]]:
    """The rows of `_flagged_measures_sql`, one per candidate measure (dates as dates on both engines)."""
    sql, params = _flagged_measures_sql(ctx)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        convert = connection.vendor == "sqlite"  # raw SQLite rows hold dates as ISO strings
        while rows := cursor.fetchmany(CHUNK):
            if not convert:
                yield from rows
                continue
            for person_id, measure, start, end, ext_id, pk, in_force_stay, ended in rows:
                yield person_id, measure, _as_date(start), _as_date(end), ext_id, pk, in_force_stay, ended


def _as_date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


SERVED = SituationGroup.PEINE_TERMINEE.value
SORTIE_PRISON = ServedSubcategory.SORTIE_PRISON_6_MOIS.value
FIN_AMENAGEMENT = ServedSubcategory.FIN_AMENAGEMENT_OU_ALTERNATIVE.value
PAST_CONVICTION = ServedSubcategory.CONDAMNATION_ANTERIEURE.value
INCARCERATION_GROUP = SituationGroup.INCARCERATION.value
_GROUP_OF = {str(measure): str(group) for measure, group in MEASURE_GROUP.items()}
_RANK_OF = {measure: _GROUP_RANK[group] for measure, group in _GROUP_OF.items()}


def _later_measure(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Is rule-1 candidate a (rank, start, external id, pk, measure) before b: higher group, then later start,
    then larger measure_id?"""
    if a[:2] != b[:2]:
        return a[:2] > b[:2]
    return id_key(a[2], a[3]) > id_key(b[2], b[3])


def compute_situations(ctx: ReportContext) -> dict[int, Situation]:
    period_end = ctx.period.end
    references = ctx.references
    no_start = datetime.date.min
    # per person: [best rule-1 candidate, incarceration ended ≤183 d (id), other ended ≤183 d (id),
    #              condamnation_anterieure (id), incarceration in force (id)]
    state: dict[int, list[Any]] = {}
    for person_id, measure, start, end, ext_id, pk, in_force_stay, ended in justice_rows(ctx):
        if person_id not in references:
            continue
        st = state.get(person_id)
        if st is None:
            st = state[person_id] = [None, None, None, None, None]
        # in force on some day of an active stay in scope, counted up to Y-12-31 (the SQL flag checked the stays)
        in_force = (
            in_force_stay
            and measure != CONDAMNATION
            and (start is None or (start <= period_end and (end is None or end > start)))
        )
        if in_force:
            if measure == INCARCERATION:
                st[4] = st[4] or pk
            else:
                candidate = (_RANK_OF[measure], start or no_start, ext_id, pk, measure)
                if st[0] is None or _later_measure(candidate, st[0]):
                    st[0] = candidate
        if ended:
            if measure == INCARCERATION:
                st[1] = st[1] or pk
            else:
                st[2] = st[2] or pk
        if measure == CONDAMNATION:
            st[3] = st[3] or pk
    situations: dict[int, Situation] = {}
    for person_id, (best, incarceration_ended, other_ended, condamnation, incarcerated) in state.items():
        if best is not None:
            situations[person_id] = Situation(_GROUP_OF[best[4]], best[4], 1, best[3])
        elif incarceration_ended:
            situations[person_id] = Situation(SERVED, SORTIE_PRISON, 2, incarceration_ended)
        elif other_ended:
            situations[person_id] = Situation(SERVED, FIN_AMENAGEMENT, 3, other_ended)
        elif condamnation:
            situations[person_id] = Situation(SERVED, PAST_CONVICTION, 4, condamnation)
        elif incarcerated:
            situations[person_id] = Situation(INCARCERATION_GROUP, INCARCERATION, 5, incarcerated)
    return situations


# --- the per-person figures, aggregated by the database -----------------------------------------------------------

VULNERABILITY_KINDS: list[str] = [str(kind) for kind in VulnerabilityKind.values]
_GROUP_OF_RANK = {rank: group for group, rank in _GROUP_RANK.items()}
_RULE_SITUATION = {
    2: (SERVED, SORTIE_PRISON),
    3: (SERVED, FIN_AMENAGEMENT),
    4: (SERVED, PAST_CONVICTION),
    5: (INCARCERATION_GROUP, INCARCERATION),
}
# rule-1 measures numbered for the SQL keys (< 100); a key = group rank, start day, measure number
_RULE1_MEASURES: list[str] = sorted(_RANK_OF)
_DAYS = 10_000_000  # more than the day numbers of any date
_FIELD, _RECORD = chr(31), chr(30)  # separators of the rule-1 candidates of a tie (unit / record separator)


@dataclass
class Summary:
    """The per-person figures of the report, as counts (see `compute_summary`)."""

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


def _age_sql(vendor: str, birth: str, start: str, period_start: datetime.date) -> str:
    """Whole years on the age date max(start, Y-01-01), as `age_on` counts them (a birthday on 29 February is
    reached on 1 March in non-leap years); NULL without a birth date."""
    first_day = period_start.isoformat()  # a date we built: safe to inline
    if vendor == "postgresql":  # (not age(): it differs from `age_on` for a birth date after the age date)
        day = f"GREATEST({start}, DATE '{first_day}')"
        years = f"(date_part('year', {day}) - date_part('year', {birth}))"
        day_md = f"(date_part('month', {day}) * 100 + date_part('day', {day}))"
        birth_md = f"(date_part('month', {birth}) * 100 + date_part('day', {birth}))"
        return f"CAST({years} - CASE WHEN {day_md} < {birth_md} THEN 1 ELSE 0 END AS integer)"
    day = f"MAX({start}, '{first_day}')"  # ISO strings on SQLite
    years = f"(CAST(substr({day}, 1, 4) AS INTEGER) - CAST(substr({birth}, 1, 4) AS INTEGER))"
    return f"({years} - CASE WHEN substr({day}, 6, 5) < substr({birth}, 6, 5) THEN 1 ELSE 0 END)"


def _day_number_sql(vendor: str, column: str) -> str:
    """The date's ordinal (0001-01-01 is 1, as `date.toordinal`), the same on both engines; an empty date counts
    as 0001-01-01, as rule 1 orders starts (`start or date.min`)."""
    if vendor == "postgresql":
        return f"COALESCE({column} - DATE '0001-01-01' + 1, 1)"
    return f"COALESCE(CAST(julianday({column}) AS INTEGER) - 1721424, 1)"


def _candidates_sql(vendor: str, condition: str) -> str:
    """The rule-1 candidates of a person as text (measure, start, external id, pk), for Python to break a tie."""
    if vendor == "postgresql":
        row = (
            "m.measure || chr(31) || COALESCE(CAST(m.start_date AS text), '') || chr(31) || m.external_id"
            " || chr(31) || CAST(m.id AS text)"
        )
        return f"string_agg(CASE WHEN {condition} THEN {row} END, chr(30))"
    row = "m.measure || char(31) || COALESCE(m.start_date, '') || char(31) || m.external_id || char(31) || m.id"
    return f"group_concat(CASE WHEN {condition} THEN {row} END, char(30))"


def _break_tie(candidates: str, rank: int, start_day: int) -> str:
    """Rule 1 between candidates of the same group starting the same day: the larger measure_id."""
    best = None
    for record in set(candidates.split(_RECORD)):
        measure, start, external_id, pk = record.split(_FIELD)
        if _RANK_OF.get(measure) != rank or _start_day(start) != start_day:
            continue
        key = id_key(external_id, int(pk))
        if best is None or key > best[0]:
            best = (key, measure)
    assert best is not None
    return best[1]


def _start_day(start: str) -> int:
    """As `_day_number_sql`."""
    if not start:
        return 1
    return datetime.date.fromisoformat(start[:10]).toordinal()


@dataclass
class StayFigures:
    """Aggregates of the active stays in scope (see `compute_pass`)."""

    leaver_days: dict[int, int] = field(default_factory=dict)  # length in days (end − start) → leaver stays
    exits: list[tuple[str, str, str, int]] = field(default_factory=list)  # (housing, activity, modality, stays)
    active: int = 0
    active_days: int = 0  # Σ min(end, Y-12-31 + 1) − start
    nights: dict[int, int] = field(default_factory=dict)  # hosting service recording nights by stay → nights in P


def _days_sql(vendor: str, end: str, start: str) -> str:
    if vendor == "postgresql":
        return f"({end} - {start})"
    return f"CAST(ROUND(julianday({end}) - julianday({start})) AS INTEGER)"


def _date_sql(vendor: str, day: datetime.date) -> str:
    return f"DATE '{day.isoformat()}'" if vendor == "postgresql" else f"'{day.isoformat()}'"


def compute_pass(ctx: ReportContext) -> tuple[Summary, StayFigures]:
    """One query for everything the report needs from the active stays in scope (`act`): the per-person figures
    (`Summary`) and the stay aggregates (`StayFigures`), returned as tagged rows of one UNION ALL. `act` is not
    materialized: each branch scans the stays with its own filter, and PostgreSQL may run those scans in
    parallel (a materialized CTE would be read by one process only).

    Per person: the reference stay of each person accompanied (window function; DISTINCT ON on PostgreSQL, for
    the planner's estimates), their age, their judicial
    situation, their vulnerabilities and whether they had domiciliations, grouped by everything the sections
    count: a few hundred rows come back, whatever the number of persons.

    The judicial situation is the first rule of indicators v1 that applies, from per-person aggregates over the
    pairs (measure, active stay in scope) of one hash join: flags for rules 2–5, and for rule 1 the largest
    key (group rank, start day, measure number) among the measures in force, taken twice (measure numbers in
    both orders) to see whether candidates of the same group and start disagree on the measure; only those
    ties (rare) bring their candidates back for Python to pick the larger measure_id."""
    from people.models import Vulnerability

    vendor = connection.vendor
    period = ctx.period
    q = connection.ops.quote_name
    # the active stays in scope: for the reference stays, the justice links and the stay aggregates
    act = ctx.active_stays().values_list(
        "pk", "person_id", "start_date", "end_date", "household_id", "service_id", "exit_housing", "exit_activity"
    )
    act_sql, act_params = act.query.sql_with_params()
    act_columns = "id, person_id, start_date, end_date, household_id, service_id, exit_housing, exit_activity"
    person_table, service_table = q(Person._meta.db_table), q(Service._meta.db_table)
    # the persons with domiciliation events (few): their events are counted for the justice-linked ones
    dom_persons = sorted(pid for pid in ctx.events.domiciliations if pid is not None)
    dom_in = "IN (SELECT value FROM json_each(%s))" if vendor == "sqlite" else "= ANY(%s::bigint[])"
    dom_param: Any = json.dumps(dom_persons) if vendor == "sqlite" else dom_persons
    measures_table = q(JusticeMeasure._meta.db_table)
    vulnerability_table = q(Vulnerability._meta.db_table)
    kinds = VULNERABILITY_KINDS
    first_recorded = ", ".join(
        f"MIN(CASE WHEN kind = '{kind}' THEN recorded_on END) AS v{i}" for i, kind in enumerate(kinds)
    )
    vulnerable = ", ".join(
        f"CASE WHEN vul.v{i} <= COALESCE(ref.end_date, %s) THEN 1 ELSE 0 END AS v{i}" for i in range(len(kinds))
    )
    v_columns = ", ".join(f"v{i}" for i in range(len(kinds)))
    window_end = add_days_sql(vendor, "m.end_date", JUSTICE_WINDOW_DAYS)
    # a pair (measure, stay): the measure is in force on a day of the stay (up to Y-12-31), or ended 0–183 days
    # before the stay's start
    in_force = (
        f"m.measure <> '{CONDAMNATION}'"
        " AND s.start_date < COALESCE(m.end_date, '9999-12-31')"
        " AND (s.end_date IS NULL OR s.end_date >= COALESCE(m.start_date, '0001-01-01'))"
        " AND (m.start_date IS NULL OR (m.start_date <= %s AND (m.end_date IS NULL OR m.end_date > m.start_date)))"
    )
    ended = f"s.start_date >= m.end_date AND s.start_date <= {window_end}"
    rule1 = f"m.in_force = 1 AND m.measure <> '{INCARCERATION}'"
    # computed once per pair (not re-expanded in each aggregate that reads it)
    no_flattening = "OFFSET 0" if vendor == "postgresql" else "LIMIT -1 OFFSET 0"
    # the rule-1 measures: group rank and number, joined by hash rather than by a CASE on each pair
    codes = ", ".join(f"('{m}', {_RANK_OF[m]}, {i})" for i, m in enumerate(_RULE1_MEASURES))
    key = f"(CAST(c.grank AS bigint) * {_DAYS} + {_day_number_sql(vendor, 'm.start_date')}) * 100"
    n_ints = 9 + len(kinds)  # the integer columns of the tagged rows (those of part 0)
    days_sql = _days_sql

    def nulls(n: int) -> str:
        return ", ".join(["NULL"] * n)

    first, last, after = (_date_sql(vendor, d) for d in (period.start, period.end, period.after))
    capped_end = f"{'LEAST' if vendor == 'postgresql' else 'MIN'}(COALESCE(end_date, {after}), {after})"
    nights_start = f"{'GREATEST' if vendor == 'postgresql' else 'MAX'}(start_date, {first})"
    hosting = ", ".join(f"'{m}'" for m in sorted(HOSTING_MODALITIES))
    # the reference stay: the latest start (ties: the later end, ongoing first; then the last recorded)
    order = "start_date DESC, CASE WHEN end_date IS NULL THEN 0 ELSE 1 END, end_date DESC, id DESC"
    if vendor == "postgresql":
        # same rows as the window function below; with DISTINCT ON the planner expects one row per person (not
        # the few hundred it guesses after `rn = 1`), and joins the persons, their measures and vulnerabilities
        # by hashing instead of by nested loops
        latest_stay = f"""SELECT DISTINCT ON (person_id) person_id, start_date, end_date, household_id, service_id
            FROM act ORDER BY person_id, {order}"""
    else:
        latest_stay = f"""SELECT * FROM (
                SELECT person_id, start_date, end_date, household_id, service_id,
                    ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY {order}) AS rn
                FROM act
            ) ranked WHERE rn = 1"""
    sql = f"""
        WITH act ({act_columns}) AS NOT MATERIALIZED ({act_sql}),
        ref AS (
            SELECT r.person_id, r.start_date, r.end_date, r.household_id, sv.modality, p.birth_date, p.sex
            FROM ({latest_stay}) r
            INNER JOIN {person_table} p ON p.id = r.person_id
            INNER JOIN {service_table} sv ON sv.id = r.service_id
        ),
        codes (measure, grank, num) AS (VALUES {codes}),
        pairs AS (
            SELECT * FROM (
                SELECT m.person_id, m.measure, m.start_date, m.external_id, m.id,
                    CASE WHEN {in_force} THEN 1 ELSE 0 END AS in_force,
                    CASE WHEN {ended} THEN 1 ELSE 0 END AS ended
                FROM {measures_table} m
                INNER JOIN act s ON s.person_id = m.person_id
                WHERE m.start_date IS NULL OR m.start_date <= %s OR m.measure = '{CONDAMNATION}'
                {no_flattening}
            ) flagged
            WHERE in_force = 1 OR ended = 1 OR measure = '{CONDAMNATION}'
        ),
        per AS (
            SELECT m.person_id,
                MAX(CASE WHEN {rule1} THEN {key} + c.num END) AS top_hi,
                MAX(CASE WHEN {rule1} THEN {key} + 99 - c.num END) AS top_lo,
                MAX(CASE WHEN m.ended = 1 AND m.measure = '{INCARCERATION}' THEN 1 ELSE 0 END) AS inc_ended,
                MAX(CASE WHEN m.ended = 1 AND m.measure <> '{INCARCERATION}' THEN 1 ELSE 0 END) AS other_ended,
                MAX(CASE WHEN m.measure = '{CONDAMNATION}' THEN 1 ELSE 0 END) AS cond,
                MAX(CASE WHEN m.in_force = 1 AND m.measure = '{INCARCERATION}' THEN 1 ELSE 0 END) AS inc_in_force,
                {_candidates_sql(vendor, rule1)} AS candidates
            FROM pairs m LEFT JOIN codes c ON c.measure = m.measure
            GROUP BY m.person_id
        ),
        vul AS (SELECT person_id, {first_recorded} FROM {vulnerability_table} GROUP BY person_id),
        pf AS (
            SELECT ref.modality AS modality,
                {_age_sql(vendor, "ref.birth_date", "ref.start_date", period.start)} AS age,
                CASE WHEN ref.household_id IS NULL THEN ref.sex END AS single_sex,
                CASE WHEN per.top_hi IS NOT NULL THEN 1 WHEN per.inc_ended = 1 THEN 2
                     WHEN per.other_ended = 1 THEN 3 WHEN per.cond = 1 THEN 4 WHEN per.inc_in_force = 1 THEN 5
                END AS rule,
                per.top_hi / {100 * _DAYS} AS group_rank,
                CASE WHEN per.top_hi % 100 = 99 - per.top_lo % 100 THEN per.top_hi % 100 END AS number,
                CASE WHEN per.top_hi % 100 <> 99 - per.top_lo % 100 THEN per.top_hi / 100 END AS tie_key,
                CASE WHEN per.top_hi % 100 <> 99 - per.top_lo % 100 THEN per.candidates END AS candidates,
                {vulnerable},
                CASE WHEN ref.person_id {dom_in} THEN ref.person_id END AS dom
            FROM ref
            LEFT JOIN per ON per.person_id = ref.person_id
            LEFT JOIN vul ON vul.person_id = ref.person_id
        )
        SELECT 0 AS part, modality, single_sex, candidates, rule, group_rank, number, tie_key, {v_columns}, dom,
            COUNT(*), COUNT(age), SUM(age), SUM(CASE WHEN age < 18 THEN 1 ELSE 0 END)
        FROM pf
        GROUP BY modality, single_sex, rule, group_rank, number, tie_key, candidates, {v_columns}, dom
        UNION ALL
        SELECT 1, NULL, NULL, NULL, {days_sql(vendor, "end_date", "start_date")}, COUNT(*), {nulls(n_ints - 2)}
        FROM act WHERE end_date >= {first} AND end_date <= {last}
        GROUP BY {days_sql(vendor, "end_date", "start_date")}
        UNION ALL
        SELECT 2, a.exit_housing, a.exit_activity, sv.modality, COUNT(*), {nulls(n_ints - 1)}
        FROM act a INNER JOIN {service_table} sv ON sv.id = a.service_id
        WHERE a.end_date >= {first} AND a.end_date <= {last}
        GROUP BY a.exit_housing, a.exit_activity, sv.modality
        UNION ALL
        SELECT 3, NULL, NULL, NULL, COUNT(*), SUM({days_sql(vendor, capped_end, "start_date")}), {nulls(n_ints - 2)}
        FROM act
        UNION ALL
        SELECT 4, NULL, NULL, NULL, a.service_id, SUM({days_sql(vendor, capped_end, nights_start)}), {nulls(n_ints - 2)}
        FROM act a INNER JOIN {service_table} sv ON sv.id = a.service_id
        WHERE sv.modality IN ({hosting}) AND sv.night_recording = '{NightRecording.SEJOUR.value}'
            AND (a.end_date IS NULL OR a.end_date > {first})
        GROUP BY a.service_id
    """
    # `%` of the modulo: escaped for the DB-API placeholders (the other literals hold no `%`)
    sql = sql.replace(" % 100", " %% 100")
    params = [
        *act_params,
        period.end,  # in force
        period.end,  # measures considered
        *([period.end] * len(kinds)),  # vulnerable
        dom_param,
    ]
    summary = Summary()
    summary.vulnerable = dict.fromkeys(kinds, 0)
    summary.vulnerable_linked = dict.fromkeys(kinds, 0)
    stays = StayFigures()
    emergency = {str(m) for m in EMERGENCY_ONLY_MODALITIES}
    n_kinds = len(kinds)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for row in rows:
        part = row[0]
        if part == 1:
            stays.leaver_days[int(row[4])] = int(row[5])
            continue
        if part == 2:
            stays.exits.append((row[1], row[2], row[3], int(row[4])))
            continue
        if part == 3:
            stays.active, stays.active_days = int(row[4]), int(row[5] or 0)
            continue
        if part == 4:
            stays.nights[int(row[4])] = int(row[5] or 0)
            continue
        modality, single_sex, candidates, rule, group_rank, measure_number, tie_key = row[1:8]
        flags = row[8 : 8 + n_kinds]
        dom_person, n, with_age, age_total, minors = row[8 + n_kinds :]
        summary.persons += n
        summary.by_modality[modality] = summary.by_modality.get(modality, 0) + n
        summary.with_age += with_age
        summary.age_total += int(age_total or 0)
        summary.minors += int(minors or 0)
        if single_sex is not None:
            summary.without_household[single_sex] = summary.without_household.get(single_sex, 0) + n
        if modality in emergency:
            summary.emergency_only += n
        for kind, flag in zip(kinds, flags, strict=True):
            if flag:
                summary.vulnerable[kind] += n
        if rule is None:
            continue
        if rule == 1:
            if measure_number is not None:
                measure = _RULE1_MEASURES[int(measure_number)]
            else:
                measure = _break_tie(candidates, *divmod(int(tie_key), _DAYS))
            situation = (_GROUP_OF_RANK[int(group_rank)], measure)
        else:
            situation = _RULE_SITUATION[rule]
        summary.situations[situation] = summary.situations.get(situation, 0) + n
        if modality in emergency:
            summary.emergency_only_linked += n
        for kind, flag in zip(kinds, flags, strict=True):
            if flag:
                summary.vulnerable_linked[kind] += n
        if dom_person is not None:
            summary.domiciliations_linked += ctx.events.domiciliations[dom_person]
    return summary, stays
