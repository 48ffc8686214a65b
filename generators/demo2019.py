"""The calibrated 2019 demo data set: the association of the 2019 activity report, as interchange v1 records.

Designed top-down from the report's own figures (see docs/demo-data.md): every group of people below is built
with the exact counts the report gives (people per establishment and per modality, households, judicial
situations, exits, vulnerabilities…); only what the report leaves free (names, exact dates, which person gets
which vulnerability) is drawn from a seeded `random.Random` and a seeded Faker. Mean ages and mean stays are
then set exactly (ages and the start dates of "free" leaver stays are adjusted to the target sums).

`build_demo(seed)` returns a `DemoData` (plain rows); `write_demo(data, folder)` writes the CSV files.
"""

from __future__ import annotations

import datetime
import pathlib
import random
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from admissions.enums import Decision, Prescriber, RequestOutcome
from establishments.enums import Modality, NightRecording
from events.enums import EventKind
from justice.enums import MEASURE_GROUP, MeasureOutcome, MeasureType, ServedSubcategory, SituationGroup
from people.enums import Sex, VulnerabilityKind
from stays.enums import ExitActivity, ExitHousing, ExitReason, HouseholdRole

from .csvout import CsvSet, canonicalize

YEAR = 2019
D = datetime.date
Y0 = D(YEAR, 1, 1)
Y1 = D(YEAR, 12, 31)
AFTER = D(YEAR + 1, 1, 1)
FIRST_EXIT = D(YEAR, 1, 8)  # default window of the exits of leaver stays
LAST_EXIT = D(YEAR, 12, 27)
LAST_ENTRY = D(YEAR, 12, 10)
MONTH_DAYS = Fraction("30.4375")
DEFAULT_SEED = 2019

# --- the association -------------------------------------------------------------------------------------------

ESTABLISHMENTS: list[tuple[str, str, str, str]] = [
    ("chemin_vert", "CHRS Chemin Vert", "Paris 11e", "Paris"),
    ("val_de_marne", "CHRS L'Îlot Val-de-Marne", "Vincennes, Villiers-sur-Marne", "Val-de-Marne"),
    ("thuillier", "CHRS Thuillier", "Amiens", "Somme"),
    ("augustins", "CHRS Les Augustins", "Amiens", "Somme"),
    ("passerelle", "CHU La Passerelle", "Amiens", "Somme"),
    ("ateliers", "Les Ateliers de l'Îlot", "Amiens", "Somme"),
    ("aqi", "Ateliers Qualification-Insertion (AQI)", "Paris, Aubervilliers, Amiens", "Île-de-France, Somme"),
    ("soa", "Session d'orientation approfondie (SOA)", "Aubervilliers", "Seine-Saint-Denis"),
    ("var", "L'Îlot dans le Var", "Toulon", "Var"),
    ("projets", "Projets transversaux", "Amiens", "Somme"),
]

# Short names of the codes of the services table (every code comes from the apps' enums).
HI, HU, HUA = Modality.HEBERGEMENT_INSERTION, Modality.HEBERGEMENT_URGENCE, Modality.HEBERGEMENT_URGENCE_ACCOMPAGNE
HN, AJ = Modality.HALTE_NUIT, Modality.ACCUEIL_JOUR
LA, LHSS, CI, PP = Modality.LOGEMENT_ADAPTE, Modality.LHSS, Modality.CONTRAT_INSERTION, Modality.PROJET_PROFESSIONNEL
SEJOUR, NUITEE = NightRecording.SEJOUR, NightRecording.NUITEE

# service_id, establishment_id, name, modality, capacity, night_recording
SERVICES: list[tuple[str, str, str, Modality, int | None, NightRecording]] = [
    ("cv_chrs", "chemin_vert", "Hébergement d'insertion (CHRS)", HI, 60, SEJOUR),
    ("vdm_villiers", "val_de_marne", "Maison de Villiers-sur-Marne (femmes seules)", HI, 28, SEJOUR),
    ("vdm_vincennes", "val_de_marne", "Maison de Vincennes (couples)", HI, 24, SEJOUR),
    ("th_insertion", "thuillier", "Hébergement d'insertion", HI, 40, SEJOUR),
    ("th_stabilisation", "thuillier", "Stabilisation", HI, 14, SEJOUR),
    ("th_urgence", "thuillier", "Places d'urgence", HU, 10, SEJOUR),
    ("th_lhss", "thuillier", "Lits halte soins santé (femmes)", LHSS, 5, SEJOUR),
    ("aug_insertion", "augustins", "Hébergement d'insertion", HI, 20, SEJOUR),
    ("aug_pension", "augustins", "Pension de famille", LA, 20, SEJOUR),
    ("aug_lhss", "augustins", "Lits halte soins santé (hommes)", LHSS, 6, SEJOUR),
    ("aug_diffus", "augustins", "Appartements en diffus", LA, 6, SEJOUR),
    ("aug_urgence", "augustins", "Places d'urgence (SIAO)", HU, 2, SEJOUR),
    ("pas_urgence", "passerelle", "Hébergement d'urgence", HU, 32, SEJOUR),
    ("pas_accompagne", "passerelle", "Urgence avec accompagnement social", HUA, 14, SEJOUR),
    ("pas_halte", "passerelle", "Halte de nuit", HN, None, NUITEE),
    ("pas_accueil", "passerelle", "Accueil de jour et domiciliation", AJ, None, SEJOUR),
    ("ate_restaurant", "ateliers", "Restaurant-traiteur L'Îlot Gourmand", CI, 20, SEJOUR),
    ("ate_garage", "ateliers", "Garage Auto Bleue", CI, 16, SEJOUR),
    ("ate_menuiserie", "ateliers", "Menuiserie", CI, 7, SEJOUR),
    ("aqi_paris", "aqi", "AQI Paris", CI, 15, SEJOUR),
    ("aqi_aubervilliers", "aqi", "AQI Aubervilliers", CI, 15, SEJOUR),
    ("aqi_amiens", "aqi", "AQI Amiens", CI, 15, SEJOUR),
    ("soa_session", "soa", "Session d'orientation approfondie", PP, 8, SEJOUR),
    ("var_invisibles", "var", "Accompagnement vers l'emploi des 16–29 ans « invisibles »", PP, 60, SEJOUR),
    ("proj_intermediation", "projets", "Intermédiation locative", LA, 12, SEJOUR),
    ("proj_metamorphose", "projets", "Métamorphose — inclusion numérique et savoirs de base", PP, None, SEJOUR),
    ("proj_cddi", "projets", "Chantier d'insertion Métamorphose (CDDI)", CI, 6, SEJOUR),
]
SERVICE_ESTABLISHMENT = {s[0]: s[1] for s in SERVICES}
SERVICE_MODALITY = {s[0]: s[3] for s in SERVICES}

# Winter: 1 November → 30 April (end dates exclusive). La Passerelle: 46 places (32 emergency + 14 with follow-up),
# 55 in winter (41 + 14); the night shelter opens 10 places for the six winter months only.
WINTERS = [(D(2018, 11, 1), D(2019, 5, 1)), (D(2019, 11, 1), D(2020, 5, 1))]
CAPACITIES: list[tuple[str, D, D, int]] = [
    *[("pas_urgence", a, b, 41) for a, b in WINTERS],
    *[("pas_halte", a, b, 10) for a, b in WINTERS],
]

COHORTS = [  # cohort_id, service_id, name, start, end, exam
    ("aqi_2019_paris", "aqi_paris", "AQI Paris — promotion 2018-2019", D(2018, 11, 5), D(2019, 7, 5), D(2019, 6, 27)),
    (
        "aqi_2019_aubervilliers",
        "aqi_aubervilliers",
        "AQI Aubervilliers — promotion 2019",
        D(2019, 1, 7),
        D(2019, 9, 13),
        D(2019, 9, 5),
    ),
    ("aqi_2019_amiens", "aqi_amiens", "AQI Amiens — promotion 2019", D(2019, 3, 4), D(2019, 11, 29), D(2019, 11, 21)),
]

SPIP = {
    "chemin_vert": "SPIP 75",
    "val_de_marne": "SPIP 94",
    "aqi": "SPIP 75",
    "soa": "SPIP 93",
    "var": "SPIP 83",
}

# The lists are ordered: the seeded draws pick from them by position.
EMPLOYMENT = [
    ExitActivity.CDI,
    ExitActivity.CDD_6_MOIS_PLUS,
    ExitActivity.CDD_MOINS_6_MOIS,
    ExitActivity.INTERIM,
    ExitActivity.CONTRAT_AIDE,
    ExitActivity.EMBAUCHE_IAE,
]
TRAINING = [ExitActivity.FORMATION_QUALIFIANTE, ExitActivity.FORMATION_PRE_QUALIFIANTE]
NO_ACTIVITY = [ExitActivity.RECHERCHE_EMPLOI, ExitActivity.SANS_ACTIVITE, ExitActivity.INCONNU]
NEGATIVE_HOUSING = [
    ExitHousing.HEBERGEMENT_INSERTION,
    ExitHousing.HEBERGEMENT_URGENCE,
    ExitHousing.TIERS,
    ExitHousing.RUE,
    ExitHousing.INCONNU,
]
Exit = tuple[ExitReason, ExitHousing, ExitActivity]
# A judicial situation: the measure in force, or how a served sentence is counted (indicators v1).
Situation = MeasureType | ServedSubcategory

# Judicial situations of the 350 justice-linked persons (see docs/demo-data.md for why 350).
SITUATION_COUNTS: dict[Situation, int] = {
    MeasureType.SME: 80,
    MeasureType.TIG: 45,
    MeasureType.CONTRAINTE_PENALE: 2,
    MeasureType.COMPOSITION_PENALE: 1,
    MeasureType.SEMI_LIBERTE: 3,
    MeasureType.PSE: 61,
    MeasureType.LIBERATION_CONDITIONNELLE: 5,
    MeasureType.CONTROLE_JUDICIAIRE: 7,
    MeasureType.ARSE: 1,
    MeasureType.SSJ: 75,
    MeasureType.SURSIS_SIMPLE: 1,
    ServedSubcategory.FIN_AMENAGEMENT_OU_ALTERNATIVE: 3,
    ServedSubcategory.SORTIE_PRISON_6_MOIS: 40,
    ServedSubcategory.CONDAMNATION_ANTERIEURE: 26,
}
# The situations of a group, in the order above (sme, tig, contrainte_penale, composition_penale; semi_liberte, pse,
# liberation_conditionnelle): the group of each measure is justice's MEASURE_GROUP.
ALTERNATIVE = [c for c in SITUATION_COUNTS if MEASURE_GROUP.get(c) == SituationGroup.PEINE_ALTERNATIVE]
ADJUSTMENT = [c for c in SITUATION_COUNTS if MEASURE_GROUP.get(c) == SituationGroup.AMENAGEMENT_PEINE]
SERVED_WINDOW = {ServedSubcategory.FIN_AMENAGEMENT_OU_ALTERNATIVE, ServedSubcategory.SORTIE_PRISON_6_MOIS}

# Mean ages (whole years) and mean stays of leavers (months) of the report, per establishment.
MEAN_AGE = {
    "chemin_vert": 36,
    "val_de_marne": 39,
    "thuillier": 35,
    "augustins": 43,
    "passerelle": 35,
    "ateliers": 40,
    "aqi": 34,
}
MEAN_STAY = {"chemin_vert": 12, "val_de_marne": 14, "thuillier": 14, "augustins": 10, "ateliers": 9}
ASSOCIATION_MEAN_STAY = 10
MEALS = 85_506
NIGHT_SHELTER_NIGHTS = 1_475
# (alcohol, drugs, psychiatric): persons with the vulnerability, of whom justice-linked.
VULNERABILITIES = {
    VulnerabilityKind.ADDICTION_ALCOOL: (245, 136),
    VulnerabilityKind.ADDICTION_DROGUES: (214, 121),
    VulnerabilityKind.TROUBLES_PSYCHIQUES: (181, 109),
    VulnerabilityKind.HANDICAP: (52, 20),
}


# --- records ---------------------------------------------------------------------------------------------------


@dataclass(eq=False)
class Person:
    pid: str
    sex: Sex
    group: str
    last_name: str = ""
    first_name: str = ""
    age: int | None = None
    birth_date: D | None = None
    situation: Situation | None = None  # judicial situation when justice-linked
    stays: list[Stay] = field(default_factory=list)
    spip: str = "SPIP 80"
    fixed_measures: bool = False  # measures written by the group itself


@dataclass(eq=False)
class Stay:
    sid: str
    person: Person
    service: str
    start: D
    end: D | None
    household: str = ""
    role: HouseholdRole | None = None
    exit: Exit | None = None
    free: tuple[int, int] | None = None  # (min, max) days when its start may move to calibrate mean stays

    @property
    def establishment(self) -> str:
        return SERVICE_ESTABLISHMENT[self.service]

    @property
    def is_leaver(self) -> bool:
        return self.end is not None and Y0 <= self.end <= Y1

    @property
    def is_active(self) -> bool:
        return self.start <= Y1 and (self.end is None or self.end >= Y0)

    @property
    def days(self) -> int:
        assert self.end is not None
        return (self.end - self.start).days


@dataclass
class DemoData:
    persons: list[Person] = field(default_factory=list)
    stays: list[Stay] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    vulnerabilities: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    tigs: list[dict[str, Any]] = field(default_factory=list)


class Builder:
    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        from faker import Faker

        self.rng = random.Random(seed)
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(seed)
        self.data = DemoData()
        self.n_household = 0
        self.n_measure = 0
        self.n_event = 0
        self.groups: dict[str, list[Person]] = defaultdict(list)

    # -- helpers --
    def day(self, a: D, b: D) -> D:
        return a + datetime.timedelta(days=self.rng.randint(0, (b - a).days))

    def person(self, sex: Sex, group: str, *, last_name: str | None = None) -> Person:
        n = len(self.data.persons) + 1
        first = self.fake.first_name_female() if sex == Sex.F else self.fake.first_name_male()
        p = Person(
            pid=f"P{n:05d}", sex=sex, group=group, last_name=last_name or self.fake.last_name(), first_name=first
        )
        self.data.persons.append(p)
        self.groups[group].append(p)
        return p

    def people(self, count: int, sex: Sex, group: str) -> list[Person]:
        return [self.person(sex, group) for _ in range(count)]

    def stay(
        self,
        person: Person,
        service: str,
        start: D,
        end: D | None,
        *,
        exit: Exit | None = None,
        household: str = "",
        role: HouseholdRole | None = None,
        free: tuple[int, int] | None = None,
    ) -> Stay:
        if end is not None and exit is None:
            exit = self.negative_exit(service)
        s = Stay(
            sid=f"S{len(self.data.stays) + 1:05d}",
            person=person,
            service=service,
            start=start,
            end=end,
            household=household,
            role=role,
            exit=exit if end is not None else None,
            free=free,
        )
        person.stays.append(s)
        self.data.stays.append(s)
        return s

    def household(self) -> str:
        self.n_household += 1
        return f"M{self.n_household:04d}"

    def leaver(
        self,
        person: Person,
        service: str,
        lo: int,
        hi: int,
        *,
        exit: Exit | None = None,
        end_from: D = FIRST_EXIT,
        end_to: D = LAST_EXIT,
        free: bool = True,
        free_max: int | None = None,
        **kw: Any,
    ) -> Stay:
        end = self.day(end_from, end_to)
        start = end - datetime.timedelta(days=self.rng.randint(lo, hi))
        return self.stay(person, service, start, end, exit=exit, free=(lo, free_max or hi) if free else None, **kw)

    def ongoing(
        self,
        person: Person,
        service: str,
        start_from: D,
        start_to: D = LAST_ENTRY,
        *,
        cross: bool | None = None,
        **kw: Any,
    ) -> Stay:
        start = self.day(start_from, start_to)
        if cross is None:
            cross = self.rng.random() < 0.5
        end = self.day(max(AFTER, start + datetime.timedelta(days=30)), D(2020, 9, 30)) if cross else None
        exit = kw.pop("exit", None)
        if end is not None and exit is None:
            exit = self.positive_exit(auto=True, activity=self.rng.random() < 0.3)
        return self.stay(person, service, start, end, exit=exit, **kw)

    def positive_exit(
        self, *, auto: bool = True, activity: bool = False, training: bool = False, adapte: bool = False
    ) -> Exit:
        housing = (
            ExitHousing.LOGEMENT_ADAPTE
            if adapte
            else (ExitHousing.LOGEMENT_AUTONOME if auto else self.rng.choice(NEGATIVE_HOUSING))
        )
        if training:
            act = self.rng.choice(TRAINING)
        elif activity:
            act = self.rng.choice(EMPLOYMENT)
        else:
            act = self.rng.choice(
                [
                    ExitActivity.RECHERCHE_EMPLOI,
                    ExitActivity.RECHERCHE_EMPLOI,
                    ExitActivity.SANS_ACTIVITE,
                    ExitActivity.RETRAITE,
                ]
            )
        return (ExitReason.FIN_ACCOMPAGNEMENT, housing, act)

    def negative_exit(self, service: str) -> Exit:
        modality = SERVICE_MODALITY[service]
        if modality in (HU, HN, AJ):
            return (
                self.rng.choice(
                    [ExitReason.FIN_ACCOMPAGNEMENT, ExitReason.ABANDON, ExitReason.REORIENTATION, ExitReason.AUTRE]
                ),
                self.rng.choice(
                    [
                        ExitHousing.HEBERGEMENT_URGENCE,
                        ExitHousing.TIERS,
                        ExitHousing.RUE,
                        ExitHousing.INCONNU,
                        ExitHousing.INCONNU,
                    ]
                ),
                self.rng.choice([ExitActivity.SANS_ACTIVITE, ExitActivity.INCONNU, ExitActivity.INCONNU]),
            )
        if modality == LHSS:
            return (
                ExitReason.HOSPITALISATION,
                self.rng.choice([ExitHousing.HOPITAL, ExitHousing.HEBERGEMENT_INSERTION, ExitHousing.INCONNU]),
                self.rng.choice([ExitActivity.SANS_ACTIVITE, ExitActivity.INCONNU]),
            )
        if modality in (CI, PP):
            return (
                self.rng.choice([ExitReason.FIN_ACCOMPAGNEMENT, ExitReason.ABANDON, ExitReason.FIN_ACCOMPAGNEMENT]),
                ExitHousing.INCONNU,
                self.rng.choice([ExitActivity.RECHERCHE_EMPLOI, ExitActivity.SANS_ACTIVITE, ExitActivity.INCONNU]),
            )
        return (
            self.rng.choice(
                [ExitReason.ABANDON, ExitReason.EXCLUSION, ExitReason.REORIENTATION, ExitReason.FIN_ACCOMPAGNEMENT]
            ),
            self.rng.choice(NEGATIVE_HOUSING),
            self.rng.choice(NO_ACTIVITY),
        )

    def measure(
        self,
        person: Person,
        measure: MeasureType,
        start: D | None,
        end: D | None,
        outcome: MeasureOutcome | None = None,
        spip: str | None = None,
    ) -> None:
        self.n_measure += 1
        self.data.measures.append(
            {
                "measure_id": f"J{self.n_measure:05d}",
                "person_id": person.pid,
                "measure": measure,
                "start_date": start,
                "end_date": end,
                "outcome": outcome,
                "spip": spip if spip is not None else person.spip,
            }
        )

    def event(self, person: Person | None, service: str, day: D, kind: EventKind, quantity: int = 1) -> None:
        self.n_event += 1
        self.data.events.append(
            {
                "event_id": f"E{self.n_event:06d}",
                "person_id": person.pid if person else None,
                "service_id": service,
                "date": day,
                "kind": kind,
                "quantity": quantity,
            }
        )


# --- the groups of people --------------------------------------------------------------------------------------


def build_passerelle(b: Builder) -> None:
    rng = b.rng
    # 248 men in emergency shelter only; 20 more go on to the emergency places of Thuillier / Les Augustins.
    for i, p in enumerate(b.people(248, Sex.M, "pas_hu")):
        if i < 230:
            b.leaver(p, "pas_urgence", 5, 80, free=False)
        else:
            b.ongoing(p, "pas_urgence", D(2019, 10, 15), D(2019, 12, 20))
    for i, p in enumerate(b.people(20, Sex.M, "pas_hu_then")):
        first = b.leaver(p, "pas_urgence", 10, 60, end_from=D(2019, 2, 1), end_to=D(2019, 8, 31), free=False)
        assert first.end is not None
        start = first.end + datetime.timedelta(days=rng.randint(0, 30))
        if i < 10:
            end = start + datetime.timedelta(days=rng.randint(40, 110))
            b.stay(p, "th_urgence", start, min(end, D(2019, 12, 27)))
        else:
            b.stay(p, "aug_urgence", start, start + datetime.timedelta(days=rng.randint(7, 30)))
    # Day reception: 244 (60 women), plus 5 men later hired on the projects' insertion contracts.
    aj = b.people(184, Sex.M, "pas_aj") + b.people(60, Sex.F, "pas_aj")
    rng.shuffle(aj)
    for i, p in enumerate(aj):
        if i < 190:
            b.leaver(p, "pas_accueil", 30, 700, free_max=3000)
        else:
            b.ongoing(p, "pas_accueil", D(2016, 1, 1), D(2019, 12, 1), cross=False)
    for p in b.people(5, Sex.M, "pas_aj_cddi"):
        aj_stay = b.ongoing(p, "pas_accueil", D(2018, 3, 1), D(2018, 12, 20), cross=False)
        start = b.day(D(2019, 2, 1), D(2019, 6, 28))
        assert start > aj_stay.start
        if rng.random() < 0.5:
            b.stay(p, "proj_cddi", start, start + datetime.timedelta(days=rng.randint(120, 180)))
        else:
            b.stay(p, "proj_cddi", start, None)
    # Emergency with social follow-up: 89 (2 women); 21 of them admitted on SPIP requests at their release.
    hua = b.people(87, Sex.M, "pas_hua") + b.people(2, Sex.F, "pas_hua")
    for i, p in enumerate(hua):
        if i < 21:
            p.group = "pas_hua_spip"
            b.groups["pas_hua_spip"].append(p)
            start = b.day(D(2019, 2, 4), D(2019, 11, 15))
            end = start + datetime.timedelta(days=rng.randint(20, 60))
            b.stay(p, "pas_accompagne", start, end if end <= D(2019, 12, 27) else None)
        elif i < 80:
            b.leaver(p, "pas_accompagne", 15, 70, free=False)
        else:
            b.ongoing(p, "pas_accompagne", D(2019, 10, 20), D(2019, 12, 15))
    for p in b.people(5, Sex.M, "pas_hua_aug"):
        first = b.leaver(p, "pas_accompagne", 40, 120, end_from=D(2019, 1, 10), end_to=D(2019, 4, 30), free=False)
        b.stay(p, "aug_insertion", first.end, None)  # type: ignore[arg-type]
    # Night shelter: 142 (12 women), plus 3 men who move to the health-care beds of Les Augustins.
    hn = b.people(130, Sex.M, "pas_hn") + b.people(12, Sex.F, "pas_hn")
    rng.shuffle(hn)
    for i, p in enumerate(hn):
        if i < 100:
            b.leaver(p, "pas_halte", 20, 170, end_from=D(2019, 1, 12), end_to=D(2019, 4, 30), free_max=800)
        else:
            start = b.day(D(2019, 11, 1), D(2019, 12, 15))
            season_end: D | None = b.day(D(2020, 2, 1), D(2020, 4, 30)) if rng.random() < 0.7 else None
            b.stay(p, "pas_halte", start, season_end)
    for p in b.people(3, Sex.M, "pas_hn_aug"):
        first = b.leaver(p, "pas_halte", 40, 100, end_from=D(2019, 2, 1), end_to=D(2019, 4, 15), free=False)
        b.stay(p, "aug_lhss", first.end, first.end + datetime.timedelta(days=rng.randint(60, 200)))  # type: ignore


def build_chemin_vert(b: Builder) -> None:
    rng = b.rng
    paris, aub = COHORTS[0], COHORTS[1]
    # 16 PSE residents also trained at the AQI (Paris or Aubervilliers): in employment at the end of the PSE.
    for i, p in enumerate(b.people(16, Sex.M, "cv_pse_aqi")):
        cohort = paris if i < 8 else aub
        start = b.day(D(2018, 5, 1), D(2018, 10, 20)) if i < 8 else b.day(D(2018, 7, 1), D(2018, 12, 15))
        leaves = i % 2 == 0
        if leaves:
            end = b.day(cohort[4] + datetime.timedelta(days=5), D(2019, 12, 20))
            b.stay(p, "cv_chrs", start, end, exit=b.positive_exit(auto=True, activity=True))
        else:
            b.stay(p, "cv_chrs", start, None)
        p.situation = MeasureType.PSE
    # 10 PSE completed without employment, 5 PSE revoked (back to prison), 1 semi-liberté.
    for i, p in enumerate(b.people(10, Sex.M, "cv_pse_unemployed")):
        p.situation = MeasureType.PSE
        start = b.day(D(2018, 3, 1), D(2019, 3, 1))
        if i < 5:
            end = b.day(max(start + datetime.timedelta(days=200), D(2019, 4, 1)), D(2019, 12, 20))
            b.stay(
                p,
                "cv_chrs",
                start,
                end,
                exit=(ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.LOGEMENT_AUTONOME, ExitActivity.RECHERCHE_EMPLOI),
            )
        else:
            b.stay(p, "cv_chrs", start, None)
    for p in b.people(5, Sex.M, "cv_pse_revoked"):
        p.situation = MeasureType.PSE
        start = b.day(D(2018, 6, 1), D(2019, 5, 1))
        end = b.day(max(start + datetime.timedelta(days=40), D(2019, 1, 15)), D(2019, 12, 15))
        b.stay(
            p,
            "cv_chrs",
            start,
            end,
            exit=(ExitReason.INCARCERATION, ExitHousing.INCARCERATION, ExitActivity.SANS_ACTIVITE),
        )
    for p in b.people(1, Sex.M, "cv_sl"):
        p.situation = MeasureType.SEMI_LIBERTE
        b.stay(p, "cv_chrs", b.day(D(2019, 3, 1), D(2019, 6, 1)), None)
    # 81 other residents: 40 in an alternative to prison, 41 in other situations; 37 leave in 2019.
    others = b.people(81, Sex.M, "cv_other")
    exits = (
        [b.positive_exit(activity=True) for _ in range(2)]
        + [
            (
                ExitReason.FIN_ACCOMPAGNEMENT,
                ExitHousing.LOGEMENT_AUTONOME,
                rng.choice([ExitActivity.RECHERCHE_EMPLOI, ExitActivity.SANS_ACTIVITE]),
            )
            for _ in range(10)
        ]
        + [(ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.LOGEMENT_ADAPTE, ExitActivity.SANS_ACTIVITE) for _ in range(2)]
        + [b.negative_exit("cv_chrs") for _ in range(23)]
    )
    for i, p in enumerate(others):
        if i < 37:
            b.leaver(p, "cv_chrs", 120, 700, exit=exits[i], free_max=2000)
        else:
            b.ongoing(p, "cv_chrs", D(2019, 1, 15), D(2019, 12, 1), cross=False)


def build_val_de_marne(b: Builder) -> None:
    rng = b.rng
    # 11 couples without children (Vincennes): 3 leave to their own flat in 2019.
    activity_left = 5
    for i in range(11):
        h = b.household()
        first_sex = Sex.F if i % 2 == 0 else Sex.M
        a = b.person(first_sex, "vdm_couple")
        c = b.person(Sex.M if first_sex == Sex.F else Sex.F, "vdm_couple")
        if i < 3:
            end = b.day(D(2019, 3, 1), D(2019, 12, 15))
            start = end - datetime.timedelta(days=rng.randint(380, 520))
            for member, role in ((a, HouseholdRole.DEMANDEUR), (c, HouseholdRole.CONJOINT)):
                act = activity_left > 0 and not (i == 2 and role == HouseholdRole.CONJOINT)
                activity_left -= 1 if act else 0
                b.stay(
                    member,
                    "vdm_vincennes",
                    start,
                    end,
                    household=h,
                    role=role,
                    exit=b.positive_exit(auto=True, activity=act),
                )
        else:
            start = b.day(D(2017, 9, 1), D(2019, 11, 1))
            for member, role in ((a, HouseholdRole.DEMANDEUR), (c, HouseholdRole.CONJOINT)):
                b.stay(member, "vdm_vincennes", start, None, household=h, role=role)
    # A mother and her adult son.
    h = b.household()
    mother = b.person(Sex.F, "vdm_duo")
    son = b.person(Sex.M, "vdm_duo", last_name=mother.last_name)
    mother.age, son.age = 51, 22
    end = D(2019, 10, 18)
    start = end - datetime.timedelta(days=430)
    for member, role in ((mother, HouseholdRole.DEMANDEUR), (son, HouseholdRole.ENFANT)):
        b.stay(
            member,
            "vdm_vincennes",
            start,
            end,
            household=h,
            role=role,
            exit=(ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.TIERS, ExitActivity.RECHERCHE_EMPLOI),
        )
    # 35 single women (Villiers): 13 positive exits (8 autonomous, 5 adapted housing; 10 with a job or training).
    women = b.people(35, Sex.F, "vdm_women")
    for i, p in enumerate(women):
        if i < 13:
            b.leaver(
                p,
                "vdm_villiers",
                200,
                700,
                exit=b.positive_exit(auto=i < 8, adapte=i >= 8, activity=i < 10, training=i in (3, 9)),
                free_max=2000,
            )
        elif i < 16:
            b.leaver(p, "vdm_villiers", 100, 500, free_max=2000)
        else:
            b.ongoing(p, "vdm_villiers", D(2018, 1, 1), D(2019, 12, 1), cross=False)


def build_thuillier(b: Builder) -> None:
    rng = b.rng
    # Emergency: 20 women (plus 10 men coming from La Passerelle); health-care beds: 15 women.
    for i, p in enumerate(b.people(20, Sex.F, "th_hu")):
        if i < 18:
            b.leaver(p, "th_urgence", 30, 150)
        else:
            b.ongoing(p, "th_urgence", D(2019, 10, 1), D(2019, 12, 15))
    for i, p in enumerate(b.people(15, Sex.F, "th_lhss")):
        if i < 11:
            b.leaver(p, "th_lhss", 40, 130)
        else:
            b.ongoing(p, "th_lhss", D(2019, 9, 1), D(2019, 12, 10))
    # 22 families (19 single-parent, 3 couples with children), 28 minors; 6 of them leave to their own home.
    kids_per_family = [1] * 13 + [2] * 6 + [1] * 3
    activity_left = 3
    for i, n_kids in enumerate(kids_per_family):
        h = b.household()
        service = "th_insertion" if i % 3 else "th_stabilisation"
        parent = b.person(Sex.F, "th_family")
        members = [(parent, HouseholdRole.DEMANDEUR)]
        if i >= 19:
            members.append((b.person(Sex.M, "th_family", last_name=parent.last_name), HouseholdRole.CONJOINT))
        kids = [
            b.person(rng.choice([Sex.F, Sex.M]), "th_family_child", last_name=parent.last_name) for _ in range(n_kids)
        ]
        for kid in kids:
            kid.age = rng.randint(2, 15)
        parent.age = max(k.age for k in kids) + rng.randint(19, 28)  # type: ignore[type-var,operator]
        members += [(kid, HouseholdRole.ENFANT) for kid in kids]
        leaves = i in (0, 1, 2, 13, 14, 19)
        if leaves:
            end = b.day(D(2019, 1, 20), D(2019, 8, 31))
            start = end - datetime.timedelta(days=rng.randint(420, 560))
            for member, role in members:
                act = role != HouseholdRole.ENFANT and activity_left > 0
                activity_left -= 1 if act else 0
                b.stay(
                    member, service, start, end, household=h, role=role, exit=b.positive_exit(auto=True, activity=act)
                )
        else:
            start = b.day(D(2019, 1, 15), D(2019, 11, 15))
            for member, role in members:
                b.stay(member, service, start, None, household=h, role=role)
    # Single people in insertion / stabilisation: 71 women, 3 men.
    singles = b.people(60, Sex.F, "th_single") + b.people(3, Sex.M, "th_single")
    rng.shuffle(singles)
    for i, p in enumerate(singles):
        service = "th_insertion" if i % 4 else "th_stabilisation"
        if i < 21:
            b.leaver(
                p,
                service,
                200,
                800,
                exit=b.positive_exit(auto=True, activity=i < 10, training=i in (4, 8)),
                free_max=2200,
                end_to=D(2019, 8, 31),
            )
        elif i < 31:
            b.leaver(p, service, 90, 600, free_max=2200, end_to=D(2019, 8, 31))
        else:
            b.ongoing(p, service, D(2019, 1, 15), D(2019, 12, 1), cross=False)
    # 8 women join Métamorphose, 1 a projects' insertion contract, 2 move to rental intermediation flats.
    for p in b.people(8, Sex.F, "th_meta"):
        host = b.stay(p, "th_insertion", b.day(D(2017, 10, 1), D(2018, 12, 1)), None)
        start = b.day(max(host.start + datetime.timedelta(days=30), D(2019, 1, 7)), D(2019, 9, 30))
        b.stay(
            p,
            "proj_metamorphose",
            start,
            start + datetime.timedelta(days=rng.randint(60, 180)),
            exit=(ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.INCONNU, ExitActivity.RECHERCHE_EMPLOI),
        )
    for p in b.people(1, Sex.F, "th_cddi"):
        b.stay(p, "th_insertion", D(2018, 4, 16), None)
        b.stay(
            p,
            "proj_cddi",
            D(2019, 3, 4),
            D(2019, 11, 29),
            exit=(ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.INCONNU, ExitActivity.CDD_6_MOIS_PLUS),
        )
    for p in b.people(2, Sex.F, "th_intermed"):
        end = b.day(D(2019, 3, 1), D(2019, 10, 1))
        b.stay(
            p,
            "th_insertion",
            end - datetime.timedelta(days=rng.randint(400, 700)),
            end,
            exit=(ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.LOGEMENT_ADAPTE, ExitActivity.RECHERCHE_EMPLOI),
        )
        b.stay(p, "proj_intermediation", end, None)


def build_augustins(b: Builder) -> None:
    rng = b.rng
    for i, p in enumerate(b.people(30, Sex.M, "aug_hu")):
        if i < 29:
            b.leaver(p, "aug_urgence", 7, 28, free=False)
        else:
            b.ongoing(p, "aug_urgence", D(2019, 12, 10), D(2019, 12, 20), cross=True)
    # Three people the SPIP sent to La Passerelle, reoriented here.
    reoriented = b.people(3, Sex.M, "aug_reoriented")
    for p in reoriented:
        b.stay(p, "aug_insertion", b.day(D(2019, 2, 15), D(2019, 9, 30)), None)
    kept = (
        [(p, "aug_insertion") for p in b.people(2, Sex.M, "aug_kept")]
        + [(p, "aug_pension") for p in b.people(20, Sex.M, "aug_kept")]
        + [(p, "aug_diffus") for p in b.people(6, Sex.M, "aug_kept")]
        + [(p, "aug_lhss") for p in b.people(19, Sex.M, "aug_kept")]
    )
    rng.shuffle(kept)
    # 31 positive exits here (30 to their own home, 10 of them with a job; 1 with a job only), + 3 to
    # rental intermediation below = 34; 11 other leavers; the rest stay on.
    for i, (p, service) in enumerate(kept):
        lhss = service == "aug_lhss"
        lo, hi, top = (40, 130, 130) if lhss else (150, 1500, 2500)
        if i < 30:
            b.leaver(p, service, lo, hi, exit=b.positive_exit(auto=True, activity=i < 10), free_max=top)
        elif i == 30:
            b.leaver(
                p,
                service,
                lo,
                hi,
                exit=(ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.TIERS, ExitActivity.INTERIM),
                free_max=top,
            )
        elif i < 42:
            b.leaver(p, service, lo, hi, free_max=top)
        else:
            b.ongoing(p, service, D(2016, 6, 1) if not lhss else D(2019, 9, 1), D(2019, 12, 1), cross=False)
    # 8 residents hired in the workshops, 8 join Métamorphose, 3 move to rental intermediation flats.
    ate_services = ["ate_restaurant"] * 3 + ["ate_garage"] * 3 + ["ate_menuiserie"] * 2
    origins = ["aug_insertion"] * 6 + ["aug_pension"] * 2
    for p, origin, workshop in zip(b.people(8, Sex.M, "aug_ate"), origins, ate_services, strict=True):
        host = b.stay(p, origin, b.day(D(2017, 6, 1), D(2018, 11, 30)), None)
        start = b.day(max(D(2019, 1, 7), host.start + datetime.timedelta(days=30)), D(2019, 9, 30))
        b.stay(p, workshop, start, None)
    for p, origin in zip(
        b.people(8, Sex.M, "aug_meta"), ["aug_insertion"] * 5 + ["aug_pension"] * 2 + ["aug_diffus"], strict=True
    ):
        host = b.stay(p, origin, b.day(D(2017, 6, 1), D(2018, 12, 1)), None)
        start = b.day(max(D(2019, 1, 7), host.start + datetime.timedelta(days=30)), D(2019, 10, 31))
        b.stay(
            p,
            "proj_metamorphose",
            start,
            start + datetime.timedelta(days=rng.randint(60, 150)),
            exit=(
                ExitReason.FIN_ACCOMPAGNEMENT,
                ExitHousing.INCONNU,
                rng.choice([ExitActivity.RECHERCHE_EMPLOI, ExitActivity.FORMATION_PRE_QUALIFIANTE]),
            ),
        )
    for p, origin in zip(
        b.people(3, Sex.M, "aug_intermed"), ["aug_insertion", "aug_insertion", "aug_diffus"], strict=True
    ):
        end = b.day(D(2019, 2, 1), D(2019, 10, 1))
        b.stay(
            p,
            origin,
            end - datetime.timedelta(days=rng.randint(300, 800)),
            end,
            exit=(ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.LOGEMENT_ADAPTE, ExitActivity.RECHERCHE_EMPLOI),
        )
        b.stay(p, "proj_intermediation", end, None)
    # TIG hosted without social follow-up (persons with no stay).
    for p in b.people(10, Sex.M, "tig_only_aug"):
        tig_only(b, p, "aug_insertion")


def tig_only(b: Builder, p: Person, service: str, *, hired: bool = False) -> D:
    rng = b.rng
    start = b.day(D(2018, 9, 1), D(2019, 10, 1)) if not hired else b.day(D(2018, 9, 1), D(2018, 11, 30))
    ordered = rng.choice([35, 70, 105, 140, 210])
    end = max(start + datetime.timedelta(days=rng.randint(60, 160)), b.day(D(2019, 1, 7), D(2019, 2, 28)))
    done = ordered if end <= D(2019, 12, 20) else rng.randint(ordered // 3, ordered - 1)
    end_value = end if end <= D(2019, 12, 20) else None
    b.data.tigs.append(
        {
            "placement_id": f"T{len(b.data.tigs) + 1:03d}",
            "person_id": p.pid,
            "service_id": service,
            "start_date": start,
            "end_date": end_value,
            "hours_ordered": ordered,
            "hours_done": done,
            "hired_after": hired,
        }
    )
    measure_start = start - datetime.timedelta(days=rng.randint(30, 200))
    b.measure(p, MeasureType.TIG, measure_start, end_value, MeasureOutcome.TERMINEE if end_value else None)
    p.fixed_measures = True
    return end


def build_ateliers(b: Builder) -> None:
    rng = b.rng
    # 2 TIG placements followed by a hire (their TIG ended 0–183 days before the contract: sentence served).
    for p, workshop in zip(b.people(2, Sex.M, "ate_tig_hired"), ["ate_garage", "ate_restaurant"], strict=True):
        tig_end = tig_only(b, p, workshop, hired=True)
        start = tig_end + datetime.timedelta(days=rng.randint(10, 60))
        b.stay(p, workshop, start, None)
        p.situation = ServedSubcategory.FIN_AMENAGEMENT_OU_ALTERNATIVE
    for p in b.people(29, Sex.M, "tig_only_ate"):
        tig_only(b, p, rng.choice(["ate_restaurant", "ate_garage", "ate_menuiserie"]))
    # 85 other employees: restaurant 41 (10 women), garage 32, carpentry 12; 50 contracts end in 2019, 19 of
    # them with a job or a training (dynamic exits).
    services = ["ate_restaurant"] * 41 + ["ate_garage"] * 32 + ["ate_menuiserie"] * 12
    sexes = [Sex.F] * 10 + [Sex.M] * 75
    staff = [(b.person(sex, "ate_staff"), service) for sex, service in zip(sexes, services, strict=True)]
    rng.shuffle(staff)
    for i, (p, service) in enumerate(staff):
        if i < 50:
            exit = (
                (ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.INCONNU, rng.choice(EMPLOYMENT + TRAINING))
                if i < 19
                else (ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.INCONNU, rng.choice(NO_ACTIVITY))
            )
            b.leaver(p, service, 90, 500, exit=exit, free_max=700)
        else:
            b.ongoing(p, service, D(2018, 11, 1), D(2019, 12, 2), cross=False)


def build_aqi(b: Builder) -> None:
    rng = b.rng
    cv = b.groups["cv_pse_aqi"]
    members: dict[str, list[Person]] = {c[0]: [] for c in COHORTS}
    members[COHORTS[0][0]] += cv[:8]
    members[COHORTS[1][0]] += cv[8:]
    others = b.people(10, Sex.F, "aqi_other") + b.people(13, Sex.M, "aqi_other")
    rng.shuffle(others)
    members[COHORTS[0][0]] += others[:5]
    members[COHORTS[1][0]] += others[5:10]
    members[COHORTS[2][0]] += others[10:]
    dropouts = set(others[:4] + others[5:9] + others[10:15])  # 13 do not sit the exam
    failed = {others[4], others[9]}  # 2 sit it and fail: 26 sat, 24 graduated
    sitters = [p for p in others if p not in dropouts and p not in failed]
    dynamic = set(cv[:10]) | set(sitters[:7])  # 17 leave with a job or a qualifying training
    for cohort_id, service, _name, start, end, exam in COHORTS:
        for p in members[cohort_id]:
            if p in dropouts:
                stop = b.day(
                    max(start + datetime.timedelta(days=30), D(2019, 1, 15)), exam - datetime.timedelta(days=10)
                )
                b.stay(p, service, start, stop, exit=(ExitReason.ABANDON, ExitHousing.INCONNU, rng.choice(NO_ACTIVITY)))
            else:
                act = (
                    rng.choice([*EMPLOYMENT, ExitActivity.FORMATION_QUALIFIANTE])
                    if p in dynamic
                    else ExitActivity.RECHERCHE_EMPLOI
                )
                b.stay(p, service, start, end, exit=(ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.INCONNU, act))
            b.data.members.append(
                {
                    "cohort_id": cohort_id,
                    "person_id": p.pid,
                    "sat_exam": p not in dropouts,
                    "graduated": p not in dropouts and p not in failed,
                }
            )
            p.spip = {"aqi_paris": "SPIP 75", "aqi_aubervilliers": "SPIP 93"}.get(service, "SPIP 80")
    n_dynamic = sum(
        1 for s in b.data.stays if s.service.startswith("aqi_") and s.exit and s.exit[2] in EMPLOYMENT + TRAINING
    )
    assert n_dynamic == 17, n_dynamic


def build_projects(b: Builder) -> None:
    rng = b.rng
    for p in b.people(5, Sex.M, "soa") + b.people(1, Sex.F, "soa"):
        p.situation = MeasureType.TIG
        p.spip = "SPIP 93"
    soa = b.groups["soa"]
    for i, p in enumerate(soa):
        start = D(2019, 3, 4) if i < 3 else D(2019, 9, 9)
        act = ExitActivity.CDD_MOINS_6_MOIS if i in (0, 3) else ExitActivity.RECHERCHE_EMPLOI
        b.stay(
            p,
            "soa_session",
            start,
            start + datetime.timedelta(days=60),
            exit=(ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.INCONNU, act),
        )
    for p in b.people(15, Sex.M, "meta_only"):
        start = b.day(D(2019, 1, 7), D(2019, 10, 15))
        if rng.random() < 0.6:
            activity = rng.choice([ExitActivity.RECHERCHE_EMPLOI, ExitActivity.FORMATION_PRE_QUALIFIANTE])
            b.stay(
                p,
                "proj_metamorphose",
                start,
                start + datetime.timedelta(days=rng.randint(60, 150)),
                exit=(ExitReason.FIN_ACCOMPAGNEMENT, ExitHousing.INCONNU, activity),
            )
        else:
            b.stay(p, "proj_metamorphose", start, None)
    # Rental intermediation: 3 couples and a mother with two children (since 2018), 2 of the men under justice.
    for i in range(3):
        h = b.household()
        a, c = b.person(Sex.M, "intermed_couple"), b.person(Sex.F, "intermed_couple")
        start = b.day(D(2018, 2, 1), D(2018, 12, 1))
        for member, role in ((a, HouseholdRole.DEMANDEUR), (c, HouseholdRole.CONJOINT)):
            b.stay(member, "proj_intermediation", start, None, household=h, role=role)
        if i < 2:
            b.groups["intermed_justice"].append(a)
    h = b.household()
    mother = b.person(Sex.F, "intermed_family")
    kids = [
        b.person(Sex.F, "intermed_family", last_name=mother.last_name),
        b.person(Sex.M, "intermed_family", last_name=mother.last_name),
    ]
    kids[0].age, kids[1].age, mother.age = 4, 9, 31
    start = D(2018, 9, 3)
    b.stay(mother, "proj_intermediation", start, None, household=h, role=HouseholdRole.DEMANDEUR)
    for kid in kids:
        b.stay(kid, "proj_intermediation", start, None, household=h, role=HouseholdRole.ENFANT)
    # L'Îlot dans le Var opens its programme in 2020: 10 young people, outside the 2019 report.
    for p in b.people(7, Sex.M, "var") + b.people(3, Sex.F, "var"):
        p.age = rng.randint(17, 27)
        p.spip = "SPIP 83"
        b.stay(p, "var_invisibles", b.day(D(2020, 1, 6), D(2020, 3, 16)), None)


# --- calibration -----------------------------------------------------------------------------------------------


def target_days(months: int, n: int) -> int:
    return int(round(months * MONTH_DAYS * n))


def calibrate_stays(b: Builder, stays: list[Stay], months: int, *, only: set[str] | None = None) -> None:
    """Move the start of free leaver stays so that the mean of `stays` (leavers) is exactly `months`."""
    leavers = [s for s in stays if s.is_leaver]
    need = target_days(months, len(leavers))
    free = [s for s in leavers if s.free and (only is None or s.service in only) and len(s.person.stays) == 1]
    assert free, "no free stay to calibrate"
    for _ in range(200):
        delta = need - sum(s.days for s in leavers)
        if delta == 0:
            return
        movable = [s for s in free if (s.days < s.free[1] if delta > 0 else s.days > s.free[0])]  # type: ignore
        if not movable:
            break
        step = max(1, abs(delta) // len(movable))
        for s in movable:
            delta = need - sum(x.days for x in leavers)
            if delta == 0:
                return
            lo, hi = s.free  # type: ignore[misc]
            change = max(-step, min(step, delta))
            new_days = max(lo, min(hi, s.days + change))
            assert s.end is not None
            s.start = s.end - datetime.timedelta(days=new_days)
    delta = need - sum(s.days for s in leavers)
    assert delta == 0, f"calibration of mean stay failed ({delta} days)"


def calibrate(b: Builder) -> None:
    stays = b.data.stays
    for establishment, months in MEAN_STAY.items():
        calibrate_stays(b, [s for s in stays if s.establishment == establishment], months)
    calibrate_stays(b, stays, ASSOCIATION_MEAN_STAY, only={"pas_accueil", "pas_halte"})


# --- justice ---------------------------------------------------------------------------------------------------


def assign_situations(b: Builder) -> list[Person]:
    rng = b.rng
    g = b.groups
    pool = dict(SITUATION_COUNTS)

    def take(code: Situation, persons: list[Person]) -> None:
        for p in persons:
            p.situation = code
            pool[code] -= 1

    def draw(persons: list[Person], codes: list[Situation]) -> None:
        for p in persons:
            choices = [c for c in codes if pool[c] > 0 and (c not in SERVED_WINDOW or served_ok(p))]
            weights = [pool[c] for c in choices]
            code = rng.choices(choices, weights)[0]
            p.situation = code
            pool[code] -= 1

    # Fixed by the report: Chemin Vert's 31 PSE and 1 semi-liberté, the workshops' 3 adjustments and 2 TIG
    # hires, the SOA's 6 TIG, the 21 released prisoners admitted on SPIP requests.
    for code in (
        MeasureType.PSE,
        MeasureType.SEMI_LIBERTE,
        ServedSubcategory.FIN_AMENAGEMENT_OU_ALTERNATIVE,
        MeasureType.TIG,
    ):
        pool[code] -= sum(1 for p in b.data.persons if p.situation == code)
    ate_staff = g["ate_staff"]
    rng.shuffle(ate_staff)
    ate_justice = ate_staff[:64]
    take(MeasureType.PSE, ate_justice[:1])
    take(MeasureType.LIBERATION_CONDITIONNELLE, ate_justice[1:2])
    take(MeasureType.SEMI_LIBERTE, ate_justice[2:3])
    take(ServedSubcategory.SORTIE_PRISON_6_MOIS, g["pas_hua_spip"])
    # Chemin Vert: 40 alternatives, 41 in other situations (no adjustment).
    cv_other = g["cv_other"]
    draw(cv_other[:40], ALTERNATIVE)
    non_adjustment = [c for c in SITUATION_COUNTS if c not in ADJUSTMENT]
    draw(cv_other[40:], [c for c in non_adjustment if c not in ALTERNATIVE])
    draw(ate_justice[3:], non_adjustment)
    # The others, chosen among the people of each establishment who are not emergency-only.
    th_pool = g["th_single"] + g["th_lhss"] + g["th_meta"] + g["th_cddi"] + g["th_intermed"]
    aug_pool = g["aug_kept"] + g["aug_reoriented"] + g["aug_meta"] + g["aug_intermed"]
    hua_pool = [p for p in g["pas_hua"] if p not in g["pas_hua_spip"]]
    rest: list[Person] = (
        rng.sample(g["vdm_women"], 5)
        + rng.sample(th_pool, 24)
        + rng.sample(aug_pool, 38)
        + rng.sample(hua_pool, 43)
        + rng.sample(g["aqi_other"], 12)
        + g["meta_only"]
        + g["intermed_justice"]
        + g["pas_aj_cddi"]
    )
    rng.shuffle(rest)
    # Served situations need every stay to start within the 183-day window: give them first to those who can.
    codes = [c for c, n in pool.items() for _ in range(n)]
    assert len(codes) == len(rest), (len(codes), len(rest))
    served = [c for c in codes if c in SERVED_WINDOW]
    other = [c for c in codes if c not in SERVED_WINDOW]
    rng.shuffle(other)
    can = [p for p in rest if served_ok(p)]
    cannot = [p for p in rest if not served_ok(p)]
    assert len(can) >= len(served)
    for p, code in zip(can[: len(served)], served, strict=True):
        p.situation = code
    for p, code in zip(can[len(served) :] + cannot, other, strict=True):
        p.situation = code
    for code in pool:
        pool[code] = 0
    linked = [p for p in b.data.persons if p.situation and any(s.is_active for s in p.stays)]
    assert len(linked) == 350, len(linked)
    return linked


def active_stays(p: Person) -> list[Stay]:
    return [s for s in p.stays if s.is_active]


def served_ok(p: Person) -> bool:
    starts = [s.start for s in active_stays(p)]
    return bool(starts) and (max(starts) - min(starts)).days <= 150


def write_measures(b: Builder) -> None:
    rng = b.rng
    for p in b.data.persons:
        stays = active_stays(p)
        if not stays:
            continue
        end: D | None
        first = min(s.start for s in stays)
        last_start = max(s.start for s in stays)
        ends = [s.end or D(2021, 6, 30) for s in stays]
        last = max(max(ends), Y1)
        code = p.situation
        if p.group in ("cv_pse_aqi", "cv_pse_unemployed", "cv_pse_revoked"):
            cv = next(s for s in stays if s.service == "cv_chrs")
            prison_end = cv.start
            b.measure(
                p,
                MeasureType.INCARCERATION,
                prison_end - datetime.timedelta(days=rng.randint(200, 900)),
                prison_end,
                MeasureOutcome.TERMINEE,
            )
            if p.group == "cv_pse_aqi":
                aqi = next(s for s in stays if s.service.startswith("aqi_"))
                assert aqi.end is not None
                end = b.day(
                    max(aqi.start + datetime.timedelta(days=20), D(2019, 1, 10)), aqi.end - datetime.timedelta(days=15)
                )
                if cv.end is not None:
                    end = min(end, cv.end - datetime.timedelta(days=1))
                b.measure(p, MeasureType.PSE, cv.start, end, MeasureOutcome.TERMINEE)
            elif p.group == "cv_pse_unemployed":
                lo = max(cv.start + datetime.timedelta(days=60), D(2019, 1, 10))
                hi = (cv.end - datetime.timedelta(days=20)) if cv.end else D(2019, 12, 15)
                b.measure(p, MeasureType.PSE, cv.start, b.day(lo, max(lo, hi)), MeasureOutcome.TERMINEE)
            else:
                assert cv.end is not None
                b.measure(p, MeasureType.PSE, cv.start, cv.end, MeasureOutcome.REVOQUEE)
                b.measure(p, MeasureType.INCARCERATION, cv.end, None)
            continue
        if p.fixed_measures and code is None:
            continue
        if code is None:
            if rng.random() < 0.03 and first > D(2014, 1, 1):  # an old measure, ended long before: no link
                end = first - datetime.timedelta(days=rng.randint(400, 1500))
                b.measure(
                    p,
                    rng.choice([MeasureType.SME, MeasureType.INCARCERATION]),
                    end - datetime.timedelta(days=rng.randint(200, 700)),
                    end,
                    MeasureOutcome.TERMINEE,
                )
            continue
        if code == ServedSubcategory.CONDAMNATION_ANTERIEURE:
            b.measure(p, MeasureType.CONDAMNATION_ANTERIEURE, None, None)
        elif code == ServedSubcategory.SORTIE_PRISON_6_MOIS:
            window = 183 - (last_start - first).days
            release = first - datetime.timedelta(days=rng.randint(0, min(window, 90)))
            jailed = release - datetime.timedelta(days=rng.randint(120, 1500))
            b.measure(p, MeasureType.INCARCERATION, jailed, release, MeasureOutcome.TERMINEE)
        elif code == ServedSubcategory.FIN_AMENAGEMENT_OU_ALTERNATIVE:
            if p.fixed_measures:  # the TIG hires: their TIG measure is already written
                continue
            window = 183 - (last_start - first).days
            end = first - datetime.timedelta(days=rng.randint(1, min(window, 150)))
            b.measure(
                p,
                rng.choice([MeasureType.SME, MeasureType.LIBERATION_CONDITIONNELLE]),
                end - datetime.timedelta(days=rng.randint(300, 900)),
                end,
                MeasureOutcome.TERMINEE,
            )
        else:
            if code in ADJUSTMENT:
                start = first
                release = first
                b.measure(
                    p,
                    MeasureType.INCARCERATION,
                    release - datetime.timedelta(days=rng.randint(150, 1200)),
                    release,
                    MeasureOutcome.TERMINEE,
                )
            elif code in (MeasureType.CONTROLE_JUDICIAIRE, MeasureType.ARSE):
                start = first - datetime.timedelta(days=rng.randint(10, 120))
            else:
                start = first - datetime.timedelta(days=rng.randint(30, 700))
            if code == MeasureType.SEMI_LIBERTE and p.group == "cv_sl":
                end = D(2020, 3, 16)
            else:
                end = last + datetime.timedelta(days=rng.randint(30, 900))
            if end > D(2024, 12, 31):
                end = None
            assert isinstance(code, MeasureType), code  # the served situations are handled above
            b.measure(p, code, start, end, MeasureOutcome.TERMINEE if end else None)


# --- ages ------------------------------------------------------------------------------------------------------


def age_dates(p: Person) -> list[D]:
    return [max(s.start, Y0) for s in active_stays(p)]


def assign_ages(b: Builder) -> None:
    rng = b.rng
    by_establishment: dict[str, list[Person]] = defaultdict(list)
    for p in b.data.persons:
        for est in sorted({s.establishment for s in active_stays(p)}):
            by_establishment[est].append(p)
    bounds = {
        "chemin_vert": (19, 62),
        "val_de_marne": (20, 68),
        "thuillier": (18, 64),
        "augustins": (21, 74),
        "passerelle": (18, 76),
        "ateliers": (19, 63),
        "aqi": (19, 56),
    }
    for est in ["aqi", "chemin_vert", "thuillier", "val_de_marne", "augustins", "passerelle", "ateliers"]:
        group = by_establishment[est]
        lo, hi = bounds[est]
        mean = MEAN_AGE[est]
        free = [p for p in group if p.age is None]
        need = mean * len(group) - sum(p.age for p in group if p.age is not None)  # type: ignore[misc]
        for p in free:
            p.age = int(round(rng.triangular(lo, hi, mean - (hi - mean) * 0.35)))
        for _ in range(100_000):
            delta = need - sum(p.age for p in free)  # type: ignore[misc]
            if delta == 0:
                break
            p = rng.choice(free)
            step = 1 if delta > 0 else -1
            if lo <= p.age + step <= hi:  # type: ignore[operator]
                p.age += step  # type: ignore[operator]
        assert need == sum(p.age for p in free), est  # type: ignore[misc]
    for p in b.data.persons:
        if p.age is None:
            p.age = rng.randint(19, 58)
        latest = max(age_dates(p) or [Y0])
        if (latest.month, latest.day) == (12, 31):
            p.birth_date = D(YEAR - p.age, 1, 1)
            continue
        # Born after the latest age date's day of the year: the same whole age on every age date of 2019.
        by = YEAR - 1 - p.age
        birth = b.day(D(by, latest.month, latest.day) + datetime.timedelta(days=1), D(by, 12, 31))
        if birth.month == 2 and birth.day == 29:
            birth = D(by, 3, 1)
        p.birth_date = birth


# --- events, vulnerabilities, requests -------------------------------------------------------------------------


def clip(s: Stay) -> tuple[D, D] | None:
    a = max(s.start, Y0)
    z = min(s.end or Y1, Y1)
    return (a, z) if a <= z else None


def write_events(b: Builder) -> None:
    rng = b.rng
    # Night shelter: 1,475 nights in 2019, at most 10 a night, every guest at least one night.
    guests = [s for s in b.data.stays if s.service == "pas_halte"]
    nights: dict[str, list[D]] = {}
    for s in guests:
        nights[s.sid] = []
        for a, z in WINTERS:
            day = max(a, Y0, s.start)
            stop = min(z, AFTER, s.end or AFTER)
            while day < stop:
                nights[s.sid].append(day)
                day += datetime.timedelta(days=1)
    per_night: dict[D, int] = defaultdict(int)
    chosen: set[tuple[D, str]] = set()
    for s in guests:  # every guest sleeps at least one night
        options = [d for d in nights[s.sid] if per_night[d] < 10]
        day = rng.choice(options)
        chosen.add((day, s.sid))
        per_night[day] += 1
    pairs = [(d, sid) for sid, days in nights.items() for d in days if (d, sid) not in chosen]
    rng.shuffle(pairs)
    for day, sid in pairs:
        if len(chosen) == NIGHT_SHELTER_NIGHTS:
            break
        if per_night[day] < 10:
            chosen.add((day, sid))
            per_night[day] += 1
    assert len(chosen) == NIGHT_SHELTER_NIGHTS
    stay_by_id = {s.sid: s for s in guests}
    for day, sid in sorted(chosen):
        b.event(stay_by_id[sid].person, "pas_halte", day, EventKind.NUITEE)
    # Meals: 85,506 served in 2019, counted per day and per service (anonymous counts).
    weights = {
        "pas_accueil": 60,
        "pas_urgence": 52,
        "pas_accompagne": 26,
        "aug_insertion": 38,
        "th_insertion": 30,
        "cv_chrs": 28,
        "ate_restaurant": 9,
    }
    total_weight = sum(weights.values())
    totals = {k: MEALS * w // total_weight for k, w in weights.items()}
    totals["pas_accueil"] += MEALS - sum(totals.values())
    days = [Y0 + datetime.timedelta(days=i) for i in range(365)]
    for service, total in totals.items():
        base, extra = divmod(total, 365)
        plus = set(rng.sample(range(365), extra))
        for i, day in enumerate(days):
            b.event(None, service, day, EventKind.REPAS, base + (1 if i in plus else 0))
    # Domiciliations: 28, of which 23 for people under justice (at the SPIP's request).
    spip_domiciled = rng.sample([p for p in b.groups["pas_hua"] if p.situation], 23)
    other_domiciled = rng.sample([p for p in b.groups["pas_aj"] if not p.situation], 5)
    for p in spip_domiciled + other_domiciled:
        window = clip(active_stays(p)[0])
        assert window is not None
        b.event(p, "pas_accueil", b.day(*window), EventKind.DOMICILIATION)
    # Day-reception visits, showers, mail; interviews and collective workshops elsewhere.
    for s in b.data.stays:
        window = clip(s)
        if window is None:
            continue
        modality = SERVICE_MODALITY[s.service]
        if modality == AJ:
            for _ in range(rng.randint(1, 6)):
                b.event(s.person, s.service, b.day(*window), EventKind.PASSAGE_ACCUEIL_JOUR)
            if rng.random() < 0.3:
                b.event(s.person, s.service, b.day(*window), EventKind.DOUCHE, rng.randint(1, 4))
            if rng.random() < 0.15:
                b.event(s.person, s.service, b.day(*window), EventKind.COURRIER)
        elif modality in (HI, LHSS, LA, HUA, CI, PP):
            for _ in range(rng.randint(1, 4)):
                b.event(s.person, s.service, b.day(*window), EventKind.ENTRETIEN)
            if modality in (HI, CI, PP) and rng.random() < 0.4:
                b.event(s.person, s.service, b.day(*window), EventKind.ATELIER_COLLECTIF)


def write_vulnerabilities(b: Builder, linked: list[Person]) -> None:
    rng = b.rng
    accompanied = [p for p in b.data.persons if active_stays(p)]
    linked_set = set(linked)
    not_linked = [p for p in accompanied if p not in linked_set and (p.age or 0) >= 18]
    for kind, (n, n_linked) in VULNERABILITIES.items():
        chosen = rng.sample(linked, n_linked) + rng.sample(not_linked, n - n_linked)
        for p in sorted(chosen, key=lambda x: x.pid):
            first = min(s.start for s in active_stays(p))
            b.data.vulnerabilities.append({"person_id": p.pid, "kind": kind, "recorded_on": first})


def write_requests(b: Builder) -> None:
    rng = b.rng
    n = 0

    def request(
        p: Person,
        service: str,
        received: D,
        prescriber: Prescriber,
        decision: Decision,
        outcome: RequestOutcome | None,  # None: no follow-up (written empty, read as en_attente)
        decided: D | None,
        reoriented: str = "",
    ) -> None:
        nonlocal n
        n += 1
        b.data.requests.append(
            {
                "request_id": f"D{n:04d}",
                "person_id": p.pid,
                "service_id": service,
                "received_on": received,
                "prescriber": prescriber,
                "decision": decision,
                "decided_on": decided,
                "outcome": outcome,
                "reoriented_to_service_id": reoriented,
            }
        )

    # La Passerelle and the SPIP of the Somme: 53 requests, 44 favourable (21 admitted, 3 reoriented to Les
    # Augustins, 20 no-shows), 9 unfavourable.
    for p in b.groups["pas_hua_spip"]:
        start = p.stays[0].start
        received = start - datetime.timedelta(days=rng.randint(10, 30))
        request(
            p,
            "pas_accompagne",
            received,
            Prescriber.SPIP,
            Decision.FAVORABLE,
            RequestOutcome.ADMIS,
            received + datetime.timedelta(days=rng.randint(2, 8)),
        )
    for p in b.groups["aug_reoriented"]:
        start = p.stays[0].start
        received = start - datetime.timedelta(days=rng.randint(15, 40))
        request(
            p,
            "pas_accompagne",
            received,
            Prescriber.SPIP,
            Decision.FAVORABLE,
            RequestOutcome.REORIENTE,
            received + datetime.timedelta(days=rng.randint(2, 8)),
            "aug_insertion",
        )
    follow_ups: list[tuple[RequestOutcome | None, Decision, int]] = [
        (RequestOutcome.NON_PRESENTE, Decision.FAVORABLE, 20),
        (None, Decision.DEFAVORABLE, 9),
    ]
    for outcome, decision, count in follow_ups:
        for _ in range(count):
            p = b.person(Sex.M, "request_only")
            received = b.day(D(2019, 1, 7), D(2019, 12, 10))
            request(
                p,
                "pas_accompagne",
                received,
                Prescriber.SPIP,
                decision,
                outcome,
                received + datetime.timedelta(days=rng.randint(2, 8)),
            )
    # Chemin Vert: every 2019 entry came through a request (office hours in prison, SPIP, judge).
    for s in b.data.stays:
        if s.service == "cv_chrs" and s.start >= D(2019, 1, 20):
            received = s.start - datetime.timedelta(days=rng.randint(14, 60))
            request(
                s.person,
                "cv_chrs",
                received,
                rng.choice([Prescriber.PERMANENCE_PRISON] * 3 + [Prescriber.SPIP, Prescriber.JAP]),
                Decision.FAVORABLE,
                RequestOutcome.ADMIS,
                received + datetime.timedelta(days=rng.randint(3, 12)),
            )
    for _ in range(12):
        p = b.person(Sex.M, "request_only")
        received = b.day(D(2019, 1, 7), D(2019, 12, 10))
        request(
            p,
            "cv_chrs",
            received,
            Prescriber.PERMANENCE_PRISON,
            Decision.DEFAVORABLE,
            None,
            received + datetime.timedelta(days=rng.randint(3, 12)),
        )


# --- entry points ----------------------------------------------------------------------------------------------


def build_demo(seed: int = DEFAULT_SEED) -> DemoData:
    b = Builder(seed)
    build_passerelle(b)
    build_chemin_vert(b)
    build_val_de_marne(b)
    build_thuillier(b)
    build_augustins(b)
    build_ateliers(b)
    build_aqi(b)
    build_projects(b)
    calibrate(b)
    linked = assign_situations(b)
    write_measures(b)
    write_requests(b)
    assign_ages(b)
    write_vulnerabilities(b, linked)
    write_events(b)
    accompanied = sum(1 for p in b.data.persons if active_stays(p))
    assert accompanied == 1329, accompanied
    return b.data


def write_demo(data: DemoData, folder: pathlib.Path) -> dict[str, int]:
    """Write the data set as interchange v1 CSV files (replacing the folder's CSV files); rows per file."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.csv"):
        old.unlink()
    with CsvSet(folder) as out:
        for est in ESTABLISHMENTS:
            out.tuple_row("establishments.csv", est)
        for sid, est_id, name, modality, capacity, nights in SERVICES:
            out.tuple_row("services.csv", (sid, est_id, name, modality, capacity, nights))
        for sid, start, end, places in CAPACITIES:
            out.tuple_row("capacities.csv", (sid, start, end, places))
        for p in data.persons:
            out.tuple_row("persons.csv", (p.pid, p.last_name, p.first_name, p.birth_date, p.sex))
        for s in data.stays:
            reason, housing, activity = s.exit or (None, None, None)
            out.tuple_row(
                "stays.csv",
                (
                    s.sid,
                    s.person.pid,
                    s.service,
                    s.start,
                    s.end,
                    s.household,
                    s.role if s.household else None,
                    reason,
                    housing,
                    activity,
                ),
            )
        for row in data.measures:
            out.row("justice_measures.csv", row)
        for row in data.vulnerabilities:
            out.row("vulnerabilities.csv", row)
        for row in data.events:
            out.row("events.csv", row)
        for row in data.requests:
            out.row("admission_requests.csv", row)
        for cohort in COHORTS:
            out.tuple_row("cohorts.csv", cohort)
        for row in data.members:
            out.row("cohort_members.csv", row)
        for row in data.tigs:
            out.row("tig_placements.csv", row)
        counts = dict(out.counts)
    canonicalize(folder)
    return counts
