"""The day reception in the person's file: their locker (and the past ones) in the user's establishments. The
services delivered at the desk are events, shown on the timeline by events/person_file.py."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from core.person_file import Contribution, Panel
from people.models import Person

from .models import LockerAssignment

SHOWN = 10


def contribute(person: Person, user: Any) -> Contribution:
    out = Contribution()
    lockers = list(
        LockerAssignment.objects.visible_to(user)
        .filter(person=person)
        .select_related("locker__establishment")
        .order_by("-start_date", "-pk")[:SHOWN]
    )
    if lockers:
        out.panels.append(
            Panel(
                "reception/panels/lockers.html",
                order=46,
                card=True,
                context={"lockers": lockers, "today": timezone.localdate()},
            )
        )
    return out
