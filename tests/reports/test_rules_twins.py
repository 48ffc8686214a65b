"""Each rule of reports/rules.py and its SQL twin (the named sub-queries of reports/rules_sql.py, the querysets and
aggregates of reports/facts.py) agree, person by person and stay by stay, on random data full of ties and edges,
for several years and scopes."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

import pytest

from establishments.capacity import capacities_of
from establishments.enums import Modality
from establishments.models import CapacityPeriod, Service
from justice.enums import MeasureType
from justice.models import JusticeMeasure
from people.models import Person, Vulnerability
from reports import rules
from reports.facts import ADJUSTMENT_CODES, ending_measures, run
from reports.rules_sql import VULNERABILITY_KINDS, ReportSql
from reports.scope import Scope
from reports.sections.nights import nights
from stays.models import Stay
from tests.factories import (
    EstablishmentFactory,
    HouseholdFactory,
    JusticeMeasureFactory,
    PersonFactory,
    ServiceFactory,
    StayFactory,
    VulnerabilityFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)


def random_world(seed: int) -> list[Scope]:
    rng = random.Random(seed)
    used: set[str] = set()

    def ident(prefix: str) -> str:
        if rng.random() < 0.2:
            return ""
        while (value := f"{prefix}{rng.choice(['', '0'])}{rng.randint(1, 99)}") in used:
            pass
        used.add(value)
        return value

    est_a, est_b = EstablishmentFactory(), EstablishmentFactory()
    services = [
        ServiceFactory(establishment=est_a, modality=Modality.ACCUEIL_JOUR),
        ServiceFactory(establishment=est_a, modality=Modality.CONTRAT_INSERTION),
        ServiceFactory(establishment=est_b, modality=Modality.ACCUEIL_JOUR),
    ]  # not hosting: stays of one person may overlap freely
    hosting = ServiceFactory(
        establishment=est_a, modality=Modality.HEBERGEMENT_INSERTION, capacity=rng.choice([None, 7])
    )
    for _ in range(3):
        start = D(2018, 11, 1) + rng.randrange(0, 400) * DAY
        end = None if rng.random() < 0.3 else start + rng.choice([0, 40, 200]) * DAY
        CapacityPeriod.objects.create(service=hosting, start_date=start, end_date=end, places=rng.randint(1, 9))
    households = [HouseholdFactory() for _ in range(3)]
    for _ in range(40):
        who = PersonFactory(
            birth_date=rng.choice([None, D(2001, 7, 1), D(1960, 2, 29), D(1990, 1, 1)]), external_id=ident("P")
        )
        if rng.random() < 0.5:  # one hosting stay at most each: no two hosting stays of a person share a night
            start = D(2017, 10, 1) + rng.randrange(0, 800) * DAY
            end = None if rng.random() < 0.3 else start + rng.choice([0, 1, 30, 200]) * DAY
            exits = {"exit_reason": "autre", "exit_housing": "inconnu", "exit_activity": rng.choice(["cdi", "inconnu"])}
            StayFactory(person=who, service=hosting, start_date=start, end_date=end, **(exits if end else {}))
        for _ in range(rng.randint(1, 3)):
            start = D(2017, 10, 1) + rng.randrange(0, 800) * DAY
            end = None if rng.random() < 0.3 else start + rng.choice([0, 1, 30, 200]) * DAY
            exits = {"exit_reason": "autre", "exit_housing": "inconnu", "exit_activity": "inconnu"} if end else {}
            for _ in range(2 if rng.random() < 0.2 else 1):  # same start, same end: a tie
                StayFactory(
                    person=who,
                    service=rng.choice(services),
                    start_date=start,
                    end_date=end,
                    household=rng.choice(households) if rng.random() < 0.3 else None,
                    external_id=ident("S"),
                    **exits,
                )
            for _ in range(rng.randint(0, 2)):
                kind = rng.choice(MeasureType.values)
                m_end = start - rng.choice([0, 1, 183, 184, -20, -400]) * DAY if rng.random() < 0.7 else None
                m_start = (m_end or start) - rng.choice([0, 0, 30, 500]) * DAY if rng.random() < 0.9 else None
                for twin in range(2 if rng.random() < 0.2 else 1):  # a rule-1 tie when both are in force
                    JusticeMeasureFactory(
                        person=who,
                        measure="sme" if twin else kind,
                        start_date=m_start,
                        end_date=m_end,
                        outcome="terminee" if m_end else "en_cours",
                        external_id=ident("M"),
                    )
        if rng.random() < 0.4:
            VulnerabilityFactory(
                person=who,
                kind=rng.choice(VULNERABILITY_KINDS),
                recorded_on=D(2018, 6, 1) + rng.randrange(0, 900) * DAY,
            )
    return [
        Scope.association(),
        Scope.for_establishment(est_a),
        Scope.for_service(services[1]),
        Scope.for_service(hosting),
    ]


def sql(year: int, scope: Scope, names: list[str], select: str) -> list[tuple]:
    with_clause, params = ReportSql(year, scope).with_clause(*names)
    return run(f"{with_clause} {select}", params)


def in_scope(stay: Stay, scope: Scope) -> bool:
    if scope.service is not None:
        return stay.service_id == scope.service.pk
    if scope.establishment is not None:
        return stay.service.establishment_id == scope.establishment.pk
    return True


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_rule_and_its_sql_twin_agree(seed):
    scopes = random_world(seed)
    stays = list(Stay.objects.select_related("service"))
    persons = Person.objects.in_bulk()
    measures = defaultdict(list)
    for m in JusticeMeasure.objects.all():
        measures[m.person_id].append(rules.Measure(m.pk, m.external_id, m.measure, m.start_date, m.end_date))
    vulnerabilities = list(Vulnerability.objects.all())
    for year in (2018, 2019):
        period = rules.Period(year)
        for scope in scopes:
            active = [s for s in stays if in_scope(s, scope) and rules.is_active(s.start_date, s.end_date, period)]
            got_ids = {row[0] for row in sql(year, scope, ["active_stays"], "SELECT id FROM active_stays")}
            assert got_ids == {s.pk for s in active}

            by_person = defaultdict(list)
            for s in active:
                by_person[s.person_id].append(s)
            reference = {pid: rules.reference_stay(found) for pid, found in by_person.items()}
            got = dict(sql(year, scope, ["reference_stays"], "SELECT person_id, id FROM reference_stays"))
            assert got == {pid: s.pk for pid, s in reference.items()}

            ages = dict(sql(year, scope, ["persons_accompanied"], "SELECT person_id, age FROM persons_accompanied"))
            assert ages == {
                pid: rules.age_on(persons[pid].birth_date, rules.age_date(s.start_date, period))
                for pid, s in reference.items()
            }

            expected = {}
            for pid, found in by_person.items():
                windows = [(s.start_date, s.end_date) for s in found]
                if situation := rules.judicial_situation(measures[pid], windows, period):
                    expected[pid] = (situation.group, situation.measure, situation.rule)
            select = "SELECT person_id, situation_group, situation_measure, rule FROM situations"
            assert {row[0]: tuple(row[1:]) for row in sql(year, scope, ["situations"], select)} == expected

            expected_kinds = defaultdict(set)
            for v in vulnerabilities:
                if v.person_id in reference and rules.is_vulnerable(
                    v.recorded_on, reference[v.person_id].end_date, period
                ):
                    expected_kinds[v.kind].add(v.person_id)
            rows = sql(year, scope, ["vulnerabilities_known"], "SELECT * FROM vulnerabilities_known")
            for index, kind in enumerate(VULNERABILITY_KINDS, start=1):
                assert {row[0] for row in rows if row[index]} == expected_kinds[kind], kind

            for service in nights(year, scope).services:
                of_service = [s for s in stays if s.service_id == service.service_pk]
                assert service.nights == sum(
                    rules.nights_in_period(s.start_date, s.end_date, period) for s in of_service
                )
                capacity = Service.objects.get(pk=service.service_pk).capacity
                periods = capacities_of([service.service_pk]).get(service.service_pk, [])
                assert service.place_nights == rules.place_nights(period, capacity, periods)

            expected_measures = {}
            for m in JusticeMeasure.objects.filter(measure__in=ADJUSTMENT_CODES):
                ended = m.end_date
                if ended is None or not period.contains(ended):
                    continue
                during = [
                    s
                    for s in stays
                    if s.person_id == m.person_id and rules.is_day_of_stay(ended, s.start_date, s.end_date)
                ]
                if any(in_scope(s, scope) for s in during):
                    expected_measures[m.pk] = any(
                        s.service.modality == Modality.CONTRAT_INSERTION or s.exit_activity in rules.EMPLOYMENT
                        for s in during
                    )
            assert dict(ending_measures(year, scope).values_list("pk", "employed")) == expected_measures

            report = ReportSql(year, scope)
            select = f"SELECT s.id, {report.leaver_days_sql('s')}, {report.active_days_sql('s')} FROM active_stays s"
            got_days = {row[0]: (row[1], row[2]) for row in sql(year, scope, ["active_stays"], select)}
            assert got_days == {
                s.pk: (
                    rules.leaver_days(s.start_date, s.end_date)
                    if s.end_date is not None and rules.is_leaver(s.end_date, period)
                    else None,
                    rules.active_days(s.start_date, s.end_date, period),
                )
                for s in active
            }
