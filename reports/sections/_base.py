"""Helpers shared by the sections."""

from __future__ import annotations

from ..facts import ReportContext
from ..scope import Scope


def context(year: int, scope: Scope, ctx: ReportContext | None) -> ReportContext:
    """The report's shared context, or a fresh one when a section is computed on its own."""
    if ctx is not None and ctx.year == year and ctx.scope == scope:
        return ctx
    return ReportContext(year, scope)
