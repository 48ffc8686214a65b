"""The admission funnel: requests received in the year by prescriber, their decision and outcome today."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from admissions.enums import Decision, Prescriber, RequestOutcome
from admissions.models import AdmissionRequest

from ..common import Period
from ..facts import ReportContext
from ..scope import Scope


@dataclass(frozen=True)
class AdmissionSection:
    received: int
    received_by_prescriber: dict[str, int]
    decisions: dict[str, int]
    outcomes: dict[str, int]


def received_requests(year: int, scope: Scope):  # type: ignore[no-untyped-def]
    """Requests received in P sent to a service in scope (a service scope: that service only)."""
    return scope.filter_by_service(AdmissionRequest.objects.filter(Period(year).q_date("received_on"))).order_by()


def admissions(year: int, scope: Scope, *, ctx: ReportContext | None = None) -> AdmissionSection:
    by_prescriber = dict.fromkeys(Prescriber.values, 0)
    decisions = dict.fromkeys(Decision.values, 0)
    outcomes = dict.fromkeys(RequestOutcome.values, 0)
    rows = (
        received_requests(year, scope)
        .values("prescriber", "decision", "outcome")
        .annotate(n=Count("pk"))
        .values_list("prescriber", "decision", "outcome", "n")
    )
    total = 0
    for prescriber, decision, outcome, n in rows:
        total += n
        by_prescriber[prescriber] += n
        decisions[decision] += n
        outcomes[outcome] += n
    return AdmissionSection(
        received=total, received_by_prescriber=by_prescriber, decisions=decisions, outcomes=outcomes
    )
