"""Uploaded files (scans, court decisions, request attachments): checked, stored outside the web root, served only
through access-checked views.

- Size limit: settings.PARCOURS_UPLOAD_MAX_BYTES (default 10 MB).
- Types: PDF, JPEG, PNG, recognised by their first bytes (not by the name the browser sends).
- Virus check: when `clamdscan` (or `clamscan`) is installed, every file is scanned and refused if infected;
  otherwise the check is skipped (and `virus_scanner_available()` says so).
- Storage: Django's default storage — settings.MEDIA_ROOT (default var/media, never served by Django's static files),
  or an S3-compatible store (PARCOURS_STORAGE=s3, docs/deployment.md) — under a random name.
"""

from __future__ import annotations

import mimetypes
import secrets
import shutil
import subprocess
import tempfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse

SIGNATURES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def max_upload_bytes() -> int:
    return int(getattr(settings, "PARCOURS_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def sniff_content_type(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def _scanner() -> list[str] | None:
    for command in (["clamdscan", "--no-summary", "--fdpass"], ["clamscan", "--no-summary"]):
        if shutil.which(command[0]):
            return command
    return None


def virus_scanner_available() -> bool:
    return _scanner() is not None


def validate_upload(upload: UploadedFile, *, field: str = "file") -> str:
    """Check size and type; returns the content type. Raises ValidationError({field: French message})."""
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {field: f"Fichier trop volumineux ({upload.size // 1024} Ko) : {limit // (1024 * 1024)} Mo au plus."}
        )
    upload.seek(0)
    content_type = sniff_content_type(upload.read(16))
    upload.seek(0)
    if content_type is None:
        raise ValidationError({field: "Type de fichier refusé : seuls les PDF, JPEG et PNG sont acceptés."})
    return content_type


def store_upload(upload: UploadedFile, *, folder: str, field: str = "file") -> tuple[str, str]:
    """Validate, scan and store the file; returns (its name in the storage, content type)."""
    content_type = validate_upload(upload, field=field)
    relative = str(PurePosixPath(folder) / f"{secrets.token_hex(16)}{EXTENSIONS[content_type]}")
    with tempfile.NamedTemporaryFile(prefix="parcours-upload-") as local:
        for chunk in upload.chunks():
            local.write(chunk)
        local.flush()
        if (scanner := _scanner()) is not None:
            result = subprocess.run([*scanner, local.name], capture_output=True, text=True, timeout=120)
            if result.returncode == 1:
                raise ValidationError({field: "Ce fichier contient un virus : il a été refusé."})
        local.seek(0)
        stored = default_storage.save(relative, File(local))
    return stored, content_type


def delete_stored(relative: str) -> None:
    default_storage.delete(relative)


def serve_stored(relative: str, *, download_name: str) -> FileResponse:
    """Serve a stored file (call only after the access check and the audit row)."""
    content_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
    response = FileResponse(
        default_storage.open(relative, "rb"), content_type=content_type, as_attachment=True, filename=download_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
