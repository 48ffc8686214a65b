"""The per-establishment table of the association report: for each establishment, its main figures, each
taken from the report of that establishment's own scope (so a row equals the establishment report)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from establishments.models import Establishment

from .presentation import Figure, count, number, share
from .scope import Scope
from .services import ActivityReport, activity_report

COLUMNS = [
    "Personnes accompagnées",
    "Âge moyen (ans)",
    "Durée moyenne (mois)",
    "Sous main de justice",
    "Sorties positives vers un logement autonome",
    "Sorties positives avec emploi ou formation",
]


@dataclass(frozen=True)
class EstablishmentRow:
    establishment: Establishment
    scope: Scope
    report: ActivityReport
    figures: list[Figure]

    @property
    def slug(self) -> str:
        return self.scope.slug


def row_figures(report: ActivityReport) -> list[Figure]:
    """The figures of one row, in the order of COLUMNS, with their drill-down indicators."""
    p, j, s, x = report.population, report.justice, report.stays, report.exits
    return [
        count(COLUMNS[0], p.persons, "persons"),
        number(COLUMNS[1], p.mean_age, "", "mean_age"),
        number(COLUMNS[2], s.mean_stay_months, "", "mean_stay_months"),
        share(COLUMNS[3], j.share, "justice_share"),
        share(COLUMNS[4], x.positive_housing_share, "positive_housing_share"),
        share(COLUMNS[5], x.positive_activity_share, "positive_activity_share"),
    ]


def establishment_rows(*, year: int, establishments: Iterable[Establishment]) -> list[EstablishmentRow]:
    """One row per establishment (few of them: each costs one report, whose query count does not depend on
    the number of records)."""
    rows = []
    for establishment in sorted(establishments, key=lambda e: (e.name, e.pk)):
        scope = Scope.for_establishment(establishment)
        report = activity_report(year=year, scope=scope)
        rows.append(EstablishmentRow(establishment, scope, report, row_figures(report)))
    return rows
