"""The justice measures in the person's file, for the roles that see justice details."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from core.person_file import Action, Contribution, Panel, SameDay, TimelineItem
from people.models import Person

from .models import JusticeMeasure


def contribute(person: Person, user: User) -> Contribution:
    out = Contribution()
    if not user.sees_justice:
        return out
    measures = list(JusticeMeasure.objects.visible_to(user).filter(person=person))
    for m in measures:
        out.items.append(
            TimelineItem(
                m.start_date,
                "measure_start",
                f"Mesure : {m.get_measure_display()}",
                m.spip,
                same_day=SameDay.MEASURE_START,
            )
        )
        if m.end_date:
            out.items.append(
                TimelineItem(
                    m.end_date,
                    "measure_end",
                    f"Fin de mesure : {m.get_measure_display()}",
                    m.get_outcome_display(),
                    same_day=SameDay.MEASURE_END,
                )
            )
    out.panels.append(
        Panel(
            "justice/panels/measures.html", order=30, context={"measures": measures, "can_write": user.writes_records}
        )
    )
    if user.writes_records:
        out.actions.append(Action("Enregistrer une mesure de justice", reverse("justice:create", args=[person.pk])))
    return out
