"""Access to the accompaniment: the person's scope first (404 outside it), then the role (403): the reception role
sees no accompaniment (notes, project, documents); read-only roles cannot write."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from people.access import person_for_user
from people.models import Person
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


def check_accompaniment_access(user: Any, *, write: bool = False) -> None:
    if user.is_reception:
        raise PermissionDenied("L'accompagnement n'est pas accessible à votre rôle.")
    if write and not user.writes_records:
        raise PermissionDenied("Votre rôle ne permet pas de modifier l'accompagnement.")


def person_for_accompaniment(user: Any, pk: int, *, write: bool = False) -> Person:
    person = person_for_user(user, pk)
    check_accompaniment_access(user, write=write)
    return person


def _person_scoped(qs: Any, user: Any, pk: int, *, write: bool, person_field: str = "person") -> Any:
    obj = get_object_or_404(qs.filter(**{f"{person_field}__in": Person.objects.visible_to(user)}), pk=pk)
    check_accompaniment_access(user, write=write)
    return obj


def objective_for_user(user: Any, pk: int, *, write: bool = False) -> Objective:
    return _person_scoped(Objective.objects.select_related("person"), user, pk, write=write)


def action_for_user(user: Any, pk: int, *, write: bool = False) -> ObjectiveAction:
    qs = ObjectiveAction.objects.select_related("objective__person")
    return _person_scoped(qs, user, pk, write=write, person_field="objective__person")


def appointment_for_user(user: Any, pk: int, *, write: bool = False) -> Appointment:
    return _person_scoped(Appointment.objects.select_related("person", "service"), user, pk, write=write)


def document_for_user(user: Any, pk: int) -> PersonDocument:
    return _person_scoped(PersonDocument.objects.select_related("person"), user, pk, write=False)


def stay_for_accompaniment(user: Any, pk: int, *, write: bool = False) -> Stay:
    stay = stay_for_user(user, pk)
    check_accompaniment_access(user, write=write)
    return stay


def stay_document_for_user(user: Any, pk: int) -> StayDocument:
    document = get_object_or_404(StayDocument.objects.select_related("stay__person"), pk=pk)
    stay_for_accompaniment(user, document.stay_id)
    return document


def note_for_user(user: Any, pk: int, *, write: bool = False) -> Note:
    """Notes the user may not see do not exist for them (404); only the author corrects a note (403)."""
    check_accompaniment_access(user, write=False)
    note = get_object_or_404(
        Note.objects.visible_to(user).filter(person__in=Person.objects.visible_to(user)).select_related("person"),
        pk=pk,
    )
    if write and (not user.writes_records or note.author_id != user.pk):
        raise PermissionDenied("Seul l'auteur d'une note peut la corriger.")
    return note


def handover_for_user(user: Any, pk: int, *, write: bool = False) -> Handover:
    """The hand-over is seen by whoever sees the person, and by the new referent even before the person is admitted
    to their establishment; only the new referent acknowledges it."""
    handover = get_object_or_404(
        Handover.objects.select_related("person", "from_user", "to_user", "to_establishment").filter(
            Q(person__in=Person.objects.visible_to(user)) | Q(to_user=user.pk)
        ),
        pk=pk,
    )
    check_accompaniment_access(user)
    if write and handover.to_user_id != user.pk:
        raise PermissionDenied("Seul le nouveau référent peut prendre en compte ce passage de relais.")
    return handover


def visible_workshops(user: Any) -> Any:
    qs = Workshop.objects.select_related("service__establishment")
    if user.sees_all_establishments:
        return qs
    return qs.filter(service__establishment__in=user.establishments.values("pk"))


def workshop_for_user(user: Any, pk: int, *, write: bool = False) -> Workshop:
    workshop = get_object_or_404(visible_workshops(user), pk=pk)
    check_accompaniment_access(user, write=write)
    return workshop


def session_for_user(user: Any, pk: int, *, write: bool = False) -> WorkshopSession:
    session = get_object_or_404(WorkshopSession.objects.select_related("workshop__service__establishment"), pk=pk)
    if not visible_workshops(user).filter(pk=session.workshop_id).exists():
        raise Http404
    check_accompaniment_access(user, write=write)
    return session


def registration_for_user(user: Any, pk: int, *, write: bool = False) -> Registration:
    registration = get_object_or_404(Registration.objects.select_related("session__workshop", "person"), pk=pk)
    session_for_user(user, registration.session_id, write=write)
    return registration
