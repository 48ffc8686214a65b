from __future__ import annotations

from typing import Any

from django import template

from justice.enums import MeasureType
from stays.models import Stay

from ..enums import IncidentStatus
from ..models import Incident

register = template.Library()


@register.simple_tag
def person_incidents(person: Any, user: Any) -> dict[str, Any]:
    """Open incidents and supervised measures of a person, for users who see justice information."""
    if not getattr(user, "sees_justice", False):
        return {"visible": False}
    incidents = Incident.objects.filter(person=person, status=IncidentStatus.A_EXAMINER).select_related("measure")
    if not user.sees_all_establishments:
        incidents = incidents.filter(establishment__in=user.establishments.values("pk"))
    measures = person.justice_measures.filter(
        measure__in=[MeasureType.PSE, MeasureType.SEMI_LIBERTE, MeasureType.ARSE, MeasureType.PLACEMENT_EXTERIEUR],
        end_date__isnull=True,
    ).prefetch_related("authorised_hours")
    has_stay = Stay.objects.filter(person=person).exists()
    detentions = person.detentions.all()
    if not user.sees_all_establishments:
        detentions = detentions.filter(establishment__in=user.establishments.values("pk"))
    return {
        "visible": True,
        "incidents": list(incidents),
        "measures": list(measures),
        "detentions": list(detentions[:3]),
        "can_write": user.writes_records and has_stay,
    }
