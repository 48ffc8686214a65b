"""The association-wide report as a file (PDF, XLSX), built in a background job: the same content as the direct
download (`exports.render_file`), stored outside the web root, for the user who asked, for
PARCOURS_REPORT_FILE_DAYS days."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404
from django_tasks import task

from core.replica import reading_reports
from establishments.models import Establishment
from jobs.models import Job
from jobs.services import JobFailed, job_attach_file, run_job

from .access import scope_for
from .establishment_table import establishment_rows
from .exports import render_file
from .services import activity_report

# The formats built in the background: the others are quick enough to be served directly.
BACKGROUND_FORMATS = {"pdf": "PDF", "xlsx": "tableur (XLSX)"}


def file_name(year: int, scope: str, fmt: str) -> str:
    return f"rapport-activite-{year}-{scope}.{fmt}"


@task()
def build_report_file(job_id: int) -> dict[str, Any]:
    return run_job(job_id, _build)


def _build(job: Job, report: Callable[..., None]) -> dict[str, Any]:
    user: Any = job.requested_by
    year, fmt = int(job.params["year"]), job.params["fmt"]
    try:
        the_scope = scope_for(user, job.scope)  # the user's rights when the job runs, not when it was asked
    except Http404 as exc:
        raise JobFailed("ce périmètre ne vous est plus accessible.") from exc
    with reading_reports():
        report(percent=5, stage="Calcul du rapport")
        result = activity_report(year=year, scope=the_scope)
        rows = None
        if the_scope.type == "association":
            report(percent=35, stage="Rapport de chaque établissement")
            rows = establishment_rows(year=year, establishments=Establishment.objects.visible_to(user))
        report(percent=65, stage="Mise en page du PDF" if fmt == "pdf" else "Écriture du tableur")
        content, _ = render_file(result, fmt, health=user.sees_health, establishments=rows)
    assert isinstance(content, bytes)
    report(percent=95, stage="Enregistrement du fichier")
    job_attach_file(
        job=job,
        content=content,
        file_name=file_name(year, job.scope, fmt),
        keep_days=settings.PARCOURS_REPORT_FILE_DAYS,
    )
    return {"bytes": len(content)}
