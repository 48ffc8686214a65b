"""The data-quality panel shown beside the activity report: the records that make a figure less reliable, each
counted within the report's scope and year, with links to the records to fix.

Every check costs a fixed number of queries (a count and a short sample, or one aggregate), whatever the number
of records: the whole panel is about fifteen queries. Rules (documented in docs/indicators.md):

- stays closed in the year without outcome: exit reason empty, or housing or activity at exit `inconnu`;
- persons accompanied in the year without a birth date;
- measures without end past their expected end: a short measure (PSE, ARSE, SL, PE, CJ) still `en_cours` that
  started more than two years before 31 December of the year, or any measure without end date whose outcome is
  not `en_cours`;
- overlapping hosting stays (two hosting stays of one person sharing a night) and likely duplicated persons
  (same normalised name and same birth date);
- capacity exceeded: on some night of the year a hosting service counted by stays hosts more persons than its
  capacity in force that night (capacity period, else the service's capacity; services without any capacity are
  not checked);
- `nuitee` events recorded on a service that counts its nights by stay (the nights indicator ignores them).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from core.sql import as_date
from establishments.capacity import capacity_in_force_sql
from establishments.enums import NightRecording
from establishments.models import Service
from events.enums import EventKind
from justice.enums import MeasureOutcome, MeasureType
from justice.models import JusticeMeasure
from people.models import Person
from stays.enums import ExitHousing
from stays.models import Stay

from .facts import active_stays, events_in_period, leaver_stays
from .rules import Period
from .scope import Scope

SAMPLE = 20
SHORT_MEASURES = (
    MeasureType.PSE,
    MeasureType.ARSE,
    MeasureType.SEMI_LIBERTE,
    MeasureType.PLACEMENT_EXTERIEUR,
    MeasureType.CONTROLE_JUDICIAIRE,
)
SHORT_MEASURE_YEARS = 2


@dataclass(frozen=True)
class QualityItem:
    label: str
    url: str = ""  # empty when the user may not open the record


@dataclass(frozen=True)
class QualityCheck:
    slug: str
    title: str
    count: int
    rule: str
    items: list[QualityItem] = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(self.count - len(self.items), 0)


@dataclass(frozen=True)
class QualityPanel:
    checks: list[QualityCheck]
    missing_birth_dates: int
    exits_unknown_housing: int

    @property
    def problems(self) -> int:
        return sum(c.count for c in self.checks)

    def check(self, slug: str) -> QualityCheck:
        return next(c for c in self.checks if c.slug == slug)


def person_label(person: Person) -> str:
    return f"{person.last_name.upper()} {person.first_name}"


def person_url(pk: int) -> str:
    return reverse("dossier:person", kwargs={"pk": pk})


def _person_items(persons: QuerySet[Person], suffix: Any = None) -> list[QualityItem]:
    rows = persons.order_by("last_name", "first_name", "pk")[:SAMPLE]
    return [QualityItem(person_label(p) + (f" — {suffix(p)}" if suffix else ""), person_url(p.pk)) for p in rows]


def _scoped_persons(year: int, scope: Scope) -> QuerySet[Any]:
    return active_stays(year, scope).values("person_id")


def closed_without_outcome(year: int, scope: Scope) -> tuple[QualityCheck, int]:
    stays = leaver_stays(year, scope).filter(
        Q(exit_reason="") | Q(exit_housing=ExitHousing.INCONNU) | Q(exit_activity="inconnu")
    )
    total = stays.count()
    unknown_housing = stays.filter(exit_housing=ExitHousing.INCONNU).count()
    sample = stays.select_related("person", "service").order_by("end_date", "pk")[:SAMPLE]
    items = [
        QualityItem(
            f"{person_label(s.person)} — {s.service.name}, sortie le {s.end_date:%d/%m/%Y}", person_url(s.person_id)
        )
        for s in sample
    ]
    check = QualityCheck(
        "closed_without_outcome",
        "Séjours terminés sans issue connue",
        total,
        "Séjour terminé dans l'année dont le motif de sortie est vide ou le logement ou l'activité à la sortie "
        "« inconnu ».",
        items,
    )
    return check, unknown_housing


def missing_birth_date(year: int, scope: Scope) -> QualityCheck:
    persons = Person.objects.filter(pk__in=_scoped_persons(year, scope), birth_date__isnull=True)
    return QualityCheck(
        "missing_birth_date",
        "Personnes sans date de naissance",
        persons.count(),
        "Personne accompagnée dans l'année sans date de naissance : elle n'entre pas dans l'âge moyen.",
        _person_items(persons),
    )


def overdue_measures(year: int, scope: Scope) -> QualityCheck:
    limit = datetime.date(year - SHORT_MEASURE_YEARS, 12, 31)
    measures = JusticeMeasure.objects.filter(person_id__in=_scoped_persons(year, scope)).filter(
        Q(outcome=MeasureOutcome.EN_COURS, measure__in=SHORT_MEASURES, start_date__lt=limit)
        | (Q(end_date__isnull=True) & ~Q(outcome=MeasureOutcome.EN_COURS))
    )
    labels = dict(MeasureType.choices)
    sample = measures.select_related("person").order_by("start_date", "pk")[:SAMPLE]
    items = []
    for m in sample:
        since = f", depuis le {m.start_date:%d/%m/%Y}" if m.start_date else ""
        items.append(
            QualityItem(
                f"{person_label(m.person)} — {labels.get(m.measure, m.measure)}{since}", person_url(m.person_id)
            )
        )
    return QualityCheck(
        "overdue_measures",
        "Mesures sans fin après leur échéance",
        measures.count(),
        f"Mesure courte (PSE, ARSE, semi-liberté, placement à l'extérieur, contrôle judiciaire) toujours « en cours » "
        f"commencée avant le 31/12/{year - SHORT_MEASURE_YEARS} (plus de {SHORT_MEASURE_YEARS} ans), ou mesure "
        "sans date de fin dont l'issue n'est pas « en cours ».",
        items,
    )


def overlapping_stays(year: int, scope: Scope) -> QualityCheck:
    """Two hosting stays of one person sharing a night (`stays.rules.share_a_night`)."""
    others = (
        Stay.objects.filter(person=OuterRef("person"), hosting=True)
        .exclude(pk=OuterRef("pk"))
        .sharing_a_night_with(OuterRef("start_date"), OuterRef("end_date"))
    )
    stays = active_stays(year, scope).filter(hosting=True).holding_a_night().filter(Exists(others))
    persons = Person.objects.filter(pk__in=stays.values("person_id"))
    return QualityCheck(
        "overlapping_stays",
        "Séjours d'hébergement qui se chevauchent",
        persons.count(),
        "Personne ayant deux séjours d'hébergement qui partagent au moins une nuit (possible dans des données "
        "anciennes importées) : ses nuitées sont comptées deux fois.",
        _person_items(persons),
    )


def duplicated_persons(year: int, scope: Scope) -> QualityCheck:
    twins = Person.objects.filter(search_name=OuterRef("search_name"), birth_date=OuterRef("birth_date")).exclude(
        pk=OuterRef("pk")
    )
    persons = Person.objects.filter(pk__in=_scoped_persons(year, scope), birth_date__isnull=False).filter(Exists(twins))
    return QualityCheck(
        "duplicated_persons",
        "Doublons probables",
        persons.count(),
        "Personne accompagnée dans l'année dont une autre fiche porte le même nom normalisé et la même date de "
        "naissance.",
        _person_items(persons, suffix=lambda p: f"née le {p.birth_date:%d/%m/%Y}"),
    )


def capacity_exceeded(year: int, scope: Scope, *, admin_links: bool) -> QualityCheck:
    """One query: the occupation of each hosting service counted by stay changes only on the days a stay starts
    or ends (or a capacity period starts or ends); a running sum over those days (+1 from a stay's start, −1 from
    its end: the stays occupied that night, `stays.rules.is_occupied_on`) gives the persons hosted each night,
    compared with the capacity in force that night (`establishments.capacity.capacity_in_force_sql`)."""
    period = Period(year)
    condition, params = scope.service_sql("v")
    where = f" AND {condition}" if condition else ""
    stays_where = (
        "s.hosting AND v.night_recording = %s AND s.start_date <= %s AND (s.end_date IS NULL OR s.end_date > %s)"
        + where
    )
    stays_params = [NightRecording.SEJOUR, period.end, period.start, *params]
    sql = f"""
    WITH deltas AS (
        SELECT s.service_id AS sid, CASE WHEN s.start_date < %s THEN %s ELSE s.start_date END AS day, 1 AS d
        FROM stays_stay s JOIN establishments_service v ON v.id = s.service_id WHERE {stays_where}
        UNION ALL
        SELECT s.service_id, s.end_date, -1
        FROM stays_stay s JOIN establishments_service v ON v.id = s.service_id
        WHERE {stays_where} AND s.end_date IS NOT NULL AND s.end_date <= %s
        UNION ALL
        SELECT c.service_id, CASE WHEN c.start_date < %s THEN %s ELSE c.start_date END, 0
        FROM establishments_capacityperiod c JOIN establishments_service v ON v.id = c.service_id
        WHERE c.start_date <= %s AND (c.end_date IS NULL OR c.end_date > %s){where}
        UNION ALL
        SELECT c.service_id, c.end_date, 0
        FROM establishments_capacityperiod c JOIN establishments_service v ON v.id = c.service_id
        WHERE c.end_date > %s AND c.end_date <= %s{where}
    ),
    daily AS (SELECT sid, day, SUM(d) AS d FROM deltas GROUP BY sid, day),
    running AS (
        SELECT sid, day, SUM(d) OVER (PARTITION BY sid ORDER BY day ROWS UNBOUNDED PRECEDING) AS hosted FROM daily
    ),
    checked AS (
        SELECT r.sid, r.day, r.hosted, {capacity_in_force_sql("r.sid", "r.day", "v.capacity")} AS places
        FROM running r JOIN establishments_service v ON v.id = r.sid
    )
    SELECT sid, MIN(day), MAX(hosted - places), COUNT(*) FROM checked
    WHERE places IS NOT NULL AND hosted > places AND day <= %s
    GROUP BY sid
    """
    all_params = [
        period.start,
        period.start,
        *stays_params,
        *stays_params,
        period.end,
        period.start,
        period.start,
        period.end,
        period.start,
        *params,
        period.start,
        period.end,
        *params,
        period.end,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        rows = cursor.fetchall()
    names = {s.pk: str(s) for s in Service.objects.filter(pk__in=[r[0] for r in rows]).select_related("establishment")}
    items = [
        QualityItem(
            f"{names.get(sid, sid)} — dès la nuit du {as_date(day):%d/%m/%Y}, jusqu'à {int(excess)} "
            f"personne{'s' if int(excess) > 1 else ''} de plus que les places",
            reverse("admin:establishments_service_change", args=[sid]) if admin_links else "",
        )
        for sid, day, excess, _ in sorted(rows, key=lambda r: names.get(r[0], ""))
    ]
    return QualityCheck(
        "capacity_exceeded",
        "Capacité dépassée",
        len(rows),
        "Service d'hébergement décompté par séjour qui, une nuit de l'année au moins, héberge plus de personnes "
        "que sa capacité en vigueur cette nuit-là (période de capacité, sinon capacité du service). Corriger les "
        "séjours ou les capacités (administration).",
        items,
    )


def nights_on_stay_services(year: int, scope: Scope, *, admin_links: bool) -> QualityCheck:
    events = scope.filter_by_service(
        events_in_period(year).filter(kind=EventKind.NUITEE, service__night_recording=NightRecording.SEJOUR)
    )
    rows = list(
        events.values("service_id", "service__name", "service__establishment__name")
        .annotate(n=Count("pk"))
        .order_by("service__establishment__name", "service__name")
    )
    items = [
        QualityItem(
            f"{r['service__establishment__name']} — {r['service__name']} : {r['n']} événement"
            f"{'s' if r['n'] > 1 else ''}",
            reverse("admin:establishments_service_change", args=[r["service_id"]]) if admin_links else "",
        )
        for r in rows
    ]
    return QualityCheck(
        "nights_on_stay_services",
        "Nuitées saisies sur un service décompté par séjour",
        sum(r["n"] for r in rows),
        "Événement « nuitée » enregistré sur un service dont les nuits se comptent par séjour : l'indicateur des "
        "nuitées l'ignore. Corriger le décompte du service (administration) ou supprimer ces événements.",
        items,
    )


def quality_panel(*, year: int, scope: Scope, user: Any = None) -> QualityPanel:
    admin_links = bool(user is not None and getattr(user, "is_staff", False))
    closed, unknown_housing = closed_without_outcome(year, scope)
    birth = missing_birth_date(year, scope)
    checks = [
        closed,
        birth,
        overdue_measures(year, scope),
        overlapping_stays(year, scope),
        duplicated_persons(year, scope),
        capacity_exceeded(year, scope, admin_links=admin_links),
        nights_on_stay_services(year, scope, admin_links=admin_links),
    ]
    return QualityPanel(checks=checks, missing_birth_dates=birth.count, exits_unknown_housing=unknown_housing)


def incomplete_notes(report: Any, panel: QualityPanel) -> dict[str, str]:
    """Per section slug, a sentence saying a figure was computed on incomplete data (empty when complete)."""
    notes: dict[str, str] = {}
    p = report.population
    missing = p.persons - p.persons_with_age
    if missing > 0:
        notes["population"] = (
            f"Âge moyen calculé sur {p.persons_with_age} personne{'s' if p.persons_with_age > 1 else ''}, "
            f"{missing} sans date de naissance."
        )
    if panel.exits_unknown_housing:
        n = panel.exits_unknown_housing
        notes["exits"] = f"{n} sortie{'s' if n > 1 else ''} sans logement connu."
    return notes
