"""Adjusted sentences under supervision (authorised hours, obligations) and the incidents to review, for the roles
that see justice details."""

from __future__ import annotations

from accounts.models import User
from core.person_file import Contribution, Panel
from justice.models import JusticeMeasure
from people.models import Person
from stays.models import Stay

from .enums import IncidentStatus
from .models import Incident
from .services import SUPERVISED_MEASURES


def contribute(person: Person, user: User) -> Contribution:
    out = Contribution()
    if not user.sees_justice:
        return out
    incidents = list(
        Incident.objects.visible_to(user)
        .filter(person=person, status=IncidentStatus.A_EXAMINER)
        .select_related("measure")
    )
    measures = list(
        JusticeMeasure.objects.visible_to(user)
        .filter(person=person, measure__in=SUPERVISED_MEASURES, end_date__isnull=True)
        .select_related("conditions")
        .prefetch_related("authorised_hours")
    )
    if incidents or measures:
        has_stay = Stay.objects.visible_to(user).filter(person=person).exists()
        out.panels.append(
            Panel(
                "places/panels/supervision.html",
                order=40,
                context={"incidents": incidents, "measures": measures, "can_write": user.writes_records and has_stay},
            )
        )
    return out
