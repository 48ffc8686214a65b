"""A proportionally scaled, multi-year interchange v1 data set for benchmarks (make_scale).

The association of the demo (its ten establishments and their services) is replicated once per ~5,000 persons,
so that capacities grow with the population; each person gets, on average, 3 stays (one after the other, never two
hosting stays on the same night), 2 justice measures and 10 events, drawn with the demo's distributions (modality
of the stays, sex, ages, share under justice, measures, exits, vulnerabilities, households).

Everything is streamed to the CSV files person by person: memory stays bounded whatever the number of persons
(1,000,000 persons ≈ 16 million rows). Deterministic for a given seed.
"""

from __future__ import annotations

import datetime
import pathlib
import random
from collections.abc import Callable
from itertools import accumulate
from typing import TypeVar

from admissions.enums import Decision, Prescriber, RequestOutcome
from establishments.enums import Modality, NightRecording
from events.enums import EventKind
from justice.enums import MeasureOutcome, MeasureType
from people.enums import Sex, VulnerabilityKind
from stays.enums import ExitActivity, ExitHousing, ExitReason, HouseholdRole

from .csvout import CsvSet
from .demo2019 import CAPACITIES, ESTABLISHMENTS, SERVICES

PERSONS_PER_REPLICA = 5_000
_BASE = datetime.date(1920, 1, 1).toordinal()
_ISO = [datetime.date.fromordinal(_BASE + i).isoformat() for i in range(366 * 120)]


def iso(day: int) -> str:
    """An ordinal day (days since 1920-01-01) as YYYY-MM-DD."""
    return _ISO[day]


def ordinal(d: datetime.date) -> int:
    return d.toordinal() - _BASE


# Every code below comes from the apps' enums. The dicts and lists are ordered: the seeded draws pick by position.
# Persons by reference modality in the 2019 report (the demo's distribution).
MODALITY_WEIGHTS = {
    Modality.ACCUEIL_JOUR: 244,
    Modality.CONTRAT_INSERTION: 140,
    Modality.HEBERGEMENT_URGENCE: 318,
    Modality.LOGEMENT_ADAPTE: 40,
    Modality.HALTE_NUIT: 142,
    Modality.HEBERGEMENT_INSERTION: 282,
    Modality.LHSS: 37,
    Modality.HEBERGEMENT_URGENCE_ACCOMPAGNE: 89,
    Modality.PROJET_PROFESSIONNEL: 37,
}
DURATIONS = {  # days (min, max) of a stay, by modality
    Modality.ACCUEIL_JOUR: (30, 700),
    Modality.CONTRAT_INSERTION: (90, 500),
    Modality.HEBERGEMENT_URGENCE: (5, 80),
    Modality.LOGEMENT_ADAPTE: (200, 1500),
    Modality.HALTE_NUIT: (20, 170),
    Modality.HEBERGEMENT_INSERTION: (120, 900),
    Modality.LHSS: (40, 150),
    Modality.HEBERGEMENT_URGENCE_ACCOMPAGNE: (15, 90),
    Modality.PROJET_PROFESSIONNEL: (30, 180),
}
# Modalities a household of several persons is never given (it goes to insertion housing instead).
SINGLE_ONLY = (Modality.HALTE_NUIT, Modality.CONTRAT_INSERTION, Modality.PROJET_PROFESSIONNEL, Modality.ACCUEIL_JOUR)
MEASURE_WEIGHTS = {
    MeasureType.SME: 80,
    MeasureType.TIG: 45,
    MeasureType.CONTRAINTE_PENALE: 2,
    MeasureType.COMPOSITION_PENALE: 1,
    MeasureType.SEMI_LIBERTE: 3,
    MeasureType.PSE: 61,
    MeasureType.LIBERATION_CONDITIONNELLE: 5,
    MeasureType.PLACEMENT_EXTERIEUR: 1,
    MeasureType.CONTROLE_JUDICIAIRE: 7,
    MeasureType.ARSE: 1,
    MeasureType.SSJ: 75,
    MeasureType.SURSIS_SIMPLE: 1,
}
Exit = tuple[ExitReason, ExitHousing, ExitActivity]
EXITS_POSITIVE: list[Exit] = [
    (ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.LOGEMENT_AUTONOME, ExitActivity.CDI),
    (ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.LOGEMENT_AUTONOME, ExitActivity.RECHERCHE_EMPLOI),
    (ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.LOGEMENT_ADAPTE, ExitActivity.SANS_ACTIVITE),
    (ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.TIERS, ExitActivity.INTERIM),
    (ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.LOGEMENT_AUTONOME, ExitActivity.FORMATION_QUALIFIANTE),
]
EXITS_NEGATIVE: list[Exit] = [
    (ExitReason.ABANDON, ExitHousing.RUE, ExitActivity.SANS_ACTIVITE),
    (ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.HEBERGEMENT_URGENCE, ExitActivity.INCONNU),
    (ExitReason.REORIENTATION, ExitHousing.HEBERGEMENT_INSERTION, ExitActivity.RECHERCHE_EMPLOI),
    (ExitReason.EXCLUSION, ExitHousing.TIERS, ExitActivity.SANS_ACTIVITE),
    (ExitReason.INCARCERATION, ExitHousing.INCARCERATION, ExitActivity.SANS_ACTIVITE),
    (ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.INCONNU, ExitActivity.INCONNU),
    (ExitReason.HOSPITALISATION, ExitHousing.HOPITAL, ExitActivity.INCONNU),
]
EVENT_KINDS = {
    Modality.ACCUEIL_JOUR: [
        EventKind.PASSAGE_ACCUEIL_JOUR,
        EventKind.PASSAGE_ACCUEIL_JOUR,
        EventKind.DOUCHE,
        EventKind.COURRIER,
        EventKind.REPAS,
    ],
    Modality.HALTE_NUIT: [EventKind.NUITEE],
}
DEFAULT_EVENT_KINDS = [EventKind.ENTRETIEN, EventKind.ENTRETIEN, EventKind.ATELIER_COLLECTIF, EventKind.REPAS]
VULNERABILITY_RATES = [
    (VulnerabilityKind.ADDICTION_ALCOOL, 0.184),
    (VulnerabilityKind.ADDICTION_DROGUES, 0.16),
    (VulnerabilityKind.TROUBLES_PSYCHIQUES, 0.136),
    (VulnerabilityKind.HANDICAP, 0.04),
]
PRESCRIBERS = [
    Prescriber.SPIP,
    Prescriber.SIAO,
    Prescriber.JAP,
    Prescriber.PERMANENCE_PRISON,
    Prescriber.FRANCE_TRAVAIL,
    Prescriber.ASSOCIATION,
    Prescriber.PERSONNE,
]

K = TypeVar("K")


def _chooser(rng: random.Random, weights: dict[K, int]) -> Callable[[], K]:
    keys = list(weights)
    cum = list(accumulate(weights.values()))
    total = cum[-1]

    def choose() -> K:
        r = rng.random() * total
        for key, c in zip(keys, cum, strict=True):
            if r < c:
                return key
        return keys[-1]

    return choose


def generate_scale(
    *,
    persons: int,
    output: pathlib.Path,
    first_year: int = 2017,
    last_year: int = 2020,
    seed: int = 7,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write a scaled data set of `persons` persons with stays between `first_year` and `last_year`."""
    from faker import Faker

    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    last_names = [fake.last_name() for _ in range(3000)]
    male_names = [fake.first_name_male() for _ in range(600)]
    female_names = [fake.first_name_female() for _ in range(600)]
    replicas = max(1, -(-persons // PERSONS_PER_REPLICA))
    by_modality: dict[Modality, list[tuple[str, bool]]] = {}
    for sid, _est, _name, modality, _cap, nights in SERVICES:
        if sid == "var_invisibles":
            continue
        by_modality.setdefault(modality, []).append((sid, nights == NightRecording.NUITEE))
    range_start = ordinal(datetime.date(first_year, 1, 1))
    range_end = ordinal(datetime.date(last_year, 12, 31))
    choose_modality = _chooser(rng, MODALITY_WEIGHTS)
    choose_measure = _chooser(rng, MEASURE_WEIGHTS)
    rand = rng.random
    randint = rng.randint
    output = pathlib.Path(output)
    output.mkdir(parents=True, exist_ok=True)
    for old in output.glob("*.csv"):
        old.unlink()
    counters = {"stay": 0, "measure": 0, "event": 0, "request": 0, "tig": 0, "household": 0}
    with CsvSet(output) as out:
        w_est = out.writer("establishments.csv")
        w_srv = out.writer("services.csv")
        w_cap = out.writer("capacities.csv")
        w_cohort = out.writer("cohorts.csv")
        cohorts: dict[tuple[str, int], str] = {}
        for r in range(1, replicas + 1):
            for est_id, name, city, territory in ESTABLISHMENTS:
                w_est.writerow([f"{est_id}_{r}", f"{name} ({r})", city, territory])
            for sid, est_id, name, modality, capacity, nights in SERVICES:
                w_srv.writerow(
                    [f"{sid}_{r}", f"{est_id}_{r}", name, modality, "" if capacity is None else capacity, nights]
                )
            winter_places = {sid: places for sid, _start, _end, places in CAPACITIES}
            for sid, places in winter_places.items():
                for year in range(first_year - 1, last_year + 1):
                    w_cap.writerow([f"{sid}_{r}", f"{year}-11-01", f"{year + 1}-05-01", places])
            for year in range(first_year, last_year + 1):
                for sid in ("aqi_paris", "aqi_aubervilliers", "aqi_amiens"):
                    cid = f"{sid}_{r}_{year}"
                    cohorts[(f"{sid}_{r}", year)] = cid
                    w_cohort.writerow(
                        [
                            cid,
                            f"{sid}_{r}",
                            f"Promotion {year} ({sid}, {r})",
                            f"{year}-01-07",
                            f"{year}-09-27",
                            f"{year}-09-19",
                        ]
                    )
        for name in ("establishments.csv", "services.csv", "capacities.csv", "cohorts.csv"):
            out.counts[name] = -1  # not counted row by row
        w_person = out.writer("persons.csv")
        w_stay = out.writer("stays.csv")
        w_measure = out.writer("justice_measures.csv")
        w_event = out.writer("events.csv")
        w_vuln = out.writer("vulnerabilities.csv")
        w_request = out.writer("admission_requests.csv")
        w_member = out.writer("cohort_members.csv")
        w_tig = out.writer("tig_placements.csv")
        rows = 0
        n = 0
        while n < persons:
            r = (n % replicas) + 1
            suffix = f"_{r}"
            # A household: mostly one person; 2% couples, 1% a parent with one or two children.
            u = rand()
            size = 1 if u < 0.97 or persons - n < 3 else (2 if u < 0.99 else randint(2, 3))
            kind = "couple" if size == 2 and u < 0.99 else ("family" if size > 1 else "alone")
            household = ""
            if size > 1:
                counters["household"] += 1
                household = f"M{counters['household']}"
            # The timeline of stays, shared by the members of the household.
            t = randint(range_start - 400, max(range_start, range_end - 1000))
            n_stays = rng.choices((1, 2, 3, 4, 5), (15, 20, 30, 20, 15))[0]
            timeline: list[tuple[str, Modality, int, int | None, bool]] = []
            for _ in range(n_stays):
                modality = choose_modality()
                if kind != "alone" and modality in SINGLE_ONLY:
                    modality = Modality.HEBERGEMENT_INSERTION
                services = by_modality[modality]
                sid, nuitee = services[randint(0, len(services) - 1)]
                lo, hi = DURATIONS[modality]
                end: int | None = t + randint(lo, hi)
                if end > range_end:  # type: ignore[operator]
                    end = None if rand() < 0.7 else end
                timeline.append((sid + suffix, modality, t, end, nuitee))
                if end is None:
                    break
                t = end + (randint(0, 90) if rand() < 0.6 else 0)
                if t > range_end:
                    break
            first_start = timeline[0][2]
            justice = kind != "family" and rand() < 0.45
            for member in range(size):
                n += 1
                pid = f"P{n}"
                child = kind == "family" and member > 0
                if member == 0:
                    sex = Sex.M if rand() < 0.8 else Sex.F
                else:
                    sex = Sex.F if kind == "couple" else (Sex.M, Sex.F)[randint(0, 1)]
                age = randint(1, 15) if child else int(rng.triangular(18, 75, 30))
                birth = first_start - age * 365 - randint(0, 364)
                first = female_names if sex == Sex.F else male_names
                w_person.writerow([pid, last_names[randint(0, 2999)], first[randint(0, 599)], iso(birth), sex])
                rows += 1
                role = (
                    ""
                    if size == 1
                    else (
                        HouseholdRole.DEMANDEUR
                        if member == 0
                        else (HouseholdRole.ENFANT if child else HouseholdRole.CONJOINT)
                    )
                )
                member_of: set[str] = set()
                for sid, modality, start, end, _nuitee in timeline:
                    counters["stay"] += 1
                    if end is None:
                        w_stay.writerow([f"S{counters['stay']}", pid, sid, iso(start), "", household, role, "", "", ""])
                    else:
                        ex = EXITS_POSITIVE[randint(0, 4)] if rand() < 0.17 else EXITS_NEGATIVE[randint(0, 6)]
                        w_stay.writerow([f"S{counters['stay']}", pid, sid, iso(start), iso(end), household, role, *ex])
                    rows += 1
                    if modality == Modality.CONTRAT_INSERTION and sid.startswith("aqi_"):
                        year = datetime.date.fromordinal(_BASE + start).year
                        cohort_id = cohorts.get((sid, year))
                        if cohort_id is not None and cohort_id not in member_of:
                            member_of.add(cohort_id)
                            sat = rand() < 0.67
                            w_member.writerow([cohort_id, pid, int(sat), int(sat and rand() < 0.92)])
                            rows += 1
                # Events: about 10 per person, within the stays.
                per_stay = max(1, round(10 / len(timeline)))
                for sid, modality, start, end, _nuitee in timeline:
                    stop = min(end if end is not None else range_end, range_end)
                    if stop < start:
                        continue
                    kinds = EVENT_KINDS.get(modality, DEFAULT_EVENT_KINDS)
                    for _ in range(per_stay):
                        counters["event"] += 1
                        w_event.writerow(
                            [
                                f"E{counters['event']}",
                                pid,
                                sid,
                                iso(randint(start, stop)),
                                kinds[randint(0, len(kinds) - 1)],
                                1,
                            ]
                        )
                        rows += 1
                if child:
                    continue
                # Justice measures: about 2 per person.
                if justice:
                    counters["measure"] += 1
                    release = first_start - randint(0, 150)
                    w_measure.writerow(
                        [
                            f"J{counters['measure']}",
                            pid,
                            MeasureType.INCARCERATION,
                            iso(release - randint(200, 1500)),
                            iso(release),
                            MeasureOutcome.TERMINEE,
                            "SPIP 80",
                        ]
                    )
                    rows += 1
                    for _ in range(randint(1, 3)):
                        counters["measure"] += 1
                        start = first_start - randint(0, 300)
                        end = start + randint(180, 1500)
                        if end > range_end + 365:
                            w_measure.writerow(
                                [f"J{counters['measure']}", pid, choose_measure(), iso(start), "", "", "SPIP 80"]
                            )
                        else:
                            outcome = MeasureOutcome.TERMINEE if rand() < 0.85 else MeasureOutcome.REVOQUEE
                            w_measure.writerow(
                                [
                                    f"J{counters['measure']}",
                                    pid,
                                    choose_measure(),
                                    iso(start),
                                    iso(end),
                                    outcome,
                                    "SPIP 80",
                                ]
                            )
                        rows += 1
                else:
                    for _ in range(randint(0, 2)):
                        counters["measure"] += 1
                        if rand() < 0.5:
                            w_measure.writerow(
                                [f"J{counters['measure']}", pid, MeasureType.CONDAMNATION_ANTERIEURE, "", "", "", ""]
                            )
                        else:
                            end = first_start - randint(400, 2000)
                            w_measure.writerow(
                                [
                                    f"J{counters['measure']}",
                                    pid,
                                    MeasureType.SME,
                                    iso(end - randint(200, 800)),
                                    iso(end),
                                    MeasureOutcome.TERMINEE,
                                    "SPIP 80",
                                ]
                            )
                        rows += 1
                recorded = iso(first_start)
                for vkind, rate in VULNERABILITY_RATES:
                    if rand() < rate:
                        w_vuln.writerow([pid, vkind, recorded])
                        rows += 1
                if member == 0 and rand() < 0.25:
                    counters["request"] += 1
                    received = first_start - randint(10, 40)
                    w_request.writerow(
                        [
                            f"D{counters['request']}",
                            pid,
                            timeline[0][0],
                            iso(received),
                            PRESCRIBERS[randint(0, 6)],
                            Decision.FAVORABLE,
                            iso(received + randint(1, 9)),
                            RequestOutcome.ADMIS,
                            "",
                        ]
                    )
                    rows += 1
                if justice and rand() < 0.05:
                    counters["tig"] += 1
                    start = randint(range_start, range_end - 200)
                    ordered = 35 * randint(1, 6)
                    w_tig.writerow(
                        [
                            f"T{counters['tig']}",
                            pid,
                            f"ate_garage{suffix}",
                            iso(start),
                            iso(start + randint(60, 180)),
                            ordered,
                            ordered,
                            int(rand() < 0.06),
                        ]
                    )
                    rows += 1
            if progress is not None and n % 100_000 < size:
                progress(n)
        # Anonymous meals: one count per service and month.
        for r in range(1, replicas + 1):
            for sid in ("pas_accueil", "pas_urgence", "aug_insertion", "th_insertion", "cv_chrs"):
                for year in range(first_year, last_year + 1):
                    for month in range(1, 13):
                        counters["event"] += 1
                        w_event.writerow(
                            [
                                f"E{counters['event']}",
                                "",
                                f"{sid}_{r}",
                                f"{year}-{month:02d}-15",
                                EventKind.REPAS,
                                randint(400, 1200),
                            ]
                        )
                        rows += 1
    return {
        "persons": persons,
        "replicas": replicas,
        "rows": rows,
        "stays": counters["stay"],
        "measures": counters["measure"],
        "events": counters["event"],
    }
