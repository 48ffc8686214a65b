from __future__ import annotations

import tempfile
from pathlib import Path, PurePath

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.http import AuthenticatedRequest

from .forms import ImportForm, megabytes
from .services import ImportResult, import_records, max_upload_bytes

# Room for the form fields and multipart boundaries around the files themselves.
MULTIPART_OVERHEAD = 64 * 1024


@require_http_methods(["GET", "POST"])
def import_view(request: AuthenticatedRequest) -> HttpResponse:
    """Upload page for association administrators: the same import as `manage.py import_records`."""
    if not request.user.is_association_admin:  # type: ignore[union-attr]
        raise PermissionDenied
    limit = max_upload_bytes()
    result: ImportResult | None = None
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
                result = _run_import(request, form)
    else:
        form = ImportForm()
    status = 413 if too_big else 200
    context = {"form": form, "result": result, "too_big": too_big, "limit": megabytes(limit)}
    return render(request, "interchange/import.html", context, status=status)


def _run_import(request: AuthenticatedRequest, form: ImportForm) -> ImportResult:
    files = form.cleaned_data["uploads"]
    with tempfile.TemporaryDirectory(prefix="parcours-import-") as tmp:
        folder = Path(tmp) / "donnees"
        folder.mkdir()
        for upload in files:
            with (folder / PurePath(upload.name or "fichier").name).open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        names = [PurePath(upload.name or "").name for upload in files]
        path = folder / names[0] if names[0].lower().endswith(".zip") else folder
        return import_records(path=path, acting_user=request.user, source=form.cleaned_data["source"])
