"""The web import as a background job: the files sent are stored (default storage), the job imports them with the same
service as `manage.py import_records`, publishing files read, rows validated and rows written."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

from django.core.files.storage import default_storage
from django_tasks import task

from jobs.models import Job
from jobs.services import run_job

from .services import ImportProgress, import_records


@task()
def import_dataset(job_id: int) -> dict[str, Any]:
    return run_job(job_id, _import)


def _import(job: Job, report: Callable[..., None]) -> dict[str, Any]:
    stored: list[str] = job.params["files"]
    names: list[str] = job.params["names"]

    def on_progress(state: ImportProgress) -> None:
        report(
            percent=state.percent,
            stage="Lecture et vérification des fichiers",
            files_read=state.files_read,
            files_total=state.files_total,
            rows_total=state.rows_total,
            rows_validated=state.rows_validated,
            rows_written=state.rows_written,
        )

    try:
        with tempfile.TemporaryDirectory(prefix="parcours-import-") as tmp:
            folder = Path(tmp) / "donnees"
            folder.mkdir()
            for name, stored_name in zip(names, stored, strict=True):
                with default_storage.open(stored_name, "rb") as source, (folder / name).open("wb") as out:
                    for chunk in source.chunks():
                        out.write(chunk)
            path = folder / names[0] if names[0].lower().endswith(".zip") else folder
            result = import_records(
                path=path, acting_user=job.requested_by, source=job.params.get("source", ""), on_progress=on_progress
            )
    finally:
        for stored_name in stored:
            default_storage.delete(stored_name)
    return {
        "applied": result.applied,
        "summary": result.summary(),
        "errors": result.errors,
        "changes": result.changes,
    }


def safe_name(name: str | None) -> str:
    return PurePath(name or "fichier").name or "fichier"
