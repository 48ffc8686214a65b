"""Access to the accompaniment: the person's scope first (404 outside it), then the role (403): the reception role
sees no accompaniment (notes, project, documents); read-only roles cannot write."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.shortcuts import get_object_or_404

from accounts.models import User
from people.access import person_for_user
from people.models import Person, PersonLinkedQuerySet
from stays.access import stay_for_user
from stays.models import Stay

from .models import (
    Appointment,
    Handover,
    Note,
    Objective,
    ObjectiveAction,
    PersonDocument,
    Registration,
    StayDocument,
    Workshop,
    WorkshopSession,
)

_M = TypeVar("_M", bound=Model)


def check_accompaniment_access(user: User, *, write: bool = False) -> None:
    if not user.sees_accompaniment:
        raise PermissionDenied("L'accompagnement n'est pas accessible à votre rôle.")
    if write and not user.writes_records:
        raise PermissionDenied("Votre rôle ne permet pas de modifier l'accompagnement.")


def person_for_accompaniment(user: User, pk: int, *, write: bool = False) -> Person:
    person = person_for_user(user, pk)
    check_accompaniment_access(user, write=write)
    return person


def _scoped(qs: PersonLinkedQuerySet[_M], user: User, pk: int, *, write: bool) -> _M:
    obj = get_object_or_404(qs.visible_to(user), pk=pk)
    check_accompaniment_access(user, write=write)
    return obj


def objective_for_user(user: User, pk: int, *, write: bool = False) -> Objective:
    return _scoped(Objective.objects.select_related("person"), user, pk, write=write)


def action_for_user(user: User, pk: int, *, write: bool = False) -> ObjectiveAction:
    return _scoped(ObjectiveAction.objects.select_related("objective__person"), user, pk, write=write)


def appointment_for_user(user: User, pk: int, *, write: bool = False) -> Appointment:
    return _scoped(Appointment.objects.select_related("person", "service"), user, pk, write=write)


def document_for_user(user: User, pk: int) -> PersonDocument:
    return _scoped(PersonDocument.objects.select_related("person"), user, pk, write=False)


def stay_for_accompaniment(user: User, pk: int, *, write: bool = False) -> Stay:
    stay = stay_for_user(user, pk)
    check_accompaniment_access(user, write=write)
    return stay


def stay_document_for_user(user: User, pk: int) -> StayDocument:
    document = get_object_or_404(StayDocument.objects.visible_to(user).select_related("stay__person"), pk=pk)
    check_accompaniment_access(user)
    return document


def note_for_user(user: User, pk: int, *, write: bool = False) -> Note:
    """Notes the user may not see do not exist for them (404); only the author corrects a note (403)."""
    check_accompaniment_access(user, write=False)
    note = get_object_or_404(
        Note.objects.visible_to(user).filter(person__in=Person.objects.visible_to(user)).select_related("person"),
        pk=pk,
    )
    if write and (not user.writes_records or note.author_id != user.pk):
        raise PermissionDenied("Seul l'auteur d'une note peut la corriger.")
    return note


def handover_for_user(user: User, pk: int, *, write: bool = False) -> Handover:
    """The hand-over is seen by whoever sees the person, and by the new referent even before the person is admitted
    to their establishment; only the new referent acknowledges it."""
    handover = get_object_or_404(
        Handover.objects.visible_to(user).select_related("person", "from_user", "to_user", "to_establishment"), pk=pk
    )
    check_accompaniment_access(user)
    if write and handover.to_user_id != user.pk:
        raise PermissionDenied("Seul le nouveau référent peut prendre en compte ce passage de relais.")
    return handover


def workshop_for_user(user: User, pk: int, *, write: bool = False) -> Workshop:
    workshop = get_object_or_404(Workshop.objects.visible_to(user).select_related("service__establishment"), pk=pk)
    check_accompaniment_access(user, write=write)
    return workshop


def session_for_user(user: User, pk: int, *, write: bool = False) -> WorkshopSession:
    session = get_object_or_404(
        WorkshopSession.objects.visible_to(user).select_related("workshop__service__establishment"), pk=pk
    )
    check_accompaniment_access(user, write=write)
    return session


def registration_for_user(user: User, pk: int, *, write: bool = False) -> Registration:
    registration = get_object_or_404(
        Registration.objects.visible_to(user).select_related("session__workshop", "person"), pk=pk
    )
    check_accompaniment_access(user, write=write)
    return registration
