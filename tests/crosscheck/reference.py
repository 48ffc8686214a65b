"""An independent, deliberately naive implementation of indicators v1 and its v1.1 clarifications (pure Python,
day by day where the spec speaks of days), written from the spec without reading reports/. The cross-check test
compares it with the report module on random data sets: two readings of the spec that must agree.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

D = datetime.date
ONE = datetime.timedelta(days=1)

HOSTING = {
    "hebergement_urgence",
    "hebergement_urgence_accompagne",
    "halte_nuit",
    "hebergement_insertion",
    "lhss",
    "logement_adapte",
}
EMERGENCY_ONLY = {"hebergement_urgence", "halte_nuit", "accueil_jour"}
EMPLOYMENT = {
    "cdi",
    "cdd_6_mois_plus",
    "cdd_moins_6_mois",
    "interim",
    "creation_entreprise",
    "contrat_aide",
    "embauche_iae",
}
TRAINING = {"formation_qualifiante", "formation_pre_qualifiante"}
GROUP = {
    "semi_liberte": "amenagement_peine",
    "pse": "amenagement_peine",
    "liberation_conditionnelle": "amenagement_peine",
    "placement_exterieur": "amenagement_peine",
    "controle_judiciaire": "attente_jugement",
    "arse": "attente_jugement",
    "sme": "peine_alternative",
    "tig": "peine_alternative",
    "contrainte_penale": "peine_alternative",
    "composition_penale": "peine_alternative",
    "ssj": "peine_hors_prison",
    "sursis_simple": "peine_hors_prison",
}
PRECEDENCE = ["amenagement_peine", "attente_jugement", "peine_alternative", "peine_hors_prison"]
HOUSEHOLD_TYPES = [
    "homme_seul",
    "femme_seule",
    "couple_sans_enfant",
    "famille_monoparentale",
    "couple_avec_enfants",
    "autre",
]


def pct(num: int, den: int) -> float | None:
    if den == 0:
        return None
    return float((Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def months(days: Fraction) -> float:
    return float(
        (Decimal(days.numerator) / Decimal(days.denominator) / Decimal("30.4375")).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    )


def age_on(birth: D, day: D) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def natural_order(ext: str, pk: int) -> tuple[Any, ...]:
    """v1.1, "Order of ids": "ids compare in natural order: runs of digits as numbers, the rest as text (M9 < M10)".
    Records entered without an interchange id come after, by database id (docs/indicators.md)."""
    if not ext:
        return (1, (), pk)
    runs: list[list[Any]] = []
    for ch in ext:
        digit = ch in "0123456789"
        if runs and runs[-1][0] == digit:
            runs[-1][1] += ch
        else:
            runs.append([digit, ch])
    return (0, tuple((0, int(text), text) if digit else (1, 0, text) for digit, text in runs), pk)


def shares_a_day(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Days of a stay: start to end, both included; an ongoing stay runs on."""
    a_first, a_last = stay_days(a)
    b_first, b_last = stay_days(b)
    return a_first <= b_last and b_first <= a_last


def household_type(anchor_sex: str, members: list[tuple[bool, str]]) -> str:
    """From the spec's list of types; members are (adult, role), the anchor included."""
    if len(members) == 1:
        return {"M": "homme_seul", "F": "femme_seule"}.get(anchor_sex, "autre")
    adults = [m for m in members if m[0]]
    minor_children = [m for m in members if not m[0] and m[1] == "enfant"]
    others = len(members) - len(adults) - len(minor_children)
    if len(members) == 2 and len(adults) == 2 and all(role != "enfant" for _, role in members):
        return "couple_sans_enfant"
    if others == 0 and minor_children and len(adults) == 1:
        return "famille_monoparentale"
    if others == 0 and minor_children and len(adults) == 2:
        return "couple_avec_enfants"
    return "autre"


def households(data: Data, p_start: D, by_person: dict[int, list[dict[str, Any]]], ref: dict[int, Any]) -> Any:
    """v1.1: "Household membership is judged on reference stays" (see indicators-v1.md); decisions of
    docs/indicators.md: a member not accompanied takes the role of their latest stay sharing a day with the
    anchor's; an accompanied person already counted elsewhere still shapes the type."""
    types: Counter[str] = Counter()
    counted_persons: Counter[str] = Counter()
    by_household: dict[int, list[int]] = defaultdict(list)
    for pid in by_person:
        if ref[pid]["household"] is None:
            alone = household_type(data.persons[pid]["sex"], [(True, "demandeur")])
            types[alone] += 1
            counted_persons[alone] += 1
        else:
            by_household[ref[pid]["household"]].append(pid)
    for household, members in by_household.items():
        remaining = list(members)
        while remaining:
            demandeurs = [pid for pid in remaining if ref[pid]["role"] == "demandeur"]
            anchor = min(demandeurs or remaining, key=lambda pid: natural_order(data.persons[pid]["ext"], pid))
            anchor_stay = ref[anchor]
            age_day = max(anchor_stay["start"], p_start)
            shaping = [(pid, ref[pid]["role"]) for pid in members if shares_a_day(anchor_stay, ref[pid])]
            outside: dict[int, dict[str, Any]] = {}
            for s in data.stays:
                if s["household"] == household and s["person"] not in by_person and shares_a_day(anchor_stay, s):
                    best = outside.get(s["person"])
                    key = (s["start"], s["end"] is None, s["end"] or D.min, natural_order(s["ext"], s["pk"]))
                    if best is None or key > (
                        best["start"],
                        best["end"] is None,
                        best["end"] or D.min,
                        natural_order(best["ext"], best["pk"]),
                    ):
                        outside[s["person"]] = s
            shaping += [(pid, s["role"]) for pid, s in outside.items()]
            typed = []
            for pid, role in shaping:
                birth = data.persons[pid]["birth"]
                typed.append((age_on(birth, age_day) >= 18 if birth else role != "enfant", role))
            kind = household_type(data.persons[anchor]["sex"], typed)
            counted = [pid for pid in remaining if shares_a_day(anchor_stay, ref[pid])]
            types[kind] += 1
            counted_persons[kind] += len(counted)
            remaining = [pid for pid in remaining if pid not in counted]
    return types, counted_persons


@dataclass
class Data:
    services: dict[int, dict[str, Any]] = field(default_factory=dict)  # pk -> {establishment, modality, capacity, nr}
    capacities: list[dict[str, Any]] = field(default_factory=list)
    persons: dict[int, dict[str, Any]] = field(default_factory=dict)  # pk -> {sex, birth, ext}
    stays: list[dict[str, Any]] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    vulnerabilities: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)


def stay_days(stay: dict[str, Any]) -> tuple[D, D]:
    """Days of a stay, both included (an ongoing stay runs on)."""
    return stay["start"], stay["end"] or D.max


def in_force(m: dict[str, Any], day: D) -> bool:
    if m["measure"] == "condamnation_anterieure":
        return False
    return (m["start"] is None or m["start"] <= day) and (m["end"] is None or day < m["end"])


def in_force_during(m: dict[str, Any], first: D, last: D) -> bool:
    day = max(first, m["start"] or first)
    return day <= last and in_force(m, day)


def ended_before(m: dict[str, Any], start: D) -> bool:
    return m["end"] is not None and 0 <= (start - m["end"]).days <= 183


def compute(data: Data, year: int, in_scope: set[int]) -> dict[str, Any]:  # noqa: C901 - a naive spec transcription
    p_start, p_end = D(year, 1, 1), D(year, 12, 31)
    active = [
        s
        for s in data.stays
        if s["service"] in in_scope and s["start"] <= p_end and (s["end"] is None or s["end"] >= p_start)
    ]
    by_person: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for s in active:
        by_person[s["person"]].append(s)
    # v1.1: "Reference stay ties: same start and same end → the larger stay_id"
    ref = {
        pid: max(
            stays, key=lambda s: (s["start"], s["end"] is None, s["end"] or D.min, natural_order(s["ext"], s["pk"]))
        )
        for pid, stays in by_person.items()
    }
    persons = sorted(by_person)
    modality = {pid: data.services[ref[pid]["service"]]["modality"] for pid in persons}
    age_date = {pid: max(ref[pid]["start"], p_start) for pid in persons}
    ages = [age_on(data.persons[pid]["birth"], age_date[pid]) for pid in persons if data.persons[pid]["birth"]]
    measures_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for m in data.measures:
        measures_of[m["person"]].append(m)

    linked: dict[int, bool] = {}
    situation: dict[int, tuple[str, str]] = {}
    for pid in persons:
        windows = [(s["start"], min(s["end"] or p_end, p_end)) for s in by_person[pid]]
        ms = measures_of[pid]
        is_linked = any(m["measure"] == "condamnation_anterieure" for m in ms) or any(
            in_force_during(m, a, b) or ended_before(m, a) for m in ms for a, b in windows
        )
        linked[pid] = is_linked
        if not is_linked:
            continue
        current = [
            m
            for m in ms
            if m["measure"] not in ("incarceration", "condamnation_anterieure")
            and any(in_force_during(m, a, b) for a, b in windows)
        ]
        if current:
            group = min((GROUP[m["measure"]] for m in current), key=PRECEDENCE.index)
            best = max(
                (m for m in current if GROUP[m["measure"]] == group),
                key=lambda m: (m["start"] or D.min, natural_order(m["ext"], m["pk"])),
            )
            situation[pid] = (group, best["measure"])
        elif any(m["measure"] == "incarceration" and ended_before(m, a) for m in ms for a, _ in windows):
            situation[pid] = ("peine_terminee", "sortie_prison_6_mois")
        elif any(m["measure"] != "incarceration" and ended_before(m, a) for m in ms for a, _ in windows):
            situation[pid] = ("peine_terminee", "fin_amenagement_ou_alternative")
        elif any(m["measure"] == "condamnation_anterieure" for m in ms):
            situation[pid] = ("peine_terminee", "condamnation_anterieure")
        else:
            situation[pid] = ("incarceration", "incarceration")

    non_emergency = [pid for pid in persons if modality[pid] not in EMERGENCY_ONLY]
    n_linked = sum(linked.values())
    groups = Counter(g for g, _ in situation.values())
    measures_count = Counter(m for _, m in situation.values())

    leavers = [s for s in active if s["end"] is not None and p_start <= s["end"] <= p_end]
    leaver_days = [(s["end"] - s["start"]).days for s in leavers]
    positive = [
        s
        for s in leavers
        if s["exit_housing"] in ("logement_autonome", "logement_adapte") or s["exit_activity"] in EMPLOYMENT | TRAINING
    ]
    ci = [s for s in leavers if data.services[s["service"]]["modality"] == "contrat_insertion"]
    all_days = [(min(s["end"] or p_end + ONE, p_end + ONE) - s["start"]).days for s in active]

    vuln: dict[str, Any] = {}
    for kind in ("addiction_alcool", "addiction_drogues", "troubles_psychiques", "handicap"):
        having = [
            pid
            for pid in persons
            if any(
                v["person"] == pid and v["kind"] == kind and v["recorded_on"] <= (ref[pid]["end"] or p_end)
                for v in data.vulnerabilities
            )
        ]
        vuln[kind] = {
            "share": pct(len(having), len(persons)),
            "justice_share": pct(sum(linked[pid] for pid in having), len(having)),
        }

    nights: dict[int, int] = {}
    occupancy: dict[int, float | None] = {}
    for spk, svc in data.services.items():
        if spk not in in_scope or svc["modality"] not in HOSTING:
            continue
        if svc["night_recording"] == "nuitee":
            n = sum(
                e["quantity"]
                for e in data.events
                if e["service"] == spk and e["kind"] == "nuitee" and p_start <= e["date"] <= p_end
            )
        else:
            n = 0
            day = p_start
            while day <= p_end:
                n += sum(
                    1
                    for s in data.stays
                    if s["service"] == spk and s["start"] <= day and (s["end"] is None or day < s["end"])
                )
                day += ONE
        nights[spk] = n
        place_nights = 0
        day = p_start
        while day <= p_end:
            covering = [
                c
                for c in data.capacities
                if c["service"] == spk and c["start"] <= day and (c["end"] is None or day < c["end"])
            ]
            if covering:
                place_nights += max(covering, key=lambda c: (c["start"], c["pk"]))["places"]
            else:
                place_nights += svc["capacity"] or 0
            day += ONE
        occupancy[spk] = pct(n, place_nights)

    in_p = [e for e in data.events if e["service"] in in_scope and p_start <= e["date"] <= p_end]
    domiciliations = [e for e in in_p if e["kind"] == "domiciliation"]
    reqs = [r for r in data.requests if r["service"] in in_scope and p_start <= r["received_on"] <= p_end]

    completion: dict[str, Any] = {}
    pse_done: list[dict[str, Any]] = []
    for code in ("semi_liberte", "pse", "liberation_conditionnelle", "placement_exterieur"):
        ending = [
            m
            for m in data.measures
            if m["measure"] == code
            and m["end"] is not None
            and p_start <= m["end"] <= p_end
            and any(
                s["person"] == m["person"]
                and s["service"] in in_scope
                and stay_days(s)[0] <= m["end"] <= stay_days(s)[1]
                for s in data.stays
            )
        ]
        completion[code] = {
            "count": len(ending),
            "completed_share": pct(sum(m["outcome"] == "terminee" for m in ending), len(ending)),
        }
        if code == "pse":
            pse_done = ending
    household_types, household_persons = households(data, p_start, by_person, ref)
    return {
        "households": {
            "households": {t: household_types[t] for t in HOUSEHOLD_TYPES},
            "persons": {t: household_persons[t] for t in HOUSEHOLD_TYPES},
        },
        "persons": len(persons),
        "persons_by_modality": Counter(modality.values()),
        "mean_age": statistics.fmean(ages) if ages else None,
        "justice_share": pct(sum(linked[pid] for pid in non_emergency), len(non_emergency)),
        "groups": {g: pct(groups[g], n_linked) for g in [*PRECEDENCE, "peine_terminee", "incarceration"]},
        "measures": {m: pct(c, n_linked) for m, c in measures_count.items()},
        "mean_stay_days": Fraction(sum(leaver_days), len(leaver_days)) if leavers else None,
        "median_stay_days": statistics.median(leaver_days) if leavers else None,
        "mean_stay_months": months(Fraction(sum(leaver_days), len(leaver_days))) if leavers else None,
        "mean_stay_months_all": months(Fraction(sum(all_days), len(all_days))) if active else None,
        "positive_exits": {"count": len(positive), "share": pct(len(positive), len(leavers))},
        "positive_housing_share": pct(sum(s["exit_housing"] == "logement_autonome" for s in positive), len(positive)),
        "positive_activity_share": pct(
            sum(s["exit_activity"] in EMPLOYMENT | TRAINING for s in positive), len(positive)
        ),
        "dynamic_exit_share": pct(sum(s["exit_activity"] in EMPLOYMENT | TRAINING for s in ci), len(ci)),
        "vulnerability_shares": vuln,
        "nights": nights,
        "occupancy": occupancy,
        "meals": sum(e["quantity"] for e in in_p if e["kind"] == "repas"),
        "domiciliations": {
            "count": len(domiciliations),
            "justice_linked": sum(1 for e in domiciliations if linked.get(e["person"], False)),
        },
        "admissions": {
            "received_by_prescriber": Counter(r["prescriber"] for r in reqs),
            "decisions": Counter(r["decision"] for r in reqs),
            "outcomes": Counter(r["outcome"] for r in reqs),
        },
        "measure_completion": completion,
        "pse_measures": len(pse_done),
    }
