"""The countable services delivered to the person (nights, meals, visits…) in the user's establishments."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from core.person_file import Action, Contribution, SameDay, TimelineItem
from people.models import Person

from .models import Event

SHOWN = 200


def contribute(person: Person, user: User) -> Contribution:
    out = Contribution()
    events = Event.objects.visible_to(user).filter(person=person)
    shown = list(events.select_related("service").order_by("-date", "-pk")[: SHOWN + 1])
    if len(shown) > SHOWN:
        out.notices.append(f"Seuls les {SHOWN} derniers passages sur {events.count()} sont affichés.")
        shown = shown[:SHOWN]
    out.items.extend(
        TimelineItem(e.date, "event", f"{e.get_kind_display()} ×{e.quantity}", e.service.name, same_day=SameDay.EVENT)
        for e in shown
    )
    if user.records_events:
        out.actions.append(
            Action("Enregistrer un passage, un repas, une nuitée…", reverse("events:create", args=[person.pk]))
        )
    return out
