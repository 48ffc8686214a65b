"""Access to the places of an establishment (board, roll-call, occupancy) and to incidents."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import User
from establishments.access import check_can_record_events, establishment_for_user
from establishments.models import Establishment
from justice.access import check_justice_access

from .models import Incident


def board_establishment_for_user(user: User, pk: int) -> Establishment:
    """The board and occupancy: everyone working in the establishment (night agent included), head office."""
    return establishment_for_user(user, pk)


def rollcall_establishment_for_user(user: User, pk: int) -> Establishment:
    """The roll-call: staff who record nights there (night agent included); 403 for read-only roles."""
    establishment = establishment_for_user(user, pk)
    check_can_record_events(user, establishment)
    return establishment


def incident_for_user(user: User, pk: int, *, write: bool = False) -> Incident:
    incident = get_object_or_404(Incident.objects.visible_to(user).select_related("person", "establishment"), pk=pk)
    check_justice_access(user, write=write)
    if write and not user.writes_records:
        raise PermissionDenied("Votre rôle ne permet pas de modifier les incidents.")
    return incident
