"""Background jobs of the admissions: the daily review of probable no-shows (admissions/schedule.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django_tasks import task

from establishments.models import Establishment

from .services import no_show_suggestions


@task()
def review_no_shows() -> dict[str, Any]:
    """Count, per establishment, the favourable requests whose arrival is overdue (proposed as no-shows on the
    Admissions page): the job's result and log line say how many wait for a decision. Nothing is changed: recording
    the outcome stays a person's decision."""
    today: datetime.date = timezone.localdate()
    counts = {str(e.pk): no_show_suggestions(e, today).count() for e in Establishment.objects.all()}
    return {"proposals": sum(counts.values()), "per_establishment": {k: v for k, v in counts.items() if v}}
