from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ..models import Appointment, CoReferent, Handover, Note, PersonDocument

register = template.Library()


@register.inclusion_tag("accompaniment/panel.html", takes_context=True)
def accompaniment_panel(context: Any, person: Any) -> dict[str, Any]:
    """The accompaniment part of the person page (notes, appointments, documents, referents). Nothing for the
    reception role."""
    user = context["user"]
    if user.is_reception:
        return {"hidden": True}
    now = timezone.now()
    appointments = Appointment.objects.filter(person=person).select_related("worker")
    notes = Note.objects.visible_to(user).filter(person=person).prefetch_related("versions").select_related("author")
    return {
        "hidden": False,
        "user": user,
        "person": person,
        "can_write": user.writes_records,
        "upcoming": list(appointments.filter(starts_at__gte=now).order_by("starts_at")[:20]),
        "past": list(appointments.filter(starts_at__lt=now).order_by("-starts_at")[:20]),
        "notes": list(notes[:100]),
        "documents": list(PersonDocument.objects.filter(person=person).select_related("uploaded_by")),
        "co_referents": list(CoReferent.objects.filter(person=person).select_related("user")),
        "handovers": list(Handover.objects.filter(person=person).select_related("from_user", "to_user")[:5]),
        "today": timezone.localdate(),
    }
