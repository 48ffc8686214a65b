"""The SQL twin of `reports/rules.py`: the rules of indicators v1 as named sub-queries (common table expressions),
one per rule, for the report's aggregate queries (`reports/facts.py`).

Every sub-query is named after its rule and reads like it; the same text runs on PostgreSQL and SQLite, except
where a dialect needs its own words (`DISTINCT ON` for one row per person on PostgreSQL, a window function on
SQLite; the natural order of ids). Dates compare as dates on PostgreSQL and as ISO strings on SQLite.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import connection

from core.sql import add_days_sql, date_sql, days_between_sql, greatest_sql
from people.enums import VulnerabilityKind

from .rules import (
    CONDAMNATION,
    FIN_AMENAGEMENT,
    GROUP_OF,
    INCARCERATION,
    INCARCERATION_GROUP,
    JUSTICE_WINDOW_DAYS,
    PAST_CONVICTION,
    PRECEDENCE,
    SERVED,
    SORTIE_PRISON,
    Period,
    natural_key,
)
from .scope import Scope

FAR_FUTURE = datetime.date(9999, 12, 31)  # the end of an ongoing stay, when ordering

VULNERABILITY_KINDS: list[str] = [str(kind) for kind in VulnerabilityKind.values]
NATURAL_KEY_FUNCTION = "parcours_natural_key"


def natural_key_sql(vendor: str, column: str) -> str:
    """SQL twin of `rules.natural_key` (compare it with `natural_key_order`). On SQLite, the Python function itself,
    registered on the connection (`register_functions`)."""
    if vendor != "postgresql":
        return f"{NATURAL_KEY_FUNCTION}({column})"
    run = "runs.match[1]"
    return f"""COALESCE((
            SELECT string_agg(CASE WHEN {run} ~ '^[0-9]'
                THEN chr(1) || lpad(CAST(length(ltrim({run}, '0')) AS text), 3, '0') || ltrim({run}, '0') || {run}
                ELSE chr(2) || {run} END, '' ORDER BY runs.n)
            FROM regexp_matches({column}, '[0-9]+|[^0-9]+', 'g') WITH ORDINALITY AS runs(match, n)
        ), '')"""


def natural_key_order(vendor: str, column: str) -> str:
    """`natural_key_sql` as a sort key: compared by code point (byte order), whatever the database's collation."""
    key = natural_key_sql(vendor, column)
    return f'{key} COLLATE "C"' if vendor == "postgresql" else key


def larger_id_first(vendor: str, alias: str, *, when: str) -> str:
    """ORDER BY terms putting the larger interchange id first ("the larger stay_id / measure_id": natural order,
    records without an id after those with one, by database id), as `rules.id_key`. The natural key costs a
    regular expression per row on PostgreSQL: it is only computed for the rows where `when` holds (the ties)."""
    return (
        f"CASE WHEN {alias}.external_id = '' THEN 1 ELSE 0 END DESC, "
        f"CASE WHEN {when} THEN {natural_key_order(vendor, f'{alias}.external_id')} END DESC, {alias}.id DESC"
    )


def register_functions() -> None:
    """On SQLite, make `natural_key` callable from SQL on the current connection (idempotent)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.create_function(NATURAL_KEY_FUNCTION, 1, natural_key, deterministic=True)


def _quoted(codes: Any) -> str:
    """A list of codes (ours, never user input) as SQL literals."""
    return ", ".join(f"'{code}'" for code in codes)


class ReportSql:
    """The sub-queries of one report (year, scope). `with_clause(names)` gives the `WITH` clause holding them and
    the sub-queries they read, each defined once below, in the order of indicators v1."""

    def __init__(self, year: int, scope: Scope, *, household_members: bool = False) -> None:
        """With `household_members`, the stays are only those of the persons who have a stay in a household (a
        minority): for the households, whose members' reference stays are then the same, found sooner."""
        self.household_members = household_members
        self.vendor = connection.vendor
        self.period = Period(year)
        self.scope = scope
        self.first = date_sql(self.vendor, self.period.start)
        self.last = date_sql(self.vendor, self.period.end)

    def with_clause(self, *names: str) -> tuple[str, list[Any]]:
        ordered: list[str] = []

        def add(name: str) -> None:
            for needed in DEPENDS[name]:
                add(needed)
            if name not in ordered:
                ordered.append(name)

        for name in names:
            add(name)
        parts, params = [], []
        for name in ordered:
            sql, more = getattr(self, name)()
            parts.append(f"{name} AS ({sql})")
            params += more
        return "WITH " + ",\n".join(parts), params

    def first_of_person(self, source: str, keys: list[str], columns: str = "s.*") -> str:
        """The rows of `source` that come first for their person, the greatest `keys` first, with `tied` = 1 when
        several do (their keys are equal: a neighbour in that order has the same keys)."""
        order = ", ".join(f"{key} DESC" for key in keys)
        previous = " AND ".join(f"LAG({key}) OVER person_order = {key}" for key in keys)
        following = " AND ".join(f"LEAD({key}) OVER person_order = {key}" for key in keys)
        return f"""
            SELECT * FROM (
                SELECT {columns}, RANK() OVER person_order AS place,
                    CASE WHEN ({previous}) OR ({following}) THEN 1 ELSE 0 END AS tied
                FROM {source}
                WINDOW person_order AS (PARTITION BY person_id ORDER BY {order})
            ) ranked WHERE place = 1
            """

    def one_per_person(self, source: str, order: str) -> str:
        """The first row of each person of `source` in `order`."""
        if self.vendor == "postgresql":  # the planner then expects one row per person
            return f"SELECT DISTINCT ON (person_id) * FROM {source} ORDER BY person_id, {order}"
        return f"""SELECT * FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY {order}) AS row_in_person FROM {source}
            ) numbered WHERE row_in_person = 1"""

    # --- stays -------------------------------------------------------------------------------------------------------

    def active_stays(self) -> tuple[str, list[Any]]:
        """rules.is_active, in scope: "Active stay: start_date ≤ Y-12-31 and (end_date empty or end_date ≥
        Y-01-01)"; in scope when its service is."""
        condition, params = self.scope.service_sql("sv")
        household_members = "AND s.person_id IN (SELECT person_id FROM stays_stay WHERE household_id IS NOT NULL)"
        return (
            f"""
            SELECT s.id, s.external_id, s.person_id, s.service_id, sv.modality, s.start_date, s.end_date,
                s.household_id, s.household_role, s.exit_housing, s.exit_activity
            FROM stays_stay s INNER JOIN establishments_service sv ON sv.id = s.service_id
            WHERE s.start_date <= {self.last} AND (s.end_date IS NULL OR s.end_date >= {self.first})
                {"AND " + condition if condition else ""}
                {household_members if self.household_members else ""}
            """,
            params,
        )

    def reference_candidates(self) -> tuple[str, list[Any]]:
        """rules.reference_order, first part: each person's active stays in scope "with the latest start_date (ties:
        the later end, ongoing last)"."""
        end = f"COALESCE(s.end_date, {date_sql(self.vendor, FAR_FUTURE)})"
        return self.first_of_person("active_stays s", ["s.start_date", end]), []

    def reference_stays(self) -> tuple[str, list[Any]]:
        """rules.reference_stay: one per person accompanied; v1.1: "same start and same end → the larger
        stay_id"."""
        return self.one_per_person("reference_candidates c", larger_id_first(self.vendor, "c", when="c.tied = 1")), []

    def persons_accompanied(self) -> tuple[str, list[Any]]:
        """Spec: "Person accompanied: a person with ≥ 1 active stay in scope", seen from their reference stay, with
        their age on the age date (rules.age_on, rules.age_date)."""
        age_day = greatest_sql(self.vendor, "r.start_date", self.first)
        return (
            f"""
            SELECT r.person_id, r.modality, r.household_id, r.end_date AS reference_end, p.sex,
                {self.age_sql("p.birth_date", age_day)} AS age
            FROM reference_stays r INNER JOIN people_person p ON p.id = r.person_id
            """,
            [],
        )

    def age_sql(self, birth: str, day: str) -> str:
        """rules.age_on: whole years on `day` (a birthday on 29 February is reached on 1 March in non-leap years);
        NULL without a birth date."""
        if self.vendor == "postgresql":  # (not age(): it differs for a birth date after the day)
            years = f"(date_part('year', {day}) - date_part('year', {birth}))"
            day_md = f"(date_part('month', {day}) * 100 + date_part('day', {day}))"
            birth_md = f"(date_part('month', {birth}) * 100 + date_part('day', {birth}))"
            return f"CAST({years} - CASE WHEN {day_md} < {birth_md} THEN 1 ELSE 0 END AS integer)"
        years = f"(CAST(substr({day}, 1, 4) AS INTEGER) - CAST(substr({birth}, 1, 4) AS INTEGER))"
        return f"({years} - CASE WHEN substr({day}, 6, 5) < substr({birth}, 6, 5) THEN 1 ELSE 0 END)"

    # --- justice -----------------------------------------------------------------------------------------------------

    def justice_windows(self) -> tuple[str, list[Any]]:
        """rules.justice_window: the days of each active stay in scope "from the stay's start (even before P) to
        its end or Y-12-31, whichever comes first"."""
        return (
            f"""
            SELECT person_id, start_date AS first_day,
                CASE WHEN end_date IS NULL OR end_date > {self.last} THEN {self.last} ELSE end_date END AS last_day
            FROM active_stays
            """,
            [],
        )

    def measures_in_force(self) -> tuple[str, list[Any]]:
        """rules.in_force_during: the measures in force on some day of one of the person's justice windows. "In
        force on a day: (start_date empty or start_date ≤ day) and (end_date empty or day < end_date);
        `condamnation_anterieure` is never in force" — so a measure ending the day it starts never is."""
        return (
            f"""
            SELECT m.id, m.external_id, m.person_id, m.measure, m.start_date
            FROM justice_justicemeasure m
            WHERE m.measure <> '{PAST_CONVICTION}' AND EXISTS (
                SELECT 1 FROM justice_windows w
                WHERE w.person_id = m.person_id
                    AND (m.start_date IS NULL OR m.start_date <= w.last_day)
                    AND (m.end_date IS NULL OR (w.first_day < m.end_date
                        AND (m.start_date IS NULL OR m.start_date < m.end_date)))
            )
            """,
            [],
        )

    def measures_ended_before(self) -> tuple[str, list[Any]]:
        """rules.ended_before: the measures that "ended 0 to 183 days (both included) before the start of one of
        those stays"."""
        window_end = add_days_sql(self.vendor, "m.end_date", JUSTICE_WINDOW_DAYS)
        return (
            f"""
            SELECT m.id, m.person_id, m.measure
            FROM justice_justicemeasure m
            WHERE m.end_date IS NOT NULL AND EXISTS (
                SELECT 1 FROM active_stays s
                WHERE s.person_id = m.person_id AND m.end_date <= s.start_date AND s.start_date <= {window_end}
            )
            """,
            [],
        )

    def situation_groups(self) -> tuple[str, list[Any]]:
        """The group of each measure of rule 1 and its precedence (1 first): "adjustment > awaiting trial >
        alternative > outside-prison sentence"."""
        return (
            " UNION ALL ".join(
                f"SELECT '{measure}' AS measure, '{group}' AS situation_group, {rank} AS precedence"
                for measure, group in GROUP_OF.items()
                if (rank := PRECEDENCE.index(group) + 1)
            ),
            [],
        )

    def rule1_candidates(self) -> tuple[str, list[Any]]:
        """rules.rule1_order, first part: the measures other than `incarceration` in force, of the group that comes
        first, with the latest start (an empty start is the earliest)."""
        source = "measures_in_force f INNER JOIN situation_groups g ON g.measure = f.measure"
        start = f"COALESCE(f.start_date, {date_sql(self.vendor, datetime.date.min)})"
        return self.first_of_person(source, ["-g.precedence", start], "f.*, g.situation_group"), []

    def rule1_measures(self) -> tuple[str, list[Any]]:
        """Rule 1: "a measure other than `incarceration` is in force on some day of their active stays in scope →
        its group […] (within the group, the measure with the latest start; ties: the larger measure_id)"."""
        return self.one_per_person("rule1_candidates c", larger_id_first(self.vendor, "c", when="c.tied = 1")), []

    def justice_facts(self) -> tuple[str, list[Any]]:
        """What the five rules look at, per person accompanied, side by side: the measure of rule 1 and its group;
        an incarceration (rule 2) or another measure (rule 3) ended 0–183 days before a stay's start; a past
        conviction, whatever its dates (rule 4); an incarceration in force during a stay (rule 5). Put together by
        grouping rather than by joins (the persons accompanied among them too), so that the plan holds whatever
        the planner's estimates (no statistics yet after an import, say)."""
        return (
            f"""
            SELECT person_id, MAX(rule1_group) AS rule1_group, MAX(rule1_measure) AS rule1_measure,
                MAX(incarceration_ended) AS incarceration_ended, MAX(other_ended) AS other_ended,
                MAX(past_conviction) AS past_conviction, MAX(incarcerated) AS incarcerated
            FROM (
                SELECT person_id, 1 AS accompanied, NULL AS rule1_group, NULL AS rule1_measure,
                    0 AS incarceration_ended, 0 AS other_ended, 0 AS past_conviction, 0 AS incarcerated
                FROM persons_accompanied
                UNION ALL
                SELECT person_id, 0, situation_group, measure, 0, 0, 0, 0 FROM rule1_measures
                UNION ALL
                SELECT person_id, 0, NULL, NULL, CASE WHEN measure = '{INCARCERATION}' THEN 1 ELSE 0 END,
                    CASE WHEN measure = '{INCARCERATION}' THEN 0 ELSE 1 END, 0, 0
                FROM measures_ended_before
                UNION ALL
                SELECT person_id, 0, NULL, NULL, 0, 0, 1, 0 FROM justice_justicemeasure
                WHERE measure = '{PAST_CONVICTION}'
                UNION ALL
                SELECT person_id, 0, NULL, NULL, 0, 0, 0, 1 FROM measures_in_force WHERE measure = '{INCARCERATION}'
            ) facts
            GROUP BY person_id
            HAVING MAX(accompanied) = 1
            """,
            [],
        )

    def situations(self) -> tuple[str, list[Any]]:
        """rules.judicial_situation: "exactly one per justice-linked person, first rule that applies"; the persons
        accompanied without any of these facts are not justice-linked (no row)."""
        rules = [
            ("rule1_group IS NOT NULL", "rule1_group", "rule1_measure", 1),
            ("incarceration_ended = 1", f"'{SERVED}'", f"'{SORTIE_PRISON}'", 2),
            ("other_ended = 1", f"'{SERVED}'", f"'{FIN_AMENAGEMENT}'", 3),
            ("past_conviction = 1", f"'{SERVED}'", f"'{CONDAMNATION}'", 4),
            ("incarcerated = 1", f"'{INCARCERATION_GROUP}'", f"'{INCARCERATION}'", 5),
        ]

        def first_rule(pick: Callable[[tuple[str, str, str, int]], Any]) -> str:
            return "CASE " + " ".join(f"WHEN {rule[0]} THEN {pick(rule)}" for rule in rules) + " END"

        return (
            f"""
            SELECT * FROM (
                SELECT person_id, {first_rule(lambda r: r[3])} AS rule,
                    {first_rule(lambda r: r[1])} AS situation_group, {first_rule(lambda r: r[2])} AS situation_measure
                FROM justice_facts
            ) decided WHERE rule IS NOT NULL
            """,
            [],
        )

    # --- vulnerabilities, domiciliations -----------------------------------------------------------------------------

    def vulnerabilities_known(self) -> tuple[str, list[Any]]:
        """rules.is_vulnerable, per person accompanied and kind (a column per kind): "≥ 1 vulnerability of that kind
        recorded on or before their reference stay's end (or Y-12-31)"."""
        kinds = ", ".join(
            f"MAX(CASE WHEN v.kind = '{kind}' THEN 1 ELSE 0 END) AS {kind}" for kind in VULNERABILITY_KINDS
        )
        return (
            f"""
            SELECT v.person_id, {kinds}
            FROM people_vulnerability v INNER JOIN persons_accompanied p ON p.person_id = v.person_id
            WHERE v.recorded_on <= COALESCE(p.reference_end, {self.last})
            GROUP BY v.person_id
            """,
            [],
        )

    def domiciliations(self) -> tuple[str, list[Any]]:
        """The `domiciliation` events dated in P of the services in scope, per person."""
        condition, params = self.scope.service_sql("sv")
        return (
            f"""
            SELECT e.person_id, COUNT(*) AS events
            FROM events_event e INNER JOIN establishments_service sv ON sv.id = e.service_id
            WHERE e.kind = 'domiciliation' AND e.date >= {self.first} AND e.date <= {self.last}
                AND e.person_id IS NOT NULL {"AND " + condition if condition else ""}
            GROUP BY e.person_id
            """,
            params,
        )

    def person_figures(self) -> tuple[str, list[Any]]:
        """Each person accompanied (`accompanied` = 1) with everything the sections count them by: modality of the
        reference stay, sex when it has no household_id, age, judicial situation, vulnerabilities, domiciliations
        (put side by side by grouping, as `justice_facts`)."""
        kinds = ", ".join(f"MAX({kind}) AS {kind}" for kind in VULNERABILITY_KINDS)
        none = ", ".join(["0"] * len(VULNERABILITY_KINDS))
        return (
            f"""
            SELECT person_id, MAX(accompanied) AS accompanied, MAX(modality) AS modality, MAX(single_sex) AS single_sex,
                MAX(age) AS age, MAX(situation_group) AS situation_group, MAX(situation_measure) AS situation_measure,
                {kinds}, MAX(domiciliations) AS domiciliations
            FROM (
                SELECT person_id, 1 AS accompanied, modality, CASE WHEN household_id IS NULL THEN sex END AS single_sex,
                    age, NULL AS situation_group, NULL AS situation_measure,
                    {", ".join(f"0 AS {kind}" for kind in VULNERABILITY_KINDS)}, 0 AS domiciliations
                FROM persons_accompanied
                UNION ALL
                SELECT person_id, 0, NULL, NULL, NULL, situation_group, situation_measure, {none}, 0 FROM situations
                UNION ALL
                SELECT person_id, 0, NULL, NULL, NULL, NULL, NULL, {", ".join(VULNERABILITY_KINDS)}, 0
                FROM vulnerabilities_known
                UNION ALL
                SELECT person_id, 0, NULL, NULL, NULL, NULL, NULL, {none}, events FROM domiciliations
            ) facts
            GROUP BY person_id
            """,
            [],
        )

    # --- durations ---------------------------------------------------------------------------------------------------

    def leaver_days_sql(self, alias: str) -> str:
        """rules.leaver_days of a leaver stay (rules.is_leaver), NULL for the other stays."""
        days = days_between_sql(self.vendor, f"{alias}.end_date", f"{alias}.start_date")
        return f"CASE WHEN {alias}.end_date >= {self.first} AND {alias}.end_date <= {self.last} THEN {days} END"

    def active_days_sql(self, alias: str) -> str:
        """rules.active_days: min(end, Y-12-31 + 1) − start."""
        after = date_sql(self.vendor, self.period.after)
        end = f"CASE WHEN {alias}.end_date IS NULL OR {alias}.end_date > {after} THEN {after} ELSE {alias}.end_date END"
        return days_between_sql(self.vendor, end, f"{alias}.start_date")


DEPENDS: dict[str, list[str]] = {
    "active_stays": [],
    "reference_candidates": ["active_stays"],
    "reference_stays": ["reference_candidates"],
    "persons_accompanied": ["reference_stays"],
    "justice_windows": ["active_stays"],
    "measures_in_force": ["justice_windows"],
    "measures_ended_before": ["active_stays"],
    "situation_groups": [],
    "rule1_candidates": ["measures_in_force", "situation_groups"],
    "rule1_measures": ["rule1_candidates"],
    "justice_facts": ["persons_accompanied", "rule1_measures", "measures_ended_before", "measures_in_force"],
    "situations": ["justice_facts"],
    "vulnerabilities_known": ["persons_accompanied"],
    "domiciliations": [],
    "person_figures": ["persons_accompanied", "situations", "vulnerabilities_known", "domiciliations"],
}
