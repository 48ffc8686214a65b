"""The admission funnel (indicators v1, `admissions`): requests received during a year, counted by prescriber, by
their current decision and by their current outcome. The admissions page and the activity report both count
through `funnel`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from .enums import Decision, Prescriber, RequestOutcome
from .models import AdmissionRequest


@dataclass(frozen=True)
class Funnel:
    received: int
    received_by_prescriber: dict[str, int]  # every prescriber code, 0 if none
    decisions: dict[str, int]
    outcomes: dict[str, int]


def received_during(year: int) -> QuerySet[AdmissionRequest]:
    """Requests received from 1 January to 31 December of `year` (both included)."""
    return AdmissionRequest.objects.filter(
        received_on__gte=datetime.date(year, 1, 1), received_on__lte=datetime.date(year, 12, 31)
    ).order_by()


def funnel(requests: QuerySet[AdmissionRequest]) -> Funnel:
    """The funnel of a set of requests, in one grouped query."""
    by_prescriber = dict.fromkeys(Prescriber.values, 0)
    decisions = dict.fromkeys(Decision.values, 0)
    outcomes = dict.fromkeys(RequestOutcome.values, 0)
    total = 0
    rows = (
        requests.order_by()
        .values("prescriber", "decision", "outcome")
        .annotate(n=Count("pk"))
        .values_list("prescriber", "decision", "outcome", "n")
    )
    for prescriber, decision, outcome, n in rows:
        total += n
        by_prescriber[prescriber] += n
        decisions[decision] += n
        outcomes[outcome] += n
    return Funnel(received=total, received_by_prescriber=by_prescriber, decisions=decisions, outcomes=outcomes)
