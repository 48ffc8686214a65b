"""Facts shared by several sections, computed once per report: each person's reference stay and their
judicial situation. A constant number of queries; the per-person rules run over streamed tuples."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Case, Count, F, Sum, When, Window
from django.db.models.functions import RowNumber

from justice.enums import GROUP_PRECEDENCE, MEASURE_GROUP, MeasureType, ServedSubcategory, SituationGroup
from justice.models import JusticeMeasure

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

    @cached_property
    def references(self) -> dict[int, Reference]:
        """person id → reference stay: the active stay in scope with the latest start (ties: the later end,
        ongoing last; then the most recently recorded)."""
        ranked = self.active_stays().annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("person_id")],
                order_by=[F("start_date").desc(), F("end_date").desc(nulls_first=True), F("pk").desc()],
            )
        )
        rows = ranked.filter(rank=1).values_list(
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
        rows = (
            self.scope.filter_by_service(Event.objects.filter(self.period.q_date("date")))
            .filter(kind__in=[EventKind.NUITEE, EventKind.REPAS, domiciliation])
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


def justice_rows(ctx: ReportContext) -> Iterator[tuple[Any, ...]]:
    """The measures that can link an accompanied person to justice, each with two flags computed in SQL over a
    join with the person's active stays in scope: `in_force_stay` (the measure's days meet a stay's days; the
    per-measure checks are in `measure_in_force`) and `ended_before` (ended 0–183 days before a stay's start).

    One hash join and one aggregation (correlated EXISTS would run per measure); the scoped stays come from
    the ORM, the rest is SQL common to PostgreSQL and SQLite (dates compare as ISO strings on SQLite)."""
    stays = ctx.active_stays().values_list("person_id", "start_date", "end_date")
    stays_sql, stays_params = stays.query.sql_with_params()
    measures_table = connection.ops.quote_name(JusticeMeasure._meta.db_table)
    window_end = add_days_sql(connection.vendor, "m.end_date", JUSTICE_WINDOW_DAYS)
    sql = f"""
        SELECT person_id, measure, start_date, end_date, external_id, id, in_force_stay, ended_before FROM (
            SELECT m.person_id, m.measure, m.start_date, m.end_date, m.external_id, m.id,
                MAX(CASE WHEN s.start_date < COALESCE(m.end_date, '9999-12-31')
                          AND (s.end_date IS NULL OR s.end_date >= COALESCE(m.start_date, '0001-01-01'))
                    THEN 1 ELSE 0 END) AS in_force_stay,
                MAX(CASE WHEN s.start_date >= m.end_date AND s.start_date <= {window_end}
                    THEN 1 ELSE 0 END) AS ended_before
            FROM {measures_table} m
            INNER JOIN ({stays_sql}) s ON s.person_id = m.person_id
            WHERE m.start_date IS NULL OR m.start_date <= %s OR m.measure = '{CONDAMNATION}'
            GROUP BY m.id, m.person_id, m.measure, m.start_date, m.end_date, m.external_id
        ) flagged
        WHERE in_force_stay = 1 OR ended_before = 1 OR measure = '{CONDAMNATION}'
    """
    with connection.cursor() as cursor:
        # a measure that starts after Y-12-31 is never in force in the windows and cannot have ended before a
        # stay that started by Y-12-31: only a past conviction can still link
        cursor.execute(sql, (*stays_params, ctx.period.end))
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
