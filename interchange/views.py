from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.http import AuthenticatedRequest
from jobs.access import job_for_user
from jobs.models import Job, JobKind
from jobs.services import job_submit, live_progress

from .forms import ImportForm, megabytes
from .services import max_upload_bytes
from .tasks import import_dataset, safe_name

# Room for the form fields and multipart boundaries around the files themselves.
MULTIPART_OVERHEAD = 64 * 1024


def _check_admin(request: AuthenticatedRequest) -> None:
    if not request.user.is_association_admin:  # type: ignore[union-attr]
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def import_view(request: AuthenticatedRequest) -> HttpResponse:
    """Upload page for association administrators: the same import as `manage.py import_records`, run as a
    background job (interchange/tasks.py) whose page follows its progress."""
    _check_admin(request)
    limit = max_upload_bytes()
    too_big = None
    if request.method == "POST":
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > limit + MULTIPART_OVERHEAD:
            # Refused before Django reads the body.
            too_big = f"Envoi trop volumineux : {megabytes(length)} pour {megabytes(limit)} au maximum."
            form = ImportForm()
        else:
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                job = _submit_import(request, form)
                return redirect("interchange:job", pk=job.pk)
    else:
        form = ImportForm()
    status = 413 if too_big else 200
    jobs = Job.objects.visible_to(request.user).filter(kind=JobKind.IMPORT)[:5]
    context = {"form": form, "too_big": too_big, "limit": megabytes(limit), "jobs": jobs}
    return render(request, "interchange/import.html", context, status=status)


def _submit_import(request: AuthenticatedRequest, form: ImportForm):  # type: ignore[no-untyped-def]
    """Store the files sent (outside the web root, default storage) and queue the import job."""
    folder = f"jobs/uploads/{secrets.token_hex(16)}"
    names, stored = [], []
    for upload in form.cleaned_data["uploads"]:
        name = safe_name(upload.name)
        names.append(name)
        stored.append(default_storage.save(f"{folder}/{name}", upload))
    return job_submit(
        kind=JobKind.IMPORT,
        task=import_dataset,
        requested_by=request.user,
        scope="association",
        params={"source": form.cleaned_data["source"], "names": names, "files": stored},
    )


@require_GET
def job_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The import's page: its progress while it runs (htmx polls it; without JavaScript it reloads itself), then the
    same summary and errors as the import gave before."""
    _check_admin(request)
    job = job_for_user(request.user, pk, kind=JobKind.IMPORT)
    return render(request, "interchange/job.html", {"job": job, "live": live_progress(job), "result": job.result})
