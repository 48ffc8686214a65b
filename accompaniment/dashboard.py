"""What a worker needs to see first ("mon tableau de bord"): read-only queries, no writes."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from people.models import Person, PersonQuerySet
from places.enums import IncidentStatus
from places.models import Incident
from stays.models import Stay

from .deadlines import DocumentStatus, overdue_documents
from .enums import EXPIRING_DOCUMENT_KINDS, OPEN_STEP_STATUSES, Attendance, ObjectiveStatus, StepStatus
from .models import Appointment, Handover, Objective, ObjectiveAction, PersonDocument, Step

EXPIRY_WARNING_DAYS = 30


def my_people(user: User) -> PersonQuerySet:
    """The persons the user is referent or co-referent of (within what they may see)."""
    return (
        Person.objects.visible_to(user)
        .filter(Q(referent=user) | Q(co_referents__user=user))
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def appointments_between(user: User, start: datetime.date, end: datetime.date) -> QuerySet[Appointment]:
    """The user's appointments from `start` to `end` included (local days)."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return (
        Appointment.objects.filter(worker=user, starts_at__gte=since, starts_at__lt=until)
        .exclude(attendance=Attendance.ANNULE)
        .select_related("person")
        .order_by("starts_at")
    )


def overdue_actions(people: QuerySet[Person], today: datetime.date) -> QuerySet[ObjectiveAction]:
    return ObjectiveAction.objects.filter(
        objective__person__in=people,
        objective__status=ObjectiveStatus.EN_COURS,
        done_on__isnull=True,
        due_date__lt=today,
    ).select_related("objective__person")


def steps_to_watch(people: QuerySet[Person], today: datetime.date) -> QuerySet[Step]:
    """Blocked steps, and open steps past their due date."""
    return (
        Step.objects.filter(person__in=people)
        .filter(Q(status=StepStatus.BLOQUE) | Q(status__in=OPEN_STEP_STATUSES, due_date__lt=today))
        .select_related("person")
        .order_by("due_date", "pk")
    )


def expiring_documents(people: QuerySet[Person], today: datetime.date) -> QuerySet[PersonDocument]:
    """Identity papers, residence permits, domiciliations expiring within 30 days (or expired), unless a document of
    the same kind expiring later has been uploaded since (the renewal)."""
    renewed = PersonDocument.objects.filter(
        person=OuterRef("person"), kind=OuterRef("kind"), expires_on__gt=OuterRef("expires_on")
    )
    return (
        PersonDocument.objects.filter(
            person__in=people,
            kind__in=EXPIRING_DOCUMENT_KINDS,
            expires_on__lte=today + datetime.timedelta(days=EXPIRY_WARNING_DAYS),
        )
        .exclude(Exists(renewed))
        .select_related("person")
    )


def objectives_to_review(people: QuerySet[Person], today: datetime.date) -> QuerySet[Objective]:
    """Objectives in progress whose review date is past or within the week."""
    return (
        Objective.objects.filter(
            person__in=people,
            status=ObjectiveStatus.EN_COURS,
            review_date__lte=today + datetime.timedelta(days=7),
        )
        .select_related("person")
        .order_by("review_date", "pk")
    )


def incidents_to_review(user: User, people: QuerySet[Person]) -> list[Incident]:
    """Incidents "to review" of my people in my establishments, for roles that see justice."""
    if not user.sees_justice:
        return []
    incidents = Incident.objects.visible_to(user).filter(person__in=people, status=IncidentStatus.A_EXAMINER)
    return list(incidents.select_related("person").order_by("-occurred_at")[:50])


def dashboard(user: User, *, today: datetime.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    people = my_people(user)
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    documents: list[DocumentStatus] = overdue_documents(
        Stay.objects.visible_to(user).filter(person__in=people), today=today
    )
    return {
        "today": today,
        "people": list(people.select_related("referent")),
        "appointments_today": list(appointments_between(user, today, today)),
        "appointments_week": list(appointments_between(user, today + datetime.timedelta(days=1), week_end)),
        "overdue_actions": list(overdue_actions(people, today)),
        "objectives_to_review": list(objectives_to_review(people, today)),
        "steps": list(steps_to_watch(people, today)),
        "documents_due": documents,
        "expiring_documents": list(expiring_documents(people, today)),
        "incidents": incidents_to_review(user, people),
        "handovers": list(
            Handover.objects.filter(to_user=user, acknowledged_at__isnull=True).select_related("person", "from_user")
        ),
    }
