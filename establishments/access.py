from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Establishment, Service


def visible_establishments(user: Any) -> Any:
    if user.sees_all_establishments:
        return Establishment.objects.all()
    return user.establishments.all()


def establishment_for_user(user: Any, pk: int) -> Establishment:
    return get_object_or_404(visible_establishments(user), pk=pk)


def writable_services(user: Any, *, events: bool = False) -> Any:
    """Services where the user may admit people (or, with events=True, record nights, meals and visits)."""
    allowed = user.writes_records or (events and user.is_reception)
    if not allowed:
        return Service.objects.none()
    qs = Service.objects.select_related("establishment")
    if user.is_association_admin:
        return qs
    return qs.filter(establishment__in=user.establishments.values("pk"))


def check_can_record_events(user: Any, establishment: Establishment) -> None:
    if not writable_services(user, events=True).filter(establishment=establishment).exists():
        raise PermissionDenied("Votre rôle ne permet pas d'enregistrer des passages ou des repas ici.")
