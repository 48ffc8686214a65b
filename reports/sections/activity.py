"""Meals served and domiciliations (events of the year in the scope's services)."""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import ReportContext
from ..scope import Scope
from ._base import context


@dataclass(frozen=True)
class ActivitySection:
    meals: int
    domiciliations: int
    domiciliations_justice_linked: int


def activity(year: int, scope: Scope, *, ctx: ReportContext | None = None) -> ActivitySection:
    ctx = context(year, scope, ctx)
    events = ctx.events
    return ActivitySection(
        meals=events.meals,
        domiciliations=sum(events.domiciliations.values()),
        domiciliations_justice_linked=ctx.summary.domiciliations_linked,
    )
