"""Admission requests and contacts in prison in the person's file (the user's establishments only)."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from core.person_file import Contribution, Panel, SameDay, TimelineItem
from people.models import Person

from .models import AdmissionRequest, Detention


def contribute(person: Person, user: User) -> Contribution:
    out = Contribution()
    if user.sees_accompaniment:
        requests = (
            AdmissionRequest.objects.visible_to(user).filter(person=person).select_related("service__establishment")
        )
        out.items.extend(
            TimelineItem(
                r.received_on,
                "request",
                f"Demande d'admission : {r.service}",
                f"{r.get_prescriber_display()} — {r.get_decision_display()} — {r.get_outcome_display()}",
                url=reverse("admissions:detail", args=[r.pk]),
                same_day=SameDay.REQUEST,
            )
            for r in requests
        )
    if user.sees_justice:
        detentions = list(Detention.objects.visible_to(user).filter(person=person)[:3])
        if detentions:
            out.panels.append(Panel("admissions/panels/detentions.html", order=35, context={"detentions": detentions}))
    return out
