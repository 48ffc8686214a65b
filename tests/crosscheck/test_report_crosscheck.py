"""The report module against the naive reference implementation (tests/crosscheck/reference.py), on random
data sets full of edges: stays across 1 January and 31 December, same-day transfers, measures ending 0, 183 and 184
days before a stay, capacity periods overlapping, night-by-night services, anonymous meals."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from typing import Any

import pytest

from admissions.enums import Decision, Prescriber, RequestOutcome
from establishments.models import CapacityPeriod
from justice.enums import MeasureOutcome, MeasureType
from reports.scope import Scope
from reports.services import activity_report, report_to_json
from stays.enums import ExitActivity, ExitHousing, ExitReason
from tests.crosscheck import reference
from tests.factories import (
    AdmissionRequestFactory,
    EstablishmentFactory,
    EventFactory,
    HouseholdFactory,
    JusticeMeasureFactory,
    PersonFactory,
    ServiceFactory,
    StayFactory,
    VulnerabilityFactory,
)

D = datetime.date
REQUEST_RATE = 0.3
DAY = datetime.timedelta(days=1)


def _random_world(seed: int) -> reference.Data:
    rng = random.Random(seed)
    data = reference.Data()
    est1, est2 = EstablishmentFactory(external_id="e1"), EstablishmentFactory(external_id="e2")
    specs = [
        (est1, "hebergement_insertion", "sejour", 6),
        (est1, "logement_adapte", "sejour", 3),
        (est1, "contrat_insertion", "sejour", 10),
        (est2, "hebergement_urgence", "sejour", 4),
        (est2, "halte_nuit", "nuitee", None),
        (est2, "accueil_jour", "sejour", None),
    ]
    services = []
    for i, (est, modality, recording, capacity) in enumerate(specs):
        svc = ServiceFactory(
            establishment=est, modality=modality, night_recording=recording, capacity=capacity, external_id=f"s{i}"
        )
        services.append(svc)
        data.services[svc.pk] = {
            "modality": modality,
            "night_recording": recording,
            "capacity": capacity,
            "establishment": est.pk,
        }
    for svc, start, end, places in [
        (services[3], D(2018, 11, 1), D(2019, 4, 1), 6),
        (services[3], D(2019, 1, 15), D(2019, 2, 15), 8),  # overlaps: the later start wins
        (services[4], D(2019, 11, 1), None, 10),
        (services[0], D(2019, 7, 1), D(2019, 7, 1), 99),  # empty period
    ]:
        period = CapacityPeriod.objects.create(service=svc, start_date=start, end_date=end, places=places)
        data.capacities.append({"pk": period.pk, "service": svc.pk, "start": start, "end": end, "places": places})

    hosting = [s for s in services if s.is_hosting]
    not_hosting = [s for s in services if not s.is_hosting]
    households = [HouseholdFactory() for _ in range(6)]
    used: set[str] = set()

    def ext(prefix: str) -> str:
        """A unique interchange id in an order of its own ("P9" < "P10" < "P010"…), or none (entered in Parcours)."""
        if rng.random() < 0.2:
            return ""
        while (ident := f"{prefix}{rng.choice(['', '0', '-'])}{rng.randint(1, 400)}") in used:
            pass
        used.add(ident)
        return ident

    def add_stay(person: Any, svc: Any, start: datetime.date, end: datetime.date | None) -> Any:
        household = rng.choice(households) if rng.random() < 0.25 else None
        role = rng.choice(["demandeur", "conjoint", "enfant", "autre"])
        exits = {}
        if end is not None:
            exits = {
                "exit_reason": rng.choice(ExitReason.values),
                "exit_housing": rng.choice(ExitHousing.values),
                "exit_activity": rng.choice(ExitActivity.values),
            }
        stay = StayFactory(
            person=person,
            service=svc,
            start_date=start,
            end_date=end,
            household=household,
            household_role=role,
            external_id=ext("S"),
            **exits,
        )
        data.stays.append(
            {
                "pk": stay.pk,
                "ext": stay.external_id,
                "person": person.pk,
                "service": svc.pk,
                "start": start,
                "end": end,
                "household": household.pk if household else None,
                "role": role,
                "exit_housing": exits.get("exit_housing", ""),
                "exit_activity": exits.get("exit_activity", ""),
            }
        )
        return stay

    def add_measure(person: Any, kind: str, m_start: Any, m_end: Any) -> None:
        outcome = rng.choice(MeasureOutcome.values) if m_end else "en_cours"
        m = JusticeMeasureFactory(
            person=person, measure=kind, start_date=m_start, end_date=m_end, outcome=outcome, external_id=ext("M")
        )
        data.measures.append(
            {
                "pk": m.pk,
                "ext": m.external_id,
                "person": person.pk,
                "measure": kind,
                "start": m_start,
                "end": m_end,
                "outcome": outcome,
            }
        )

    for _ in range(70):
        birth = rng.choice(
            [None, D(1960, 2, 29), D(2001, 1, 1), D(2001, 12, 31), D(1990, 6, 15), D(2010, 5, 5), D(1975, 3, 1)]
            + [D(2000, 7, 1), D(2001, 7, 1), D(2002, 7, 1)]  # of age in the middle of 2018, 2019, 2020
        )
        person = PersonFactory(birth_date=birth, sex=rng.choice("FMX"), external_id=ext("P"))
        data.persons[person.pk] = {"birth": birth, "sex": person.sex, "ext": person.external_id}
        cursor = D(2017, 6, 1) + rng.randrange(0, 900) * DAY
        stays = []
        for _ in range(rng.randint(1, 3)):
            svc = rng.choice(services)
            start = cursor
            end = start + rng.choice([0, 1, 30, 120, 400]) * DAY if rng.random() < 0.75 else None
            stays.append(add_stay(person, svc, start, end))
            if rng.random() < 0.15:  # same start, same end: a reference-stay tie (not hosting: no shared night)
                stays.append(add_stay(person, rng.choice(not_hosting), start, end))
            if end is None:
                break
            cursor = end + rng.choice([0, 0, 3, 60]) * DAY  # same-day transfers are common
        for _ in range(rng.randint(0, 3)):
            anchor = rng.choice(stays).start_date
            kind = rng.choice(MeasureType.values)
            edge = rng.choice([0, 1, 183, 184, -10, -200, 400])
            m_end = anchor - edge * DAY if rng.random() < 0.7 else None
            m_start = (m_end or anchor) - rng.choice([0, 30, 365]) * DAY if rng.random() < 0.9 else None
            if kind == "condamnation_anterieure" and rng.random() < 0.5:
                m_start = m_end = None
            add_measure(person, kind, m_start, m_end)
            if kind in reference.GROUP and rng.random() < 0.3:  # same group, same start: a rule-1 tie
                twin = rng.choice([k for k, group in reference.GROUP.items() if group == reference.GROUP[kind]])
                add_measure(person, twin, m_start, m_end)
        if rng.random() < 0.3:
            v = VulnerabilityFactory(
                person=person,
                kind=rng.choice(["addiction_alcool", "troubles_psychiques"]),
                recorded_on=D(2019, 1, 1) + rng.randrange(-400, 800) * DAY,
            )
            data.vulnerabilities.append({"person": person.pk, "kind": v.kind, "recorded_on": v.recorded_on})
        for _ in range(rng.randint(0, 3)):
            kind = rng.choice(["nuitee", "repas", "domiciliation", "entretien"])
            svc = services[4] if kind == "nuitee" else rng.choice(services)
            day = D(2019, 1, 1) + rng.randrange(-30, 395) * DAY
            quantity = rng.randint(1, 3)
            anonymous = kind == "repas" and rng.random() < 0.5
            EventFactory(person=None if anonymous else person, service=svc, date=day, kind=kind, quantity=quantity)
            data.events.append(
                {
                    "person": None if anonymous else person.pk,
                    "service": svc.pk,
                    "date": day,
                    "kind": kind,
                    "quantity": quantity,
                }
            )
        if rng.random() < REQUEST_RATE:
            svc = rng.choice(hosting)
            r = AdmissionRequestFactory(
                person=person,
                service=svc,
                prescriber=rng.choice(Prescriber.values),
                received_on=D(2019, 1, 1) + rng.randrange(-60, 400) * DAY,
                decision=rng.choice(Decision.values),
                outcome=rng.choice(RequestOutcome.values),
            )
            data.requests.append(
                {
                    "service": svc.pk,
                    "received_on": r.received_on,
                    "prescriber": r.prescriber,
                    "decision": r.decision,
                    "outcome": r.outcome,
                }
            )
    return data


def _scopes(data: reference.Data) -> list[tuple[Scope, set[int]]]:
    from establishments.models import Establishment, Service

    scopes = [(Scope.association(), set(data.services))]
    for est in Establishment.objects.all():
        scopes.append(
            (Scope.for_establishment(est), {pk for pk, s in data.services.items() if s["establishment"] == est.pk})
        )
    for svc in Service.objects.all():
        scopes.append((Scope.for_service(svc), {svc.pk}))
    return scopes


def _close(a: Any, b: Any, places: int) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 10**-places / 2 + 1e-9


def _compare(ref: dict[str, Any], got: dict[str, Any], service_ids: dict[int, str]) -> list[str]:
    problems: list[str] = []

    def check(name: str, expected: Any, actual: Any) -> None:
        if expected != actual:
            problems.append(f"{name}: reference {expected!r} != report {actual!r}")

    check("persons", ref["persons"], got["persons"])
    check("households", ref["households"], got["households"])
    check(
        "persons_by_modality",
        {k: v for k, v in ref["persons_by_modality"].items() if v},
        {k: v for k, v in got["persons_by_modality"].items() if v},
    )
    if not _close(ref["mean_age"], got["mean_age"], 1):
        problems.append(f"mean_age: {ref['mean_age']} vs {got['mean_age']}")
    check("justice_share", ref["justice_share"], got["justice_share"])
    check("groups", ref["groups"], {k: got["justice_by_situation"]["groups"].get(k) for k in ref["groups"]})
    check("measures", ref["measures"], {k: v for k, v in got["justice_by_situation"]["measures"].items() if v})
    for key in ("mean_stay_days", "median_stay_days"):
        if not _close(ref[key], got[key], 2):
            problems.append(f"{key}: {ref[key]} vs {got[key]}")
    for key in (
        "mean_stay_months",
        "mean_stay_months_all",
        "positive_exits",
        "positive_housing_share",
        "positive_activity_share",
        "dynamic_exit_share",
        "vulnerability_shares",
        "meals",
        "domiciliations",
    ):
        expected = ref[key]
        actual = got[key]
        if key == "vulnerability_shares":
            actual = {k: actual[k] for k in expected}
        check(key, expected, actual)
    check("nights", {service_ids[k]: v for k, v in ref["nights"].items()}, got["nights"])
    check("occupancy", {service_ids[k]: v for k, v in ref["occupancy"].items()}, got["occupancy"])
    for part in ("received_by_prescriber", "decisions", "outcomes"):
        check(
            f"admissions.{part}", dict(ref["admissions"][part]), {k: v for k, v in got["admissions"][part].items() if v}
        )
    check("measure_completion", ref["measure_completion"], got["measure_completion"])
    check("pse_employment.measures", ref["pse_measures"], got["pse_employment"]["measures"])
    return problems


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_report_agrees_with_the_reference_on_random_data(db, seed: int) -> None:
    from establishments.models import Service

    data = _random_world(seed)
    service_ids = {s.pk: s.external_id for s in Service.objects.all()}
    problems = []
    for year in (2018, 2019, 2020):
        for scope, in_scope in _scopes(data):
            ref = reference.compute(data, year, in_scope)
            got = report_to_json(activity_report(year=year, scope=scope))["indicators"]
            problems += [f"{year} {scope.label}: {p}" for p in _compare(ref, got, service_ids)]
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} différences)"


def test_counter_helper_is_a_dict() -> None:
    assert dict(Counter(a=1)) == {"a": 1}
