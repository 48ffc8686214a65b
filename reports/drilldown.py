"""The records behind each figure of the report, with the reason each one counts (French)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q
from django.db.models.functions import Coalesce, Least
from django.http import Http404

from core.sql import DaysBetween, date_value
from establishments.enums import EMERGENCY_ONLY_MODALITIES, Modality, NightRecording
from events.enums import EventKind
from events.models import Event
from justice.models import JusticeMeasure
from people.enums import VulnerabilityKind
from people.models import Person
from stays.models import Stay
from stays.rules import nights_within_expression

from .facts import ReportContext, cohort_members, ending_measures, leaver_stays, received_requests, tig_placements
from .presentation import GROUP_LABELS, MEASURE_LABELS
from .rules import JOB_OR_TRAINING, POSITIVE_HOUSING_CODES
from .sections.households import HOUSEHOLD_LABELS

LIMIT = 500
HEALTH_INDICATORS = {"vulnerability_shares"}
JUSTICE_INDICATORS = {"justice_share", "justice_by_situation", "measure_completion", "pse_employment"}


@dataclass
class Row:
    person: Any | None  # a Person (linked to their record) or None
    cells: list[str]
    reason: str


@dataclass
class Drill:
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    total: int = 0

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def d(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "en cours"


def _stay_text(stay: Stay) -> str:
    return f"{stay.service.name} ({stay.service.establishment.name}), du {d(stay.start_date)} au {d(stay.end_date)}"


def _persons(pks: list[int]) -> dict[int, Person]:
    return Person.objects.in_bulk(pks)


def _by_references(ctx: ReportContext, title: str, pks: list[int], reason: Any, extra: Any = None) -> Drill:
    """Persons accompanied, shown with their reference stay."""
    refs = ctx.references
    shown = sorted(pks, key=lambda pk: pk)[:LIMIT]
    stays = Stay.objects.select_related("service__establishment").in_bulk([refs[pk].stay_id for pk in shown])
    persons = _persons(shown)
    columns = ["Personne", "Séjour de référence", *(extra[0] if extra else [])]
    drill = Drill(title, columns, total=len(pks))
    for pk in shown:
        stay = stays[refs[pk].stay_id]
        cells = [_stay_text(stay), *(extra[1](pk) if extra else [])]
        drill.rows.append(Row(persons[pk], cells, reason(pk, stay)))
    drill.rows.sort(key=lambda r: (r.person.last_name, r.person.first_name) if r.person else ("", ""))
    return drill


def _modality_label(code: str) -> str:
    return dict(Modality.choices).get(code, code)


def drill_persons(ctx: ReportContext, code: str) -> Drill:
    refs = ctx.references
    pks = [pk for pk, ref in refs.items() if not code or ref.modality == code]
    title = "Personnes accompagnées" + (f" — {_modality_label(code)}" if code else "")
    return _by_references(
        ctx, title, pks, lambda pk, stay: "Séjour actif dans l'année ; séjour de référence (entré le plus récemment)."
    )


def drill_age(ctx: ReportContext, code: str) -> Drill:
    ages = ctx.ages
    pks = list(ctx.references)

    def reason(pk: int, stay: Stay) -> str:
        if ages[pk] is None:
            return "Date de naissance inconnue : hors de la moyenne."
        return f"{ages[pk]} ans au {d(max(stay.start_date, ctx.period.start))} (date d'âge)."

    return _by_references(ctx, "Âge des personnes accompagnées", pks, reason)


def drill_justice(ctx: ReportContext, code: str, *, share_base: bool) -> Drill:
    situations = ctx.situations
    refs = ctx.references
    pks = [
        pk
        for pk, s in situations.items()
        if (not code or code in (s.group, s.measure))
        and (not share_base or refs[pk].modality not in EMERGENCY_ONLY_MODALITIES)
    ]
    measures = JusticeMeasure.objects.in_bulk([situations[pk].measure_pk for pk in pks[:LIMIT]])
    rules = {
        1: "mesure en vigueur pendant un séjour",
        2: "détention terminée 0 à 183 jours avant l'entrée",
        3: "mesure terminée 0 à 183 jours avant l'entrée",
        4: "condamnation antérieure déclarée",
        5: "détention en cours pendant un séjour",
    }

    def reason(pk: int, stay: Stay) -> str:
        s = situations[pk]
        m = measures.get(s.measure_pk)
        dates = f" (du {d(m.start_date)} au {d(m.end_date)})" if m and (m.start_date or m.end_date) else ""
        return f"Règle {s.rule} : {rules[s.rule]} — {MEASURE_LABELS.get(m.measure, '') if m else ''}{dates}."

    label = GROUP_LABELS.get(code) or MEASURE_LABELS.get(code) or ""
    title = "Personnes liées à la justice" + (f" — {label}" if label else "")
    if share_base:
        title += " (hors modalités d'urgence seule)"
    return _by_references(
        ctx,
        title,
        pks,
        reason,
        (
            ["Situation"],
            lambda pk: [f"{GROUP_LABELS[situations[pk].group]} / {MEASURE_LABELS[situations[pk].measure]}"],
        ),
    )


def drill_households(ctx: ReportContext, code: str) -> Drill:
    groups = [g for g in ctx.households if not code or g.type == code]
    persons = [(g, pk) for g in groups for pk in g.persons]
    names = _persons(list({pk for _, pk in persons[:LIMIT]} | {g.anchor for g, _ in persons[:LIMIT]}))
    drill = Drill(
        "Personnes par type de ménage" + (f" — {HOUSEHOLD_LABELS[code]}" if code else ""),
        ["Personne", "Type de ménage", "Vu depuis"],
        total=len(persons),
    )
    for group, pk in persons[:LIMIT]:
        anchor = names[group.anchor]
        drill.rows.append(
            Row(
                names[pk],
                [HOUSEHOLD_LABELS[group.type], str(anchor)],
                f"Ménage compté une fois ({len(group.persons)} personne(s) accompagnée(s)), type lu depuis le séjour "
                f"de référence de {anchor}.",
            )
        )
    return drill


def _stays_drill(title: str, qs: Any, reason: Any, ctx: ReportContext, days_expr: Any = None) -> Drill:
    qs = qs.select_related("person", "service__establishment").order_by("start_date", "pk")
    if days_expr is not None:
        qs = qs.annotate(days=days_expr)
    drill = Drill(title, ["Personne", "Séjour", "Jours", "Sortie"], total=qs.count())
    for stay in qs[:LIMIT]:
        days = stay.days if days_expr is not None else None
        exit_text = f"{stay.get_exit_housing_display()} / {stay.get_exit_activity_display()}" if stay.end_date else ""
        drill.rows.append(
            Row(stay.person, [_stay_text(stay), "" if days is None else str(days), exit_text], reason(stay))
        )
    return drill


def drill_leavers(ctx: ReportContext, indicator: str) -> Drill:
    qs = leaver_stays(ctx.year, ctx.scope)
    positive = Q(exit_housing__in=list(POSITIVE_HOUSING_CODES)) | Q(exit_activity__in=list(JOB_OR_TRAINING))
    title, reason = "Séjours terminés dans l'année", "Sortie pendant l'année ; durée = sortie − entrée."
    if indicator == "positive_exits":
        qs, title = qs.filter(positive), "Sorties positives"
        reason = "Logement autonome ou adapté, ou emploi ou formation à la sortie."
    elif indicator == "positive_housing_share":
        qs, title, reason = qs.filter(exit_housing="logement_autonome"), "Sorties vers un logement autonome", ""
    elif indicator == "positive_activity_share":
        qs = qs.filter(exit_activity__in=list(JOB_OR_TRAINING))
        title, reason = "Sorties avec un emploi ou une formation", ""
    elif indicator == "dynamic_exit_share":
        qs = qs.filter(service__modality=Modality.CONTRAT_INSERTION)
        title = "Sorties de contrats d'insertion"

        def reason_fn(stay: Stay) -> str:
            return "Sortie dynamique" if stay.exit_activity in JOB_OR_TRAINING else "Sortie non dynamique"

        return _stays_drill(title, qs, reason_fn, ctx, DaysBetween(F("end_date"), F("start_date")))
    return _stays_drill(title, qs, lambda s: reason, ctx, DaysBetween(F("end_date"), F("start_date")))


def drill_active(ctx: ReportContext) -> Drill:
    after = date_value(ctx.period.after)
    days = DaysBetween(Least(Coalesce(F("end_date"), after), after), F("start_date"))
    return _stays_drill(
        "Séjours actifs dans l'année",
        ctx.active_stays(),
        lambda s: "Durée comptée jusqu'à la sortie ou au 1er janvier suivant.",
        ctx,
        days,
    )


def drill_vulnerabilities(ctx: ReportContext, code: str) -> Drill:
    found = ctx.vulnerable
    kinds = [code] if code in found else list(found)
    pks = sorted({pk for kind in kinds for pk in found[kind]})
    situations = ctx.situations
    label = dict(VulnerabilityKind.choices).get(code, "")
    return _by_references(
        ctx,
        "Personnes avec une vulnérabilité" + (f" — {label}" if label else ""),
        pks,
        lambda pk, stay: (
            "Constatée au plus tard à la fin du séjour de référence (ou au 31 décembre)."
            + (" Liée à la justice." if pk in situations else "")
        ),
    )


def drill_nights(ctx: ReportContext, code: str) -> Drill:
    service = ctx.night_service(code)
    if service is None:
        raise Http404("Service inconnu dans ce périmètre.")
    period = ctx.period
    if service.night_recording == NightRecording.NUITEE:
        events = ctx.nights_events(service)
        drill = Drill(f"Nuitées enregistrées — {service.name}", ["Personne", "Date", "Quantité"], total=events.count())
        for event in events.select_related("person").order_by("date", "pk")[:LIMIT]:
            drill.rows.append(
                Row(event.person, [d(event.date), str(event.quantity)], "Nuitée enregistrée dans l'année.")
            )
        return drill
    days = nights_within_expression(period.start, period.end)
    return _stays_drill(
        f"Nuits des séjours — {service.name}",
        ctx.nights_stays(service),
        lambda s: "Nuits comprises dans l'année (nuit du départ exclue).",
        ctx,
        days,
    )


def drill_events(ctx: ReportContext, kind: str, code: str) -> Drill:
    qs = ctx.events(kind)
    title = "Repas servis" if kind == EventKind.REPAS else "Domiciliations"
    situations = ctx.situations if kind == EventKind.DOMICILIATION else {}
    drill = Drill(title, ["Personne", "Service", "Date", "Quantité"])
    if code == "justice":
        title += " — personnes liées à la justice"
        pks = [pk for pk, person_id in qs.values_list("pk", "person_id") if person_id in situations]
        drill.title, drill.total = title, len(pks)
        qs = Event.objects.filter(pk__in=pks[:LIMIT])
    else:
        drill.total = qs.count()
    for event in qs.select_related("person", "service").order_by("date", "pk")[:LIMIT]:
        reason = "Personne accompagnée liée à la justice." if event.person_id in situations else ""
        drill.rows.append(Row(event.person, [event.service.name, d(event.date), str(event.quantity)], reason))
    return drill


def drill_admissions(ctx: ReportContext, code: str) -> Drill:
    qs = received_requests(ctx.year, ctx.scope)
    if ":" in code:
        field_name, value = code.split(":", 1)
        if field_name not in {"prescriber", "decision", "outcome"}:
            raise Http404("Ventilation inconnue.")
        qs = qs.filter(**{field_name: value})
    drill = Drill(
        "Demandes d'admission reçues", ["Personne", "Service", "Reçue le", "Prescripteur", "Décision", "Suite"]
    )
    drill.total = qs.count()
    for r in qs.select_related("person", "service").order_by("received_on", "pk")[:LIMIT]:
        drill.rows.append(
            Row(
                r.person,
                [
                    r.service.name,
                    d(r.received_on),
                    r.get_prescriber_display(),
                    r.get_decision_display(),
                    r.get_outcome_display(),
                ],
                "Reçue dans l'année par un service du périmètre.",
            )
        )
    return drill


def drill_measures(ctx: ReportContext, indicator: str, code: str) -> Drill:
    qs = ending_measures(ctx.year, ctx.scope)
    if indicator == "pse_employment":
        qs = qs.filter(measure="pse")
        if code == "employed":
            qs = qs.filter(employed=True)
    elif code:
        qs = qs.filter(measure=code)
    drill = Drill(
        "Mesures terminées pendant un séjour du périmètre",
        ["Personne", "Mesure", "Du", "Au", "Issue"],
        total=qs.count(),
    )
    for m in qs.select_related("person").order_by("end_date", "pk")[:LIMIT]:
        reason = "Menée à terme." if m.outcome == "terminee" else "Non menée à terme."
        if m.measure == "pse":
            reason += " En emploi (ou contrat d'insertion) à la fin." if m.employed else " Pas d'emploi connu à la fin."
        drill.rows.append(
            Row(m.person, [MEASURE_LABELS[m.measure], d(m.start_date), d(m.end_date), m.get_outcome_display()], reason)
        )
    return drill


def drill_cohorts(ctx: ReportContext, code: str) -> Drill:
    qs = cohort_members(ctx.year, ctx.scope)
    if code == "sat_exam":
        qs = qs.filter(sat_exam=True)
    elif code == "graduated":
        qs = qs.filter(sat_exam=True, graduated=True)
    drill = Drill("Membres des promotions", ["Personne", "Promotion", "Examen", "Diplômé"], total=qs.count())
    for m in qs.select_related("person", "cohort").order_by("cohort__start_date", "pk")[:LIMIT]:
        drill.rows.append(
            Row(m.person, [m.cohort.name, "oui" if m.sat_exam else "non", "oui" if m.graduated else "non"], "")
        )
    return drill


def drill_tig(ctx: ReportContext, code: str) -> Drill:
    qs = tig_placements(ctx.year, ctx.scope)
    if code == "hired":
        qs = qs.filter(hired_after=True)
    drill = Drill("TIG accueillis", ["Personne", "Service", "Du", "Au", "Heures effectuées"], total=qs.count())
    for t in qs.select_related("person", "service").order_by("start_date", "pk")[:LIMIT]:
        reason = "Embauché(e) ensuite." if t.hired_after else ""
        drill.rows.append(Row(t.person, [t.service.name, d(t.start_date), d(t.end_date), str(t.hours_done)], reason))
    return drill


INDICATORS = {
    "persons": "Personnes accompagnées",
    "persons_by_modality": "Personnes par modalité",
    "mean_age": "Âge moyen",
    "justice_share": "Part sous main de justice",
    "justice_by_situation": "Situations judiciaires",
    "households": "Ménages",
    "mean_stay_months": "Durée moyenne (séjours terminés)",
    "mean_stay_months_all": "Durée moyenne (séjours actifs)",
    "positive_exits": "Sorties positives",
    "positive_housing_share": "Sorties vers un logement autonome",
    "positive_activity_share": "Sorties avec emploi ou formation",
    "dynamic_exit_share": "Sorties dynamiques",
    "vulnerability_shares": "Vulnérabilités",
    "nights": "Nuitées",
    "occupancy": "Taux d'occupation",
    "meals": "Repas",
    "domiciliations": "Domiciliations",
    "admissions": "Admissions",
    "measure_completion": "Aménagements de peine menés à terme",
    "pse_employment": "Emploi en fin de PSE",
    "cohorts": "Promotions",
    "tig": "TIG",
}


def drilldown(ctx: ReportContext, indicator: str, code: str = "") -> Drill:
    """The records behind `indicator` (a JSON id), restricted to one breakdown `code` when given."""
    if indicator in {"persons", "persons_by_modality"}:
        return drill_persons(ctx, code)
    if indicator == "mean_age":
        return drill_age(ctx, code)
    if indicator in {"justice_share", "justice_by_situation"}:
        return drill_justice(ctx, code, share_base=indicator == "justice_share")
    if indicator == "households":
        return drill_households(ctx, code if code in HOUSEHOLD_LABELS else "")
    if indicator in {"mean_stay_months", "positive_exits", "positive_housing_share", "positive_activity_share"}:
        return drill_leavers(ctx, indicator)
    if indicator == "dynamic_exit_share":
        return drill_leavers(ctx, indicator)
    if indicator == "mean_stay_months_all":
        return drill_active(ctx)
    if indicator == "vulnerability_shares":
        return drill_vulnerabilities(ctx, code)
    if indicator in {"nights", "occupancy"}:
        return drill_nights(ctx, code)
    if indicator == "meals":
        return drill_events(ctx, EventKind.REPAS, "")
    if indicator == "domiciliations":
        return drill_events(ctx, EventKind.DOMICILIATION, code)
    if indicator == "admissions":
        return drill_admissions(ctx, code)
    if indicator in {"measure_completion", "pse_employment"}:
        return drill_measures(ctx, indicator, code)
    if indicator == "cohorts":
        return drill_cohorts(ctx, code)
    if indicator == "tig":
        return drill_tig(ctx, code)
    raise Http404("Indicateur inconnu.")
