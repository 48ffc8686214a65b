"""Building blocks for the report tests: dates, stays with their exit codes, and the report as JSON."""

from __future__ import annotations

import datetime
from typing import Any

from establishments.enums import Modality
from reports.scope import Scope
from reports.services import activity_report, report_to_json
from tests.factories import PersonFactory, ServiceFactory, StayFactory


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def service(modality: str = Modality.HEBERGEMENT_INSERTION, **kwargs: Any) -> Any:
    return ServiceFactory(modality=modality, **kwargs)


def person(**kwargs: Any) -> Any:
    if isinstance(kwargs.get("birth_date"), str):
        kwargs["birth_date"] = d(kwargs["birth_date"])
    return PersonFactory(**kwargs)


def stay(who: Any, where: Any, start: str, end: str | None = None, **kwargs: Any) -> Any:
    """A stay; a closed one gets `inconnu` exit codes unless given."""
    if end is not None:
        kwargs.setdefault("exit_reason", "fin_accompagnement")
        kwargs.setdefault("exit_housing", "inconnu")
        kwargs.setdefault("exit_activity", "inconnu")
    return StayFactory(person=who, service=where, start_date=d(start), end_date=d(end) if end else None, **kwargs)


def indicators(year: int = 2019, scope: Scope | None = None) -> dict[str, Any]:
    return report_to_json(activity_report(year=year, scope=scope or Scope.association()))["indicators"]
