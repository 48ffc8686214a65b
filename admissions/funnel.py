"""The admission funnel (indicators v1, `admissions`): requests received during a year, counted by prescriber, by
their current decision and by their current outcome. The admissions page and the activity report (its facts and
its section) both count through these functions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from .enums import Decision, Prescriber, RequestOutcome
from .models import AdmissionRequest

FunnelRow = tuple[str, str, str, int]  # (prescriber, decision, outcome, requests)


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


def funnel_rows(requests: QuerySet[AdmissionRequest]) -> list[FunnelRow]:
    """The requests grouped by prescriber, decision and outcome: one query."""
    return list(
        requests.order_by()
        .values("prescriber", "decision", "outcome")
        .annotate(n=Count("pk"))
        .values_list("prescriber", "decision", "outcome", "n")
    )


def funnel_from_rows(rows: Iterable[FunnelRow]) -> Funnel:
    """The funnel of grouped rows (pure: no query)."""
    by_prescriber = dict.fromkeys(Prescriber.values, 0)
    decisions = dict.fromkeys(Decision.values, 0)
    outcomes = dict.fromkeys(RequestOutcome.values, 0)
    total = 0
    for prescriber, decision, outcome, n in rows:
        total += n
        by_prescriber[prescriber] += n
        decisions[decision] += n
        outcomes[outcome] += n
    return Funnel(received=total, received_by_prescriber=by_prescriber, decisions=decisions, outcomes=outcomes)


def funnel(requests: QuerySet[AdmissionRequest]) -> Funnel:
    return funnel_from_rows(funnel_rows(requests))
