"""Import and export of interchange v1 data sets (see docs/interchange.md).

`import_records` applies a data set completely or not at all (one transaction) and lists every error;
`export_records` writes the records (optionally one establishment, one year, one user's scope).
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from accounts.models import User
from audit.enums import AuditAction
from audit.models import AuditEntry
from establishments.models import Establishment

from .exporting import export_dataset
from .importing import MSG_SOURCE_TOO_LONG, Context, import_files
from .reading import format_error, open_dataset

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def max_upload_bytes() -> int:
    """PARCOURS_IMPORT_MAX_BYTES: the largest data set the upload page accepts (default 50 Mo)."""
    return int(getattr(settings, "PARCOURS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_uncompressed_bytes() -> int:
    """PARCOURS_IMPORT_MAX_UNCOMPRESSED_BYTES: the largest total size of a .zip once decompressed
    (default 10 × PARCOURS_IMPORT_MAX_BYTES): refuses zip bombs."""
    return int(getattr(settings, "PARCOURS_IMPORT_MAX_UNCOMPRESSED_BYTES", 10 * max_upload_bytes()))


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    applied: bool = False
    changes: dict[str, dict[str, int]] = field(default_factory=dict)  # file → created/updated/unchanged

    @property
    def total_changes(self) -> int:
        return sum(c.get("created", 0) + c.get("updated", 0) for c in self.changes.values())

    def summary(self) -> str:
        if not self.applied:
            n = len(self.errors)
            return f"Import refusé : {n} erreur{'s' if n > 1 else ''}, rien n'a été modifié."
        n = self.total_changes
        return f"Import terminé : {n} modification{'s' if n > 1 else ''}."


def import_records(
    *,
    path: pathlib.Path,
    acting_user: User | None,
    source: str = "",
    progress: Callable[[str, int], None] | None = None,
) -> ImportResult:
    """Import the data set at `path` (a folder or a .zip of one): everything or nothing."""
    path = pathlib.Path(path)
    if len(source) > 64:
        return ImportResult(errors=[format_error("-", "-", "source", MSG_SOURCE_TOO_LONG, source[:40] + "…")])
    ctx = Context(source=source, acting_user=acting_user, progress=progress)
    with open_dataset(path, max_uncompressed_bytes=max_uncompressed_bytes()) as dataset:
        if dataset.fatal:
            return ImportResult(errors=list(dataset.errors))
        with transaction.atomic():
            import_files(ctx, dataset)
            if ctx.errors:
                transaction.set_rollback(True)
    if ctx.errors:
        return ImportResult(errors=ctx.errors, applied=False)
    return ImportResult(errors=[], applied=True, changes=ctx.changes)


def export_records(
    *,
    path: pathlib.Path,
    user: User | None = None,
    establishment: Establishment | None = None,
    year: int | None = None,
) -> dict[str, int]:
    """Write the records as an interchange v1 data set at `path` (a folder, or a .zip if it ends with .zip).
    Returns the number of rows written per file. The export is recorded in the audit log."""
    path = pathlib.Path(path)
    counts = export_dataset(path=path, user=user, establishment=establishment, year=year)
    options = []
    if establishment is not None:
        options.append(f"établissement « {establishment.name} »")
    if year is not None:
        options.append(f"année {year}")
    if user is not None:
        options.append(f"périmètre de {user.get_username()}")
    detail = (
        "Export interchange v1"
        + (f" ({', '.join(options)})" if options else "")
        + " : "
        + ", ".join(f"{name} {n}" for name, n in counts.items())
    )
    AuditEntry.objects.create(
        actor=user,
        actor_label=user.get_username() if user is not None else "système",
        action=AuditAction.EXPORT,
        object_type="interchange.dataset",
        object_repr=f"Export {path.name}"[:300],
        detail=detail,
    )
    return counts
