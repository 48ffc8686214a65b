"""Import and export of interchange v1 data sets (see docs/interchange.md).

`import_records` applies a data set completely or not at all (one transaction) and lists every error;
`export_records` writes the records (optionally one establishment, one year, one user's scope).
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class ImportProgress:
    """Where an import stands: files read (of the data set's known files), rows validated, rows written (in the
    import's transaction: they are kept only if the whole import succeeds), of about `rows_total` rows."""

    files_total: int = 0
    files_read: int = 0
    rows_total: int = 0
    rows_validated: int = 0
    rows_written: int = 0
    _rows: dict[str, int] = field(default_factory=dict)

    def step(self, name: str, done: int, *, writing: bool) -> None:
        if name not in self._rows:
            self.files_read += 1
        delta = done - self._rows.get(name, 0)
        self._rows[name] = done
        self.rows_validated += delta
        if writing:
            self.rows_written += delta

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(99, self.rows_validated * 100 // self.rows_total)


def count_rows(openers: dict[str, Callable[[], Any]]) -> int:
    """About how many records the files hold (their lines, less each header): for a progress bar."""
    total = 0
    for opener in openers.values():
        with opener() as stream:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
        total += max(0, lines - 1)
    return total


def import_records(
    *,
    path: pathlib.Path,
    acting_user: User | None,
    source: str = "",
    progress: Callable[[str, int], None] | None = None,
    on_progress: Callable[[ImportProgress], None] | None = None,
) -> ImportResult:
    """Import the data set at `path` (a folder or a .zip of one): everything or nothing. `progress(file, rows)` is
    called after each batch of rows; `on_progress(ImportProgress)` too, with the counts of the whole data set."""
    path = pathlib.Path(path)
    if len(source) > 64:
        return ImportResult(errors=[format_error("-", "-", "source", MSG_SOURCE_TOO_LONG, source[:40] + "…")])
    state = ImportProgress()

    def step(name: str, done: int) -> None:
        if progress:
            progress(name, done)
        if on_progress:
            state.step(name, done, writing=not ctx.errors)
            on_progress(state)

    ctx = Context(source=source, acting_user=acting_user, progress=step if (progress or on_progress) else None)
    with open_dataset(path, max_uncompressed_bytes=max_uncompressed_bytes()) as dataset:
        if dataset.fatal:
            return ImportResult(errors=list(dataset.errors))
        if on_progress:
            state.files_total = len(dataset.openers)
            state.rows_total = count_rows(dataset.openers)
            on_progress(state)
        with transaction.atomic():
            import_files(ctx, dataset)
            if ctx.errors:
                transaction.set_rollback(True)
    if on_progress:
        state.files_read = state.files_total
        on_progress(state)
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
