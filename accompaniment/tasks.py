"""Background jobs of the accompaniment: the appointment reminders (scheduled in accompaniment/schedule.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tasks import task

from .services import send_due_reminders


@task()
def send_reminders() -> dict[str, Any]:
    sent, problems = send_due_reminders(now=timezone.now())
    return {"sent": sent, "impossible": len(problems)}
