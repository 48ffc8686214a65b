"""Writing the job records: submit (the job and its task, in one transaction), then start, progress, finish or fail,
called by the concrete tasks that the apps define (`interchange/tasks.py`, `reports/tasks.py`) through `run_job`."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from audit.enums import AuditAction
from audit.services import audit_write

from . import progress
from .models import Job, JobStatus

logger = logging.getLogger("parcours.job")


@transaction.atomic
def job_submit(
    *, kind: str, task: Any, requested_by: Any, scope: str = "", params: dict[str, Any] | None = None
) -> Job:
    """Record the job and enqueue its task (`task.enqueue(job.pk)`) in the same transaction: the worker sees both or
    neither."""
    job = Job.objects.create(kind=kind, requested_by=requested_by, scope=scope, params=params or {})
    result = task.enqueue(job.pk)
    job.task_id = str(result.id)
    job.save(update_fields=["task_id"])
    shown = {k: v for k, v in job.params.items() if k != "files"}  # not the storage names
    audit_write(
        actor=requested_by,
        action=AuditAction.CREATE,
        obj=job,
        detail=f"Tâche de fond demandée : {job.get_kind_display()}"
        + (f", périmètre {scope}" if scope else "")
        + (f" ({', '.join(f'{k} : {v}' for k, v in shown.items())})" if shown else ""),
    )
    return job


class JobFailed(Exception):
    """Raised by a job's work with a French message for the person who asked."""


def run_job(job_id: int, work: Callable[[Job, Callable[..., None]], dict[str, Any]]) -> dict[str, Any]:
    """Run `work(job, report)` for the job: marks it running, then succeeded with the returned result (a JSON-ready
    dict), or failed with the error. `report(percent=, stage=, **counters)` publishes the progress."""
    job = Job.objects.get(pk=job_id)
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
    last: dict[str, Any] = {}

    def report(*, percent: int, stage: str = "", **counters: int) -> None:
        last.update(percent=percent, stage=stage, counters=counters)
        progress.publish(job.pk, percent=percent, stage=stage, **counters)

    report(percent=0, stage="Démarrage")
    try:
        result = work(job, report)
    except Exception as exc:
        job.status = JobStatus.FAILED
        job.error = str(exc) if isinstance(exc, JobFailed) else "Erreur inattendue : l'équipe technique est informée."
        job.finished_at = timezone.now()
        job.progress = last
        job.save(update_fields=["status", "error", "finished_at", "progress"])
        progress.forget(job.pk)
        raise
    job.refresh_from_db(fields=["file", "file_name", "expires_at"])
    job.status = JobStatus.SUCCEEDED
    job.result = result
    job.finished_at = timezone.now()
    job.progress = {**last, "percent": 100, "stage": ""}
    job.save(update_fields=["status", "result", "finished_at", "progress"])
    progress.forget(job.pk)
    return {"job": job.pk, "status": job.status}


def job_attach_file(*, job: Job, content: bytes, file_name: str, keep_days: int) -> None:
    """Store the job's file (default storage, under jobs/<id>/) until `keep_days` days from now."""
    stored = default_storage.save(f"jobs/{job.pk}/{file_name}", ContentFile(content))
    Job.objects.filter(pk=job.pk).update(
        file=stored, file_name=file_name, expires_at=timezone.now() + datetime.timedelta(days=keep_days)
    )


def live_progress(job: Job) -> dict[str, Any]:
    """What to show of the job's progress: the live counters while it runs, the kept ones once it is finished."""
    if not job.finished:
        live = progress.read(job.pk)
        if live is not None:
            return live
    if job.progress:
        return job.progress
    if progress.worker_state() != "ok":
        waiting = "Aucun processus de fond ne répond : la tâche attendra qu'il soit démarré (manage.py worker)"
    else:
        waiting = "En attente d'un processus de fond"
    return {"percent": 0, "stage": waiting, "counters": {}}


def purge_expired_files(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of the jobs past their expiry date (the record stays, without its file)."""
    now = now or timezone.now()
    count = 0
    for job in Job.objects.filter(expires_at__lte=now).exclude(file=""):
        default_storage.delete(job.file)
        Job.objects.filter(pk=job.pk).update(file="")
        count += 1
    return count
