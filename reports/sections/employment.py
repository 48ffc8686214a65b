"""Training cohorts (AQI) and community service (TIG) hosted."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from employment.models import CohortMember, TigPlacement

from ..common import Period, pct
from ..facts import ReportContext
from ..scope import Scope


@dataclass(frozen=True)
class EmploymentSection:
    cohort_members: int
    sat_exam: int
    graduated: int  # among those who sat the exam
    sat_exam_share: Decimal | None
    graduated_share: Decimal | None
    tig_placements: int
    tig_hours_done: int
    tig_hired_after: int


def cohort_members(year: int, scope: Scope):  # type: ignore[no-untyped-def]
    """Members of the cohorts of a service in scope that run during P (start ≤ Y-12-31, end empty or ≥ Y-01-01)."""
    period = Period(year)
    return scope.filter_by_service(
        CohortMember.objects.filter(period.q_active("cohort__start_date", "cohort__end_date")), "cohort__service"
    ).order_by()


def tig_placements(year: int, scope: Scope):  # type: ignore[no-untyped-def]
    """Placements hosted by a service in scope, active in P."""
    return scope.filter_by_service(TigPlacement.objects.filter(Period(year).q_active())).order_by()


def employment(year: int, scope: Scope, *, ctx: ReportContext | None = None) -> EmploymentSection:
    members = cohort_members(year, scope).aggregate(
        n=Count("pk"),
        sat=Count("pk", filter=Q(sat_exam=True)),
        graduated=Count("pk", filter=Q(sat_exam=True, graduated=True)),
    )
    tig = tig_placements(year, scope).aggregate(
        n=Count("pk"), hours=Sum("hours_done"), hired=Count("pk", filter=Q(hired_after=True))
    )
    return EmploymentSection(
        cohort_members=members["n"],
        sat_exam=members["sat"],
        graduated=members["graduated"],
        sat_exam_share=pct(members["sat"], members["n"]),
        graduated_share=pct(members["graduated"], members["sat"]),
        tig_placements=tig["n"],
        tig_hours_done=int(tig["hours"] or 0),
        tig_hired_after=tig["hired"],
    )
