"""Access to establishments and services: 404 outside the user's establishments, 403 for a role that may not act."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User

from .models import Establishment, Service


def establishment_for_user(user: User, pk: int) -> Establishment:
    return get_object_or_404(Establishment.objects.visible_to(user), pk=pk)


def writable_services(user: User, *, events: bool = False) -> QuerySet[Service]:
    """Services where the user may admit people (or, with events=True, record nights, meals and visits)."""
    allowed = user.records_events if events else user.writes_records
    if not allowed:
        return Service.objects.none()
    return Service.objects.visible_to(user).select_related("establishment")


def check_can_record_events(user: User, establishment: Establishment) -> None:
    if not writable_services(user, events=True).filter(establishment=establishment).exists():
        raise PermissionDenied("Votre rôle ne permet pas d'enregistrer des passages ou des repas ici.")
