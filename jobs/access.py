from __future__ import annotations

from typing import Any

from django.http import Http404

from .models import Job


def job_for_user(user: Any, pk: int, *, kind: str) -> Job:
    """The job, if `user` asked for it; otherwise 404, exactly as for a job that does not exist."""
    job = Job.objects.visible_to(user).filter(pk=pk, kind=kind).first()
    if job is None:
        raise Http404("Tâche introuvable.")
    return job
