"""The jobs app's own scheduled work: deleting expired report files and old task rows."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .models import ScheduledRun
from .services import purge_expired_files

KEEP_FINISHED_DAYS = 30


@task()
def purge() -> dict[str, Any]:
    """Delete the report files past their days, and the finished task rows and scheduler rows of over 30 days."""
    limit = timezone.now() - datetime.timedelta(days=KEEP_FINISHED_DAYS)
    files = purge_expired_files()
    tasks, _ = DBTaskResult.objects.finished().filter(finished_at__lt=limit).delete()
    runs, _ = ScheduledRun.objects.filter(slot__lt=limit).delete()
    return {"files": files, "tasks": tasks, "scheduled_runs": runs}
