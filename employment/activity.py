"""The activity of a person on a day, exactly as indicators-v1 (v1.1 additions, "Activity on a day") defines it:

1. `contrat_insertion` if one of their contracts is in force that day (start ≤ day ≤ end, both included), in any
   service;
2. otherwise the activity of the activity period covering that day (start ≤ day, and end empty or day ≤ end) with
   the latest start — ties: the larger period_id in natural order (`M9` < `M10`);
3. otherwise `inconnu`.

A period's id is its interchange id (`external_id`); a period recorded in the application has none and comes after
the imported ones, by creation order (the rule of reports.common.id_key)."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from stays.enums import ExitActivity

from .enums import ACTIVITY_CONTRACT
from .models import ActivityPeriod, Contract

CHUNK = 500
_DIGITS = re.compile(r"(\d+)")


def natural_id_key(external_id: str, pk: int) -> tuple[Any, ...]:
    """Natural order of interchange ids: runs of digits as numbers, the rest as text; no id → after, by pk."""
    if not external_id:
        return (1, pk)
    parts: list[tuple[int, int, str]] = []
    for chunk in _DIGITS.split(external_id):
        if chunk:
            parts.append((0, int(chunk), chunk) if chunk.isdigit() else (1, 0, chunk))
    return (0, tuple(parts), pk)


def _covers(start: datetime.date, end: datetime.date | None, day: datetime.date) -> bool:
    return start <= day and (end is None or day <= end)


def activity_from(
    day: datetime.date,
    contracts: Iterable[tuple[datetime.date, datetime.date]],
    periods: Iterable[tuple[str, datetime.date, datetime.date | None, str, int]],
) -> str:
    """The rule on one person's rows: contracts as (start, end), periods as (activity, start, end, external_id,
    pk)."""
    if any(start <= day <= end for start, end in contracts):
        return ACTIVITY_CONTRACT
    covering = [p for p in periods if _covers(p[1], p[2], day)]
    if not covering:
        return ExitActivity.INCONNU.value
    best = max(covering, key=lambda p: (p[1], natural_id_key(p[3], p[4])))
    return best[0]


def activities_on(days: Mapping[int, datetime.date]) -> dict[int, str]:
    """{person pk: activity on their day}, for many persons in two queries per chunk of 500 (the report's
    `activity_situation` asks it on each person's situation day)."""
    result: dict[int, str] = {}
    person_ids = list(days)
    for i in range(0, len(person_ids), CHUNK):
        chunk = person_ids[i : i + CHUNK]
        contracts: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
        for person_id, start, end in Contract.objects.filter(stay__person_id__in=chunk).values_list(
            "stay__person_id", "start_date", "end_date"
        ):
            contracts[person_id].append((start, end))
        periods: dict[int, list[tuple[str, datetime.date, datetime.date | None, str, int]]] = defaultdict(list)
        for person_id, *row in ActivityPeriod.objects.filter(person_id__in=chunk).values_list(
            "person_id", "activity", "start_date", "end_date", "external_id", "pk"
        ):
            periods[person_id].append(tuple(row))  # type: ignore[arg-type]
        for person_id in chunk:
            result[person_id] = activity_from(days[person_id], contracts[person_id], periods[person_id])
    return result


def activity_on(person_id: int, day: datetime.date) -> str:
    """The activity of one person on one day."""
    return activities_on({person_id: day})[person_id]
