"""The accompaniment in the person's file: referents and hand-overs, appointments, notes, documents; appointments
and notes also on the timeline. Nothing for the reception role."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.person_file import Contribution, Panel, SameDay, TimelineItem
from people.models import Person

from .models import Appointment, CoReferent, Handover, Note, PersonDocument

NOTES_SHOWN = 100
APPOINTMENTS_SHOWN = 20


def contribute(person: Person, user: User) -> Contribution:
    out = Contribution()
    if not user.sees_accompaniment:
        return out
    now = timezone.now()
    appointments = Appointment.objects.visible_to(user).filter(person=person).select_related("worker")
    upcoming = list(appointments.filter(starts_at__gte=now).order_by("starts_at")[:APPOINTMENTS_SHOWN])
    past = list(appointments.filter(starts_at__lt=now).order_by("-starts_at")[:APPOINTMENTS_SHOWN])
    notes = list(
        Note.objects.visible_to(user)
        .filter(person=person)
        .prefetch_related("versions")
        .select_related("author")[:NOTES_SHOWN]
    )
    for a in upcoming + past:
        local = timezone.localtime(a.starts_at)
        out.items.append(
            TimelineItem(
                local.date(),
                "appointment",
                f"Rendez-vous : {a.purpose}",
                f"{local:%H:%M}, {a.place} — {a.get_attendance_display()}",
                same_day=SameDay.APPOINTMENT,
            )
        )
    for n in notes:
        text = n.current.text
        out.items.append(
            TimelineItem(
                n.date,
                "note",
                f"Note de {n.author} ({n.get_confidentiality_display().lower()})",
                text if len(text) <= 120 else text[:119] + "…",
                url=reverse("accompaniment:note_detail", args=[n.pk]),
                same_day=SameDay.NOTE,
            )
        )
    out.panels.append(
        Panel(
            "accompaniment/panel.html",
            order=60,
            context={
                "can_write": user.writes_records,
                "upcoming": upcoming,
                "past": past,
                "notes": notes,
                "documents": list(
                    PersonDocument.objects.visible_to(user).filter(person=person).select_related("uploaded_by")
                ),
                "co_referents": list(CoReferent.objects.visible_to(user).filter(person=person).select_related("user")),
                "handovers": list(
                    Handover.objects.visible_to(user).filter(person=person).select_related("from_user", "to_user")[:5]
                ),
                "today": timezone.localdate(),
            },
        )
    )
    return out
