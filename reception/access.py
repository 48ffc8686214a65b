"""Access to the desk and the lockers: 404 outside the user's establishments (as if they did not exist), 403 for a
role that may not act there (the desk records events: reception, social workers, heads, administrators)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from establishments.access import check_can_record_events, establishment_for_user
from establishments.models import Establishment

from .models import DeskEntry, Locker, LockerAssignment


def desk_establishment_for_user(user: Any, pk: int) -> Establishment:
    establishment = establishment_for_user(user, pk)
    check_can_record_events(user, establishment)
    return establishment


def lockers_establishment_for_user(user: Any, pk: int, *, write: bool = False) -> Establishment:
    establishment = establishment_for_user(user, pk)
    if write:
        check_can_record_events(user, establishment)
    return establishment


def entry_for_user(user: Any, pk: int) -> DeskEntry:
    entry = get_object_or_404(DeskEntry.objects.visible_to(user).select_related("establishment", "person"), pk=pk)
    check_can_record_events(user, entry.establishment)
    return entry


def locker_for_user(user: Any, pk: int) -> Locker:
    locker = get_object_or_404(Locker.objects.visible_to(user).select_related("establishment"), pk=pk)
    check_can_record_events(user, locker.establishment)
    return locker


def assignment_for_user(user: Any, pk: int) -> LockerAssignment:
    assignment = get_object_or_404(
        LockerAssignment.objects.visible_to(user).select_related("locker__establishment", "person"), pk=pk
    )
    if not user.records_events:
        raise PermissionDenied("Votre rôle ne permet pas de libérer un casier.")
    check_can_record_events(user, assignment.locker.establishment)
    return assignment
