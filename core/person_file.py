"""The small interface through which each domain app contributes to the person's file (the `dossier` app composes
them): timeline items for the "Parcours", panels, and actions. Each app has a `person_file.py` with

    def contribute(person: Person, user: User) -> Contribution

that reads only what the user may see (its models' `visible_to(user)`, the role's capabilities) and does all its
queries there: templates never query."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class SameDay(IntEnum):
    """On one day, the order in which things happen on the timeline: leave, a gap, then arrive."""

    END = 0
    MEASURE_END = 1
    GAP = 2
    REQUEST = 3
    START = 4
    MEASURE_START = 5
    EVENT = 6
    APPOINTMENT = 7
    NOTE = 8


@dataclass(frozen=True)
class TimelineItem:
    date: datetime.date | None
    kind: str  # a CSS class: stay_start, stay_end, measure_start, request, event, gap, appointment, note…
    label: str
    detail: str = ""
    url: str = ""
    same_day: SameDay = SameDay.EVENT


@dataclass(frozen=True)
class Panel:
    """A section of the person's page: `template` is rendered with `context` (plus `person` and `user`)."""

    template: str
    order: int  # position on the page, smallest first
    context: dict[str, Any] = field(default_factory=dict)
    card: bool = False  # a small card in the grid at the top of the page


@dataclass(frozen=True)
class Action:
    """A button under the identity: what the user may record about the person."""

    label: str
    url: str
    primary: bool = False


@dataclass
class Contribution:
    items: list[TimelineItem] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # said above the timeline (what is hidden from the user)
