from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import User
from people.models import Person

from .models import JusticeMeasure


def check_justice_access(user: User, *, write: bool = False) -> None:
    if not user.sees_justice:
        raise PermissionDenied("Les informations judiciaires ne sont pas accessibles à votre rôle.")
    if write and not user.writes_records:
        raise PermissionDenied("Votre rôle ne permet pas de modifier les mesures de justice.")


def measure_for_user(user: User, pk: int, *, write: bool = False) -> JusticeMeasure:
    measure = get_object_or_404(
        JusticeMeasure.objects.filter(person__in=Person.objects.visible_to(user)).select_related("person"), pk=pk
    )
    check_justice_access(user, write=write)
    return measure
