"""One JSON log line per job when it finishes (kind, id, status, duration), from django-tasks' own signal: every task
run by a worker is logged, whichever app defines it."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver
from django_tasks.signals import task_finished

logger = logging.getLogger("parcours.job")


@receiver(task_finished)
def log_job(sender: Any, task_result: Any, **kwargs: Any) -> None:
    duration = None
    if task_result.started_at and task_result.finished_at:
        duration = round((task_result.finished_at - task_result.started_at).total_seconds() * 1000, 1)
    args = task_result.args or []
    logger.info(
        "job",
        extra={
            "kind": task_result.task.name,
            "id": str(task_result.id),
            "job_id": args[0] if args and isinstance(args[0], int) else None,
            "status": str(task_result.status),
            "duration_ms": duration,
        },
    )
