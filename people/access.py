"""Access to a person's record: 404 outside the user's scope (as if it did not exist), 403 for read-only roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User

from .models import Person, Vulnerability


def person_for_user(user: User, pk: int, *, write: bool = False) -> Person:
    person = get_object_or_404(Person.objects.visible_to(user).select_related("referent", "home_establishment"), pk=pk)
    if write and not user.writes_records:
        raise PermissionDenied("Votre rôle ne permet pas de modifier ce dossier.")
    return person


def vulnerabilities_for_user(user: User, person: Person, *, write: bool = False) -> QuerySet[Vulnerability]:
    """Health data: only for users granted it explicitly (and, to write, a role that writes records)."""
    if not user.sees_health or (write and not user.writes_records):
        raise PermissionDenied("Les données de santé ne sont accessibles qu'aux personnes habilitées.")
    return Vulnerability.objects.filter(person=person)
