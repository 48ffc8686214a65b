"""The report as a reader sees it: sections of labelled figures (French), shared by the web page and the
HTML, XLSX and PDF files. Each figure names the indicator (and code) of its drill-down list."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from admissions.enums import Decision, Prescriber, RequestOutcome
from establishments.enums import Modality
from justice.enums import MeasureType, ServedSubcategory, SituationGroup
from people.enums import VulnerabilityKind

from .sections.households import HOUSEHOLD_LABELS
from .sections.justice import GROUP_CODES, MEASURE_CODES
from .services import ActivityReport

MEASURE_LABELS: dict[str, str] = {**dict(MeasureType.choices), **dict(ServedSubcategory.choices)}
MEASURE_LABELS[MeasureType.INCARCERATION] = "Incarcération"
GROUP_LABELS = dict(SituationGroup.choices)


@dataclass(frozen=True)
class Figure:
    label: str
    value: str  # formatted in French ("56,3 %", "1 329", "—")
    raw: int | Decimal | None  # the number, for spreadsheets and charts
    indicator: str  # the drill-down indicator (JSON id)
    code: str = ""  # the breakdown code, when the figure is one line of a breakdown
    unit: str = ""  # "%", "mois", "jours", "ans" or ""


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    figures: list[Figure]
    chart: list[Figure] = field(default_factory=list)  # figures drawn as bars (with their data table)
    note: str = ""
    chart_kind: str = "bars"  # "bars" or "funnel" (centred bars, each stage inside the previous one)


def fmt_int(value: int | None) -> str:
    if value is None:
        return "—"
    return f"{value:,}".replace(",", "\u202f")


def fmt_decimal(value: Decimal | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,}".replace(",", "\u202f").replace(".", ",")
    if unit == "%":
        return f"{text}\u00a0%"
    return f"{text}\u00a0{unit}" if unit else text


def count(label: str, value: int, indicator: str, code: str = "") -> Figure:
    return Figure(label, fmt_int(value), value, indicator, code)


def share(label: str, value: Decimal | None, indicator: str, code: str = "") -> Figure:
    return Figure(label, fmt_decimal(value, "%"), value, indicator, code, "%")


def number(label: str, value: Decimal | None, unit: str, indicator: str) -> Figure:
    return Figure(label, fmt_decimal(value, unit), value, indicator, "", unit)


def report_sections(report: ActivityReport, *, health: bool = True) -> list[Section]:
    """The sections of the report. `health=False` leaves out the vulnerabilities (health data)."""
    p, j, h, s, x, v = (
        report.population,
        report.justice,
        report.households,
        report.stays,
        report.exits,
        report.vulnerabilities,
    )
    modality_labels = dict(Modality.choices)
    by_modality = [
        count(modality_labels[code], n, "persons_by_modality", code) for code, n in p.persons_by_modality.items()
    ]
    sections = [
        Section(
            "population",
            "Personnes accompagnées",
            [
                count("Personnes accompagnées", p.persons, "persons"),
                number("Âge moyen", p.mean_age, "ans", "mean_age"),
                count("dont âge connu", p.persons_with_age, "mean_age"),
                *by_modality,
            ],
            chart=by_modality,
            note="Chaque personne est comptée une fois, sous la modalité de son séjour de référence.",
        ),
        Section(
            "justice",
            "Personnes sous main de justice",
            [
                share("Part sous main de justice (hors urgence seule et accueil de jour)", j.share, "justice_share"),
                count("Personnes liées à la justice (toutes modalités)", j.linked, "justice_by_situation"),
                *[share(GROUP_LABELS[c], j.group_shares[c], "justice_by_situation", c) for c in GROUP_CODES],
            ],
            chart=[share(GROUP_LABELS[c], j.group_shares[c], "justice_by_situation", c) for c in GROUP_CODES],
        ),
        Section(
            "justice_measures",
            "Situations judiciaires par mesure",
            [share(MEASURE_LABELS[c], j.measure_shares[c], "justice_by_situation", c) for c in MEASURE_CODES],
            note="En % des personnes liées à la justice ; chaque personne a une seule situation.",
        ),
        Section(
            "households",
            "Ménages",
            [
                *[count(HOUSEHOLD_LABELS[t], n, "households", t) for t, n in h.households.items()],
                *[
                    count(f"Personnes — {HOUSEHOLD_LABELS[t].lower()}", n, "households", t)
                    for t, n in h.persons.items()
                ],
            ],
            chart=[count(HOUSEHOLD_LABELS[t], n, "households", t) for t, n in h.households.items()],
        ),
        Section(
            "stays",
            "Durée d'accompagnement",
            [
                count("Séjours terminés dans l'année", s.leavers, "mean_stay_months"),
                number("Durée moyenne (séjours terminés)", s.mean_stay_months, "mois", "mean_stay_months"),
                number("Durée moyenne en jours", s.mean_stay_days, "jours", "mean_stay_months"),
                number("Durée médiane en jours", s.median_stay_days, "jours", "mean_stay_months"),
                count("Séjours actifs dans l'année", s.active, "mean_stay_months_all"),
                number("Durée moyenne (tous séjours actifs)", s.mean_stay_months_all, "mois", "mean_stay_months_all"),
            ],
        ),
        Section(
            "exits",
            "Sorties",
            [
                count("Sorties positives", x.positive, "positive_exits"),
                share("Part de sorties positives", x.positive_share, "positive_exits"),
                share("dont vers un logement autonome", x.positive_housing_share, "positive_housing_share"),
                share("dont avec un emploi ou une formation", x.positive_activity_share, "positive_activity_share"),
                share("Sorties dynamiques (contrats d'insertion)", x.dynamic_exit_share, "dynamic_exit_share"),
            ],
        ),
    ]
    if health:
        kinds = dict(VulnerabilityKind.choices)
        figures: list[Figure] = []
        for kind, f in v.kinds.items():
            figures.append(share(kinds[kind], f.share, "vulnerability_shares", kind))
            figures.append(
                share(f"{kinds[kind]} — dont sous main de justice", f.justice_share, "vulnerability_shares", kind)
            )
        sections.append(
            Section(
                "vulnerabilities",
                "Vulnérabilités",
                figures,
                chart=[share(kinds[k], f.share, "vulnerability_shares", k) for k, f in v.kinds.items()],
            )
        )
    night_figures: list[Figure] = []
    for service in report.nights.services:
        label = f"{service.establishment} — {service.name}"
        night_figures.append(count(f"Nuitées — {label}", service.nights, "nights", service.service_id))
        night_figures.append(share(f"Taux d'occupation — {label}", service.occupancy, "nights", service.service_id))
    a = report.activity
    sections += [
        Section(
            "nights",
            "Nuitées et occupation",
            night_figures,
            chart=[
                share(f"{s.establishment} — {s.name}", s.occupancy, "nights", s.service_id)
                for s in report.nights.services
            ],
        ),
        Section(
            "activity",
            "Repas et domiciliations",
            [
                count("Repas servis", a.meals, "meals"),
                count("Domiciliations", a.domiciliations, "domiciliations"),
                count(
                    "dont personnes sous main de justice", a.domiciliations_justice_linked, "domiciliations", "justice"
                ),
            ],
        ),
    ]
    ad = report.admissions
    prescribers, decisions, outcomes = dict(Prescriber.choices), dict(Decision.choices), dict(RequestOutcome.choices)
    sections.append(
        Section(
            "admissions",
            "Demandes d'admission reçues",
            [
                count("Demandes reçues", ad.received, "admissions"),
                *[
                    count(f"Prescripteur : {prescribers[c]}", n, "admissions", f"prescriber:{c}")
                    for c, n in ad.received_by_prescriber.items()
                ],
                *[
                    count(f"Décision : {decisions[c]}", n, "admissions", f"decision:{c}")
                    for c, n in ad.decisions.items()
                ],
                *[count(f"Suite : {outcomes[c]}", n, "admissions", f"outcome:{c}") for c, n in ad.outcomes.items()],
            ],
            chart=[
                count("Demandes reçues", ad.received, "admissions"),
                count("Avis favorable", ad.decisions.get(Decision.FAVORABLE, 0), "admissions", "decision:favorable"),
                count("Admises", ad.outcomes.get(RequestOutcome.ADMIS, 0), "admissions", "outcome:admis"),
            ],
            chart_kind="funnel",
            note="Entonnoir : demandes reçues, puis avis favorables, puis admissions effectives.",
        )
    )
    m = report.measures
    measure_figures: list[Figure] = []
    for code, completion in m.completion.items():
        label = MEASURE_LABELS[code]
        measure_figures.append(count(f"{label} terminées dans l'année", completion.count, "measure_completion", code))
        measure_figures.append(share(f"{label} menées à terme", completion.completed_share, "measure_completion", code))
    e = report.employment
    sections += [
        Section(
            "measures",
            "Aménagements de peine",
            [
                *measure_figures,
                count("PSE terminés pendant un séjour", m.pse_measures, "pse_employment"),
                count("dont en emploi à la fin de la mesure", m.pse_employed, "pse_employment", "employed"),
                share("Part en emploi à la fin du PSE", m.pse_employment_share, "pse_employment", "employed"),
            ],
        ),
        Section(
            "employment",
            "Formation et TIG",
            [
                count("Membres des promotions", e.cohort_members, "cohorts"),
                share("se sont présentés à l'examen", e.sat_exam_share, "cohorts", "sat_exam"),
                share("diplômés (parmi les présentés)", e.graduated_share, "cohorts", "graduated"),
                count("TIG accueillis", e.tig_placements, "tig"),
                count("Heures de TIG effectuées", e.tig_hours_done, "tig"),
                count("Embauchés ensuite", e.tig_hired_after, "tig", "hired"),
            ],
        ),
    ]
    return sections


def key_figures(report: ActivityReport) -> list[Figure]:
    p, j, s, x = report.population, report.justice, report.stays, report.exits
    return [
        count("personnes accompagnées", p.persons, "persons"),
        share("sous main de justice (hors urgence)", j.share, "justice_share"),
        number("âge moyen", p.mean_age, "ans", "mean_age"),
        number("durée moyenne d'accompagnement", s.mean_stay_months, "mois", "mean_stay_months"),
        share("de sorties positives", x.positive_share, "positive_exits"),
        count("repas servis", report.activity.meals, "meals"),
    ]
