"""Import of an interchange v1 data set: stream, validate and write in batches, inside one transaction.

Each file is read once as a stream of records (stays.csv twice: a first quick pass collects its ids). Rows
are validated and written by batches of BATCH_SIZE: references are resolved with batched `in` queries into
id → pk maps (the only thing kept for a whole file, with the per-person hosting intervals used for the
overlap check), existing rows are fetched by batched `in` queries, then new rows are inserted with
multi-row INSERTs (`fast_insert`), changed ones with `bulk_update`, and their audit rows with one more
multi-row INSERT. On PostgreSQL the same validated rows are written by `interchange.pgcopy` instead: lookups
with one array parameter (`= ANY(%s)`), new rows and audit rows by COPY (pks reserved from the sequence),
changed rows by COPY into a temporary table and one `UPDATE … FROM` (docs/decisions/011). After the first
error nothing more is written, but validation goes on so that every error is reported; the caller then rolls
the whole transaction back.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from types import SimpleNamespace
from typing import Any

from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from admissions.models import AdmissionRequest
from audit.enums import AuditAction
from audit.models import AuditEntry
from employment.models import Cohort, CohortMember, TigPlacement
from establishments.enums import HOSTING_MODALITIES
from establishments.models import CapacityPeriod, Establishment, Service
from events.models import Event
from justice.enums import MeasureOutcome, MeasureType
from justice.models import JusticeMeasure
from people.models import Household, Person, Vulnerability
from people.normalize import search_key
from stays.enums import HouseholdRole
from stays.models import Stay
from stays.rules import holds_a_night, share_a_night

from . import pgcopy
from .format import CODES, FILES, ID_MAX_LENGTH, REQUIRED_FILE
from .reading import MSG_BAD_CSV, MSG_BAD_UTF8, DataSet, Record, format_error, read_records

BATCH_SIZE = 5000
LOOKUP_CHUNK = 900  # below SQLite's 999 query parameters
MAX_INT = 2_147_483_647

# Messages (French, every one documented in docs/interchange.md).
MSG_MISSING_FILE = "fichier obligatoire manquant"
MSG_EMPTY_FILE = "fichier vide, ligne d'en-tête attendue"
MSG_UNKNOWN_COLUMN = "colonne inconnue"
MSG_MISSING_COLUMN = "colonne manquante"
MSG_DUPLICATE_COLUMN = "colonne en double"
MSG_CELL_COUNT = "nombre de cellules incorrect"
MSG_REQUIRED = "valeur obligatoire manquante"
MSG_TOO_LONG = "texte trop long"
MSG_BAD_DATE = "date invalide"
MSG_BAD_CODE = "code inconnu"
MSG_BAD_INTEGER = "nombre entier invalide"
MSG_NOT_POSITIVE = "nombre entier positif attendu"
MSG_TOO_LARGE = "nombre trop grand"
MSG_BAD_BOOLEAN = "booléen invalide, 0 ou 1 attendu"
MSG_BEFORE = "avant {other}"
MSG_UNKNOWN_ID = "identifiant inconnu"
MSG_DUPLICATE_ID = "identifiant en double, déjà à la ligne {line}"
MSG_DUPLICATE_ROW = "ligne en double, déjà à la ligne {line}"
MSG_EXIT_REQUIRED = "obligatoire quand end_date est renseignée"
MSG_EXIT_FORBIDDEN = "doit rester vide tant que end_date est vide"
MSG_OVERLAP_FILE = "hébergement la même nuit que le séjour {stay} de la ligne {line}, {period}"
MSG_OVERLAP_DB = "hébergement la même nuit que le séjour {stay} déjà enregistré, {period}"
MSG_REFUSED_BY_DATABASE = "refusé par la base de données"
MSG_SOURCE_TOO_LONG = "source trop longue, 64 caractères au plus"

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INT_RE = re.compile(r"[0-9]+")


def _chunks(items: list[Any], size: int = LOOKUP_CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


_CREATION_ENCODER = json.JSONEncoder(default=_json_default)


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


def _on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def fast_insert(model: Any, rows: list[dict[str, Any]], *, returning: bool = True) -> list[int]:
    """Insert rows (attname → Python value) with multi-row INSERT statements; the pks in row order.

    Like `bulk_create`, without building model instances nor compiling each value through the ORM (the
    import's hot spot): the given values are plain Python values passed to the driver (dates and date-times
    through the backend's adapters, JSON through its field); every other column gets its field default,
    computed once per call (auto_now/auto_now_add: now). Like bulk_create, relies on RETURNING giving the
    rows in insertion order.
    """
    if not rows:
        return []
    if _on_postgresql():
        return pgcopy.copy_insert(model, rows, returning=returning)
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    given = list(rows[0])
    constants: dict[str, Any] = {}
    for attname, field in by_attname.items():
        if field.primary_key or attname in rows[0]:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = timezone.now()
        else:
            value = field.get_default()
        constants[attname] = field.get_db_prep_save(value, connection)
    adapters: list[Callable[[Any], Any] | None] = []
    for attname in given:
        field = by_attname[attname]
        if isinstance(field, models.DateTimeField):
            adapters.append(connection.ops.adapt_datetimefield_value)
        elif isinstance(field, models.DateField):
            adapters.append(connection.ops.adapt_datefield_value)
        elif isinstance(field, models.JSONField):
            adapters.append(partial(field.get_db_prep_save, connection=connection))
        else:
            adapters.append(None)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(by_attname[a].column) for a in [*given, *constants])
    width = len(given) + len(constants)
    per_statement = max(1, min(1000, (connection.features.max_query_params or 65_535) // width))
    placeholders = "(" + ", ".join(["%s"] * width) + ")"
    head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
    tail = f" RETURNING {quote(meta.pk.column)}" if returning else ""
    fixed = list(constants.values())
    pks: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params: list[Any] = []
            for row in chunk:
                for attname, adapt in zip(given, adapters, strict=True):
                    value = row[attname]
                    params.append(value if adapt is None or value is None else adapt(value))
                params.extend(fixed)
            cursor.execute(head + ", ".join([placeholders] * len(chunk)) + tail, params)
            if returning:
                pks.extend(r[0] for r in cursor.fetchall())
    return pks


def _period(start: datetime.date, end: datetime.date | None) -> str:
    return f"du {start.isoformat()} au {end.isoformat()}" if end else f"du {start.isoformat()}, en cours"


class Context:
    """State shared by the files of one import: errors, id → pk maps, counts."""

    def __init__(self, *, source: str, acting_user: Any, progress: Callable[[str, int], None] | None) -> None:
        self.source = source
        self.actor = acting_user
        self.actor_label = acting_user.get_username() if acting_user is not None else "système"
        self.progress = progress
        self.errors: list[str] = []
        self.now = timezone.now()
        # kind → {external id → pk}; pk is None for an id known from the files but not written (after an error).
        self.maps: dict[str, dict[str, int | None]] = {k: {} for k in ("establishment", "service", "person", "cohort")}
        self.absent: dict[str, set[str]] = {k: set() for k in self.maps}
        self.unverifiable: set[str] = set()  # kinds whose file could not be read: references not checked
        self.service_hosting: dict[str, bool] = {}
        self.changes: dict[str, dict[str, int]] = {}

    @property
    def writing(self) -> bool:
        return not self.errors

    def error(self, file: str, line: int | str, column: str, message: str, value: str | None = None) -> None:
        self.errors.append(format_error(file, line, column, message, value))

    def resolve(self, kind: str, ids: Iterable[str]) -> None:
        """Look up in the database, by batched `in` queries, the referenced ids not known yet."""
        mapping, absent = self.maps[kind], self.absent[kind]
        todo = sorted({i for i in ids if i and i not in mapping and i not in absent})
        model = REFERENCED_MODELS[kind]
        if _on_postgresql():
            table = connection.ops.quote_name(model._meta.db_table)
            extra = ", modality" if kind == "service" else ""
            sql = f"SELECT external_id, id{extra} FROM {table} WHERE source = %s AND external_id = ANY(%s)"
            for found in pgcopy.select_any(sql, todo, (self.source,)):
                mapping[found[0]] = found[1]
                if kind == "service":
                    self.service_hosting[found[0]] = found[2] in HOSTING_MODALITIES
            absent.update(i for i in todo if i not in mapping)
            return
        for chunk in _chunks(todo):
            if kind == "service":
                rows = model.objects.filter(source=self.source, external_id__in=chunk).values_list(
                    "external_id", "pk", "modality"
                )
                for ext, pk, modality in rows:
                    mapping[ext] = pk
                    self.service_hosting[ext] = modality in HOSTING_MODALITIES
            else:
                for ext, pk in model.objects.filter(source=self.source, external_id__in=chunk).values_list(
                    "external_id", "pk"
                ):
                    mapping[ext] = pk
            absent.update(i for i in chunk if i not in mapping)

    def audit(
        self,
        *,
        model: Any,
        pk: int,
        person_id: int | None,
        changes: dict[str, list[Any]],
        detail: str,
        object_repr: str,
    ) -> dict[str, Any]:
        """An audit row (for fast_insert) recording what the import did to one record."""
        return {
            "at": self.now,
            "actor_id": self.actor.pk if self.actor is not None else None,
            "actor_label": self.actor_label,
            "action": AuditAction.IMPORT,
            "object_type": model._meta.label_lower,
            "object_id": str(pk),
            "object_repr": object_repr[:300],
            "person_id": person_id,
            "changes": changes,
            "detail": detail,
        }

    def write_audit(self, entries: list[dict[str, Any]]) -> None:
        fast_insert(AuditEntry, entries, returning=False)


REFERENCED_MODELS: dict[str, Any] = {
    "establishment": Establishment,
    "service": Service,
    "person": Person,
    "cohort": Cohort,
}


class Row:
    """One data row being validated: typed accessors that report errors on the row's line."""

    def __init__(self, file: FileImport, line: int, cells: dict[str, str]) -> None:
        self.file = file
        self.ctx = file.ctx
        self.line = line
        self.cells = cells
        self.errors: list[tuple[str, str, str | None]] = []

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, column: str, message: str, value: str | None = None) -> None:
        self.errors.append((column, message, value))

    def report(self) -> None:
        """Hand the row's errors to the context, in the order of the file's columns."""
        if not self.errors:
            return
        order = {c: i for i, c in enumerate(self.file.columns)}
        for column, message, value in sorted(self.errors, key=lambda e: order.get(e[0], -1)):
            self.ctx.error(self.file.name, self.line, column, message, value)

    def text(self, column: str, *, required: bool = False, max_length: int = 200) -> str:
        value = self.cells[column]
        if not value:
            if required:
                self.error(column, MSG_REQUIRED)
            return ""
        if len(value) > max_length:
            self.error(column, f"{MSG_TOO_LONG}, {max_length} caractères au plus", value[:40] + "…")
        return value

    def ident(self, column: str, *, required: bool = True) -> str:
        return self.text(column, required=required, max_length=ID_MAX_LENGTH)

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        value = self.cells[column]
        if not value:
            if required:
                self.error(column, MSG_REQUIRED)
            return None
        if _DATE_RE.fullmatch(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        self.error(column, MSG_BAD_DATE, value)
        return None

    def code(self, column: str, codes: str, *, default: str | None = None) -> str:
        value = self.cells[column]
        if not value:
            if default is None:
                self.error(column, MSG_REQUIRED)
                return ""
            return default
        if value not in CODES[codes]:
            self.error(column, MSG_BAD_CODE, value)
        return value

    def integer(self, column: str, *, default: int | None = None, minimum: int = 0) -> int | None:
        value = self.cells[column]
        if not value:
            return default
        if not _INT_RE.fullmatch(value):
            self.error(column, MSG_BAD_INTEGER, value)
            return None
        number = int(value)
        if number < minimum:
            self.error(column, MSG_NOT_POSITIVE, value)
        elif number > MAX_INT:
            self.error(column, MSG_TOO_LARGE, value)
        return number

    def boolean(self, column: str) -> bool:
        value = self.cells[column]
        if value in ("", "0"):
            return False
        if value == "1":
            return True
        self.error(column, MSG_BAD_BOOLEAN, value)
        return False

    def ref(self, column: str, kind: str, *, required: bool = True) -> int | None:
        value = self.ident(column, required=required)
        if not value:
            return None
        mapping = self.ctx.maps[kind]
        if value in mapping:
            return mapping[value]
        if kind not in self.ctx.unverifiable:
            self.error(column, MSG_UNKNOWN_ID, value)
        return None

    def not_before(
        self, column: str, value: datetime.date | None, other_column: str, other: datetime.date | None
    ) -> None:
        if value is not None and other is not None and value < other:
            self.error(column, MSG_BEFORE.format(other=other_column), f"{value.isoformat()} < {other.isoformat()}")


class FileImport:
    """How one file maps to one model. Subclasses define `parse` (cells → field values by attname)."""

    name: str
    model: Any
    id_column: str | None = None  # for models with an external id
    kind: str | None = None  # map kind filled by this file (for files referenced by others)
    refs: tuple[tuple[str, str], ...] = ()  # (column, kind) resolved per batch
    key_columns: tuple[str, ...] = ()  # natural key of models without an external id

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.columns = FILES[self.name]
        self.seen: dict[Any, int] = {}  # duplicate detection: key → first line
        self.counts = {"created": 0, "updated": 0, "unchanged": 0}

    # --- hooks
    def parse(self, row: Row) -> dict[str, Any]:
        raise NotImplementedError

    def prepare(self, batch: list[tuple[int, dict[str, str]]]) -> None:
        """Called before validating a batch (after the references are resolved)."""

    def check(self, row: Row, values: dict[str, Any]) -> None:
        """Checks involving other rows, called after `parse` even when the row has errors (a check must
        then make sure the values it needs are valid)."""

    def before_write(self, rows: list[tuple[dict[str, str], dict[str, Any]]]) -> None:
        """Called before writing a batch of valid rows."""

    def finish(self) -> None:
        """Called at the end of the file."""

    def db_key(self, cells: dict[str, str], values: dict[str, Any]) -> Any:
        return cells[self.id_column] if self.id_column else tuple(values[c] for c in self.key_columns)

    def fetch_existing(self, keys: list[Any]) -> dict[Any, Any]:
        found: dict[Any, Any] = {}
        if _on_postgresql():
            # One query per batch, the ids as one array parameter (not a list of placeholders).
            table = connection.ops.quote_name(self.model._meta.db_table)
            sql = f"SELECT * FROM {table} WHERE source = %s AND external_id = ANY(%s)"
            for obj in self.model.objects.raw(sql, [self.ctx.source, keys]):
                found[obj.external_id] = obj
            return found
        for chunk in _chunks(keys):
            for obj in self.model.objects.filter(source=self.ctx.source, external_id__in=chunk):
                found[obj.external_id] = obj
        return found

    def person_of(self, obj: Any) -> int | None:
        return getattr(obj, "person_id", None)

    def describe(self, obj: Any) -> str:
        return f"{self.model._meta.verbose_name} {getattr(obj, 'external_id', '')}".strip()

    # --- machinery
    def dup_key(self, cells: dict[str, str]) -> tuple[str, ...] | None:
        if self.id_column:
            value = cells[self.id_column]
            return (value,) if value else None
        key = tuple(cells[c] for c in self.key_columns)
        return key if all(key) else None

    def register(self, cells: dict[str, str]) -> None:
        """Make the row's id known to the files that refer to it (even when the row is in error)."""
        if self.kind and (ext := cells.get(self.id_column or "")):
            self.ctx.maps[self.kind].setdefault(ext, None)

    def validate(self, line: int, cells: dict[str, str]) -> dict[str, Any] | None:
        row = Row(self, line, cells)
        key = self.dup_key(cells)
        if key is not None:
            if key in self.seen:
                if self.id_column:
                    row.error(self.id_column, MSG_DUPLICATE_ID.format(line=self.seen[key]), key[0])
                else:
                    row.error(self.key_columns[0], MSG_DUPLICATE_ROW.format(line=self.seen[key]), ", ".join(key))
            else:
                self.seen[key] = line
        values = self.parse(row)
        self.check(row, values)
        row.report()
        return values if row.ok else None

    def process_batch(self, batch: list[tuple[int, dict[str, str], tuple[str, str, str] | None]]) -> None:
        """Validate a batch of records (a record whose `problem` is set is only reported), then write it."""
        rows = [(line, cells) for line, cells, problem in batch if problem is None]
        for column, kind in self.refs:
            self.ctx.resolve(kind, (cells[column] for _, cells in rows))
        self.prepare(rows)
        valid: list[tuple[dict[str, str], dict[str, Any]]] = []
        for line, cells, problem in batch:
            if problem is not None:
                self.ctx.error(self.name, line, *problem)
                continue
            values = self.validate(line, cells)
            if values is not None:
                valid.append((cells, values))
        if self.ctx.writing and valid:
            try:
                with transaction.atomic():
                    self.write(valid)
            except DatabaseError as exc:
                self.ctx.error(self.name, "-", "-", MSG_REFUSED_BY_DATABASE, _first_line(exc))
        if self.kind and self.id_column and not self.ctx.writing:
            # Nothing is written any more, but the ids already in the database keep their pk, so that the
            # overlap check still sees their stays.
            self.ctx.resolve(self.kind, (cells.get(self.id_column, "") for _, cells, _ in batch))
        for _, cells, _ in batch:
            self.register(cells)

    def write(self, rows: list[tuple[dict[str, str], dict[str, Any]]]) -> None:
        self.before_write(rows)
        keys = [self.db_key(cells, values) for cells, values in rows]
        existing = self.fetch_existing(keys)
        creates: list[dict[str, Any]] = []
        updates: list[tuple[Any, dict[str, list[Any]]]] = []
        for key, (cells, values) in zip(keys, rows, strict=True):
            obj = existing.get(key) if existing else None
            if obj is None:
                row = dict(values)
                if self.id_column:
                    row["source"] = self.ctx.source
                    row["external_id"] = cells[self.id_column]
                creates.append(row)
                continue
            changed = {f: [_jsonable(getattr(obj, f)), _jsonable(v)] for f, v in values.items() if getattr(obj, f) != v}
            if changed:
                for f, v in values.items():
                    setattr(obj, f, v)
                updates.append((obj, changed))
            else:
                self.counts["unchanged"] += 1
        # What the audit log records of a creation: the values given, before save() may adjust the stored ones.
        if _on_postgresql():
            # Encoded here, in one pass (dates by the encoder's default), and written as is by the COPY.
            encode = _CREATION_ENCODER.encode
            created_changes: list[Any] = [
                pgcopy.JsonText(encode({f: [None, v] for f, v in row.items() if v is not None and v != ""}))
                for row in creates
            ]
        else:
            created_changes = [
                {f: [None, _jsonable(v)] for f, v in row.items() if v not in (None, "")} for row in creates
            ]
        pks = self.save(creates, [obj for obj, _ in updates], list(rows[0][1]))
        detail = f"Import de {self.name}" + (f" (source « {self.ctx.source} »)" if self.ctx.source else "")
        entries = []
        for row, pk, changes in zip(creates, pks, created_changes, strict=True):
            obj = SimpleNamespace(pk=pk, **row)
            entries.append(
                self.ctx.audit(
                    model=self.model,
                    pk=pk,
                    person_id=self.person_of(obj),
                    changes=changes,
                    detail=f"{detail} : création",
                    object_repr=self.describe(obj),
                )
            )
        for obj, changed in updates:
            entries.append(
                self.ctx.audit(
                    model=self.model,
                    pk=obj.pk,
                    person_id=self.person_of(obj),
                    changes=changed,
                    detail=f"{detail} : modification",
                    object_repr=self.describe(obj),
                )
            )
        self.ctx.write_audit(entries)
        self.counts["created"] += len(creates)
        self.counts["updated"] += len(updates)
        if self.kind and self.id_column:
            mapping = self.ctx.maps[self.kind]
            for row, pk in zip(creates, pks, strict=True):
                mapping[row["external_id"]] = pk
            for obj in existing.values():
                mapping[obj.external_id] = obj.pk

    def save(self, creates: list[dict[str, Any]], updates: list[Any], fields: list[str]) -> list[int]:
        """Insert the new rows (returning their pks) and update the changed records."""
        pks = fast_insert(self.model, creates)
        if updates and _on_postgresql():
            pgcopy.copy_update(self.model, updates, fields)
        elif updates:
            self.model.objects.bulk_update(updates, fields, batch_size=200)
        return pks


# --------------------------------------------------------------------------- the files


class EstablishmentsImport(FileImport):
    name = "establishments.csv"
    model = Establishment
    id_column = "establishment_id"
    kind = "establishment"

    def parse(self, row: Row) -> dict[str, Any]:
        row.ident("establishment_id")
        return {
            "name": row.text("name", required=True),
            "city": row.text("city"),
            "territory": row.text("territory"),
        }

    def describe(self, obj: Any) -> str:
        return obj.name


class ServicesImport(FileImport):
    name = "services.csv"
    model = Service
    id_column = "service_id"
    kind = "service"
    refs = (("establishment_id", "establishment"),)

    def parse(self, row: Row) -> dict[str, Any]:
        row.ident("service_id")
        modality = row.code("modality", "modality")
        if row.cells["service_id"] and modality in CODES["modality"]:
            self.ctx.service_hosting[row.cells["service_id"]] = modality in HOSTING_MODALITIES
        return {
            "establishment_id": row.ref("establishment_id", "establishment"),
            "name": row.text("name", required=True),
            "modality": modality,
            "capacity": row.integer("capacity"),
            "night_recording": row.code("night_recording", "night_recording", default="sejour"),
        }

    def describe(self, obj: Any) -> str:
        return obj.name


class CapacitiesImport(FileImport):
    name = "capacities.csv"
    model = CapacityPeriod
    refs = (("service_id", "service"),)
    key_columns = ("service_id", "start_date")

    def parse(self, row: Row) -> dict[str, Any]:
        start = row.date("start_date", required=True)
        end = row.date("end_date")
        row.not_before("end_date", end, "start_date", start)
        places = row.integer("places")
        if places is None and not row.cells["places"]:
            row.error("places", MSG_REQUIRED)
        return {"service_id": row.ref("service_id", "service"), "start_date": start, "end_date": end, "places": places}

    def fetch_existing(self, keys: list[Any]) -> dict[Any, Any]:
        wanted = set(keys)
        found: dict[Any, Any] = {}
        for chunk in _chunks(sorted({k[0] for k in keys})):
            for obj in CapacityPeriod.objects.filter(service_id__in=chunk).order_by("-pk"):
                if (key := (obj.service_id, obj.start_date)) in wanted:
                    found[key] = obj  # the smallest pk wins
        return found

    def describe(self, obj: Any) -> str:
        return f"période de capacité du {obj.start_date.isoformat()}"


class PersonsImport(FileImport):
    name = "persons.csv"
    model = Person
    id_column = "person_id"
    kind = "person"

    def parse(self, row: Row) -> dict[str, Any]:
        row.ident("person_id")
        last_name = row.text("last_name", required=True, max_length=150)
        first_name = row.text("first_name", required=True, max_length=150)
        return {
            "last_name": last_name,
            "first_name": first_name,
            "birth_date": row.date("birth_date"),
            "sex": row.code("sex", "sex"),
            "search_name": search_key(last_name, first_name)[:320],
        }

    def person_of(self, obj: Any) -> int | None:
        return obj.pk

    def describe(self, obj: Any) -> str:
        return f"{obj.last_name.upper()} {obj.first_name}"


class StaysImport(FileImport):
    name = "stays.csv"
    model = Stay
    id_column = "stay_id"
    refs = (("person_id", "person"), ("service_id", "service"))

    def __init__(self, ctx: Context, file_ids: set[str]) -> None:
        super().__init__(ctx)
        self.file_ids = file_ids  # the stays of this file: their current database versions are being replaced
        # person external id → hosting intervals (start, end or None, description) already seen
        self.intervals: dict[str, list[tuple[datetime.date, datetime.date | None, int | None, str]]] = {}
        self.households: dict[str, int] = {}
        self.to_host: list[int] = []
        self.defer_hosting: bool | None = None

    def prepare(self, batch: list[tuple[int, dict[str, str]]]) -> None:
        """Load the hosting stays already in the database of the persons of this batch not seen yet."""
        persons = self.ctx.maps["person"]
        new = {cells["person_id"] for _, cells in batch if cells["person_id"] not in self.intervals}
        by_pk: dict[int, str] = {pk: ext for ext in new if (pk := persons.get(ext)) is not None}
        for ext in new:
            self.intervals[ext] = []
        for pk, person_id, source, ext, start, end in self._hosting_stays(sorted(by_pk)):
            if source == self.ctx.source and ext in self.file_ids:
                continue
            if not holds_a_night(start, end):
                continue
            name = ext if ext and source == self.ctx.source else f"n° {pk}"
            self.intervals[by_pk[person_id]].append((start, end, None, name))

    def _hosting_stays(self, person_pks: list[int]) -> Iterator[tuple[Any, ...]]:
        """(pk, person pk, source, external id, start, end) of the hosting stays of these persons, by start."""
        if _on_postgresql():
            rows = pgcopy.select_any(
                "SELECT id, person_id, source, external_id, start_date, end_date FROM stays_stay"
                " WHERE hosting AND person_id = ANY(%s)",
                person_pks,
            )
            yield from sorted(rows, key=lambda r: (r[4], r[0]))
            return
        for chunk in _chunks(person_pks):
            stays = Stay.objects.filter(person_id__in=chunk, hosting=True).values_list(
                "pk", "person_id", "source", "external_id", "start_date", "end_date"
            )
            yield from stays.order_by("start_date", "pk")

    def parse(self, row: Row) -> dict[str, Any]:
        row.ident("stay_id")
        start = row.date("start_date", required=True)
        end = row.date("end_date")
        row.not_before("end_date", end, "start_date", start)
        household = row.ident("household_id", required=False)
        role = row.code("household_role", "household_role", default=HouseholdRole.DEMANDEUR)
        exits = {}
        for column, codes in (
            ("exit_reason", "exit_reason"),
            ("exit_housing", "exit_housing"),
            ("exit_activity", "exit_activity"),
        ):
            value = row.cells[column]
            if end is None and not row.cells["end_date"]:
                if value:
                    row.error(column, MSG_EXIT_FORBIDDEN, value)
                exits[column] = ""
            elif not value and column != "exit_reason":
                row.error(column, MSG_EXIT_REQUIRED)
                exits[column] = ""
            else:
                exits[column] = row.code(column, codes, default="")
        service_ext = row.cells["service_id"]
        return {
            "person_id": row.ref("person_id", "person"),
            "service_id": row.ref("service_id", "service"),
            "start_date": start,
            "end_date": end,
            "household_id": household,  # the external id until before_write
            "household_role": role,
            **exits,
            "hosting": self.ctx.service_hosting.get(service_ext, False),
        }

    def check(self, row: Row, values: dict[str, Any]) -> None:
        start, end = values["start_date"], values["end_date"]
        service_ext, person_ext = row.cells["service_id"], row.cells["person_id"]
        if service_ext not in self.ctx.service_hosting or not values["hosting"]:
            return
        if start is None or (end is None and row.cells["end_date"]) or (end is not None and end < start):
            return  # dates in error
        if person_ext not in self.ctx.maps["person"]:
            return  # unknown person (reported) or persons.csv unreadable
        if not holds_a_night(start, end):
            return  # a stay left on its first day shares no night
        intervals = self.intervals.setdefault(person_ext, [])
        overlapping = [other for other in intervals if share_a_night(start, end, other[0], other[1])]
        # Name the earliest row of the file it clashes with, else a stay already in the database.
        in_file = [other for other in overlapping if other[2] is not None]
        clash = in_file[0] if in_file else (overlapping[0] if overlapping else None)
        if clash is not None:
            other_start, other_end, line, name = clash
            if line is None:
                message = MSG_OVERLAP_DB.format(stay=name, period=_period(other_start, other_end))
            else:
                message = MSG_OVERLAP_FILE.format(stay=name, line=line, period=_period(other_start, other_end))
            row.error("start_date", message, start.isoformat())
        intervals.append((start, end, row.line, row.cells["stay_id"]))

    def before_write(self, rows: list[tuple[dict[str, str], dict[str, Any]]]) -> None:
        """Resolve (creating them if needed) the households of the batch."""
        wanted = sorted({v["household_id"] for _, v in rows if v["household_id"]} - set(self.households))
        for chunk in _chunks(wanted):
            for ext, pk in Household.objects.filter(source=self.ctx.source, external_id__in=chunk).values_list(
                "external_id", "pk"
            ):
                self.households[ext] = pk
        missing = [ext for ext in wanted if ext not in self.households]
        if missing:
            pks = fast_insert(Household, [{"source": self.ctx.source, "external_id": ext} for ext in missing])
            detail = "Import de stays.csv" + (f" (source « {self.ctx.source} »)" if self.ctx.source else "")
            self.ctx.write_audit(
                [
                    self.ctx.audit(
                        model=Household,
                        pk=pk,
                        person_id=None,
                        changes={"external_id": [None, ext]},
                        detail=f"{detail} : création",
                        object_repr=f"Ménage {ext}",
                    )
                    for ext, pk in zip(missing, pks, strict=True)
                ]
            )
            self.households.update(zip(missing, pks, strict=True))
        for _, values in rows:
            values["household_id"] = self.households.get(values["household_id"]) if values["household_id"] else None

    def save(self, creates: list[dict[str, Any]], updates: list[Any], fields: list[str]) -> list[int]:
        # Hosting stays are written as non-hosting first and switched on at the end of the file, so that the
        # PostgreSQL exclusion constraint never sees an intermediate state (a stay moved into nights another
        # one of the file leaves later on); the final state was checked above.
        if not self.must_defer_hosting():
            return super().save(creates, updates, fields)
        hosted_creates = [row["hosting"] for row in creates]
        host_updates = [obj for obj in updates if obj.hosting]
        for row in creates:
            row["hosting"] = False
        for obj in host_updates:
            obj.hosting = False
        pks = super().save(creates, updates, fields)
        for row, pk, hosting in zip(creates, pks, hosted_creates, strict=True):
            row["hosting"] = hosting
            if hosting:
                self.to_host.append(pk)
        for obj in host_updates:
            obj.hosting = True
            self.to_host.append(obj.pk)
        return pks

    def must_defer_hosting(self) -> bool:
        """Whether hosting must be switched on at the end of the file. Not needed on PostgreSQL when no stay of
        the file is in the database yet: rows are then only added, each batch to a set the check found free of
        overlaps, so no intermediate state can break the constraint."""
        if self.defer_hosting is None:
            self.defer_hosting = True
            if _on_postgresql():
                sql = "SELECT 1 FROM stays_stay WHERE source = %s AND external_id = ANY(%s) LIMIT 1"
                self.defer_hosting = bool(pgcopy.select_any(sql, sorted(self.file_ids), (self.ctx.source,)))
        return self.defer_hosting

    def finish(self) -> None:
        if not self.ctx.writing or not self.to_host:
            return
        try:
            with transaction.atomic():
                if _on_postgresql():
                    pgcopy.update_any("UPDATE stays_stay SET hosting = true WHERE id = ANY(%s)", self.to_host)
                else:
                    for chunk in _chunks(self.to_host):
                        Stay.objects.filter(pk__in=chunk).update(hosting=True)
        except DatabaseError as exc:
            self.ctx.error(self.name, "-", "start_date", MSG_REFUSED_BY_DATABASE, _first_line(exc))

    def describe(self, obj: Any) -> str:
        return f"séjour {obj.external_id}"


_MEASURE_LABELS = {member.value: member.label for member in MeasureType}


class JusticeMeasuresImport(FileImport):
    name = "justice_measures.csv"
    model = JusticeMeasure
    id_column = "measure_id"
    refs = (("person_id", "person"),)

    def parse(self, row: Row) -> dict[str, Any]:
        row.ident("measure_id")
        start = row.date("start_date")
        end = row.date("end_date")
        row.not_before("end_date", end, "start_date", start)
        default = MeasureOutcome.TERMINEE if row.cells["end_date"] else MeasureOutcome.EN_COURS
        return {
            "person_id": row.ref("person_id", "person"),
            "measure": row.code("measure", "measure"),
            "start_date": start,
            "end_date": end,
            "outcome": row.code("outcome", "measure_outcome", default=default),
            "spip": row.text("spip"),
        }

    def describe(self, obj: Any) -> str:
        label = _MEASURE_LABELS.get(obj.measure, obj.measure)
        return f"{label} ({obj.external_id})"


class VulnerabilitiesImport(FileImport):
    name = "vulnerabilities.csv"
    model = Vulnerability
    refs = (("person_id", "person"),)
    key_columns = ("person_id", "kind", "recorded_on")

    def parse(self, row: Row) -> dict[str, Any]:
        return {
            "person_id": row.ref("person_id", "person"),
            "kind": row.code("kind", "vulnerability_kind"),
            "recorded_on": row.date("recorded_on", required=True),
        }

    def fetch_existing(self, keys: list[Any]) -> dict[Any, Any]:
        wanted = set(keys)
        found: dict[Any, Any] = {}
        for chunk in _chunks(sorted({k[0] for k in keys})):
            for obj in Vulnerability.objects.filter(person_id__in=chunk):
                if (key := (obj.person_id, obj.kind, obj.recorded_on)) in wanted:
                    found[key] = obj
        return found

    def describe(self, obj: Any) -> str:
        return f"vulnérabilité {obj.kind} du {obj.recorded_on.isoformat()}"


class EventsImport(FileImport):
    name = "events.csv"
    model = Event
    id_column = "event_id"
    refs = (("person_id", "person"), ("service_id", "service"))

    def parse(self, row: Row) -> dict[str, Any]:
        row.ident("event_id")
        return {
            "person_id": row.ref("person_id", "person", required=False),
            "service_id": row.ref("service_id", "service"),
            "date": row.date("date", required=True),
            "kind": row.code("kind", "event_kind"),
            "quantity": row.integer("quantity", default=1, minimum=1),
        }


class AdmissionRequestsImport(FileImport):
    name = "admission_requests.csv"
    model = AdmissionRequest
    id_column = "request_id"
    refs = (("person_id", "person"), ("service_id", "service"), ("reoriented_to_service_id", "service"))

    def parse(self, row: Row) -> dict[str, Any]:
        row.ident("request_id")
        received = row.date("received_on", required=True)
        decided = row.date("decided_on")
        row.not_before("decided_on", decided, "received_on", received)
        return {
            "person_id": row.ref("person_id", "person"),
            "service_id": row.ref("service_id", "service"),
            "received_on": received,
            "prescriber": row.code("prescriber", "prescriber"),
            "decision": row.code("decision", "decision", default="en_attente"),
            "decided_on": decided,
            "outcome": row.code("outcome", "request_outcome", default="en_attente"),
            "reoriented_to_service_id": row.ref("reoriented_to_service_id", "service", required=False),
        }

    def describe(self, obj: Any) -> str:
        return f"demande d'admission {obj.external_id}"


class CohortsImport(FileImport):
    name = "cohorts.csv"
    model = Cohort
    id_column = "cohort_id"
    kind = "cohort"
    refs = (("service_id", "service"),)

    def parse(self, row: Row) -> dict[str, Any]:
        row.ident("cohort_id")
        start = row.date("start_date", required=True)
        end = row.date("end_date")
        row.not_before("end_date", end, "start_date", start)
        return {
            "service_id": row.ref("service_id", "service"),
            "name": row.text("name", required=True),
            "start_date": start,
            "end_date": end,
            "exam_date": row.date("exam_date"),
        }

    def describe(self, obj: Any) -> str:
        return obj.name


class CohortMembersImport(FileImport):
    name = "cohort_members.csv"
    model = CohortMember
    refs = (("cohort_id", "cohort"), ("person_id", "person"))
    key_columns = ("cohort_id", "person_id")

    def parse(self, row: Row) -> dict[str, Any]:
        return {
            "cohort_id": row.ref("cohort_id", "cohort"),
            "person_id": row.ref("person_id", "person"),
            "sat_exam": row.boolean("sat_exam"),
            "graduated": row.boolean("graduated"),
        }

    def fetch_existing(self, keys: list[Any]) -> dict[Any, Any]:
        wanted = set(keys)
        found: dict[Any, Any] = {}
        for chunk in _chunks(sorted({k[0] for k in keys})):
            for obj in CohortMember.objects.filter(cohort_id__in=chunk):
                if (key := (obj.cohort_id, obj.person_id)) in wanted:
                    found[key] = obj
        return found

    def describe(self, obj: Any) -> str:
        return "membre de promotion"


class TigPlacementsImport(FileImport):
    name = "tig_placements.csv"
    model = TigPlacement
    id_column = "placement_id"
    refs = (("person_id", "person"), ("service_id", "service"))

    def parse(self, row: Row) -> dict[str, Any]:
        row.ident("placement_id")
        start = row.date("start_date", required=True)
        end = row.date("end_date")
        row.not_before("end_date", end, "start_date", start)
        return {
            "person_id": row.ref("person_id", "person"),
            "service_id": row.ref("service_id", "service"),
            "start_date": start,
            "end_date": end,
            "hours_ordered": row.integer("hours_ordered"),
            "hours_done": row.integer("hours_done", default=0),
            "hired_after": row.boolean("hired_after"),
        }

    def describe(self, obj: Any) -> str:
        return f"accueil de TIG {obj.external_id}"


IMPORTS: dict[str, type[FileImport]] = {
    cls.name: cls
    for cls in (
        EstablishmentsImport,
        ServicesImport,
        CapacitiesImport,
        PersonsImport,
        StaysImport,
        JusticeMeasuresImport,
        VulnerabilitiesImport,
        EventsImport,
        AdmissionRequestsImport,
        CohortsImport,
        CohortMembersImport,
        TigPlacementsImport,
    )
}
assert list(IMPORTS) == list(FILES)


# --------------------------------------------------------------------------- driver


def _read_header(ctx: Context, name: str, records: Iterator[Record]) -> list[str] | None:
    """The header's column names, or None (errors reported) when the file cannot be interpreted."""
    header_record = next(records, None)
    if header_record is None:
        ctx.error(name, 1, "-", MSG_EMPTY_FILE)
        return None
    if header_record.bad_encoding and header_record.bad_cell is not None:
        # the column is the header cell itself, its bad byte shown as U+FFFD ("pr\ufffdnom")
        ctx.error(
            name, 1, header_record.cells[header_record.bad_cell].strip(), MSG_BAD_UTF8, header_record.bad_encoding
        )
        return None
    header = [c.strip() for c in header_record.cells]
    expected = FILES[name]
    ok = True
    seen: set[str] = set()
    for column in header:
        if column in seen:
            ctx.error(name, 1, column or "-", MSG_DUPLICATE_COLUMN)
            ok = False
        elif column not in expected:
            ctx.error(name, 1, column or "-", MSG_UNKNOWN_COLUMN)
            ok = False
        seen.add(column)
    for column in expected:
        if column not in seen:
            ctx.error(name, 1, column, MSG_MISSING_COLUMN)
            ok = False
    return header if ok else None


def _records(ctx: Context, name: str, opener: Callable[[], Any]) -> Iterator[Record]:
    with opener() as stream:
        yield from read_records(stream, on_csv_error=lambda line, msg: ctx.error(name, line, "-", MSG_BAD_CSV, msg))


def _collect_ids(ctx: Context, name: str, opener: Callable[[], Any], column: str) -> set[str]:
    ids: set[str] = set()
    with opener() as stream:
        records = read_records(stream, on_csv_error=lambda line, msg: None)
        header_record = next(records, None)
        if header_record is None:
            return ids
        header = [c.strip() for c in header_record.cells]
        if column not in header:
            return ids
        index = header.index(column)
        for record in records:
            if len(record.cells) == len(header):
                ids.add(record.cells[index].strip())
    return ids


def import_files(ctx: Context, dataset: DataSet) -> None:
    ctx.errors.extend(dataset.errors)
    if REQUIRED_FILE not in dataset.openers:
        ctx.error(REQUIRED_FILE, 1, "-", MSG_MISSING_FILE)
        ctx.unverifiable.add("person")
    for name, cls in IMPORTS.items():
        opener = dataset.openers.get(name)
        if opener is None:
            continue
        if cls is StaysImport:
            file_import: FileImport = StaysImport(ctx, _collect_ids(ctx, name, opener, "stay_id"))
        else:
            file_import = cls(ctx)
        _import_file(ctx, file_import, opener)
        ctx.changes[name] = dict(file_import.counts)


def _import_file(ctx: Context, file_import: FileImport, opener: Callable[[], Any]) -> None:
    name = file_import.name
    records = _records(ctx, name, opener)
    header = _read_header(ctx, name, records)
    if header is None:
        if file_import.kind:
            ctx.unverifiable.add(file_import.kind)
        for _ in records:
            pass
        return
    batch: list[tuple[int, dict[str, str], tuple[str, str, str] | None]] = []
    done = 0
    for record in records:
        if not record.cells:
            continue  # blank line
        cells = dict(zip(header, map(str.strip, record.cells), strict=False))
        problem = None  # (column, message, value)
        if len(record.cells) != len(header):
            problem = ("-", MSG_CELL_COUNT, f"{len(record.cells)} au lieu de {len(header)}")
        elif record.bad_encoding and record.bad_cell is not None:
            problem = (header[record.bad_cell] or "-", MSG_BAD_UTF8, record.bad_encoding)
        batch.append((record.line, cells, problem))
        if len(batch) >= BATCH_SIZE:
            file_import.process_batch(batch)
            done += len(batch)
            batch = []
            if ctx.progress:
                ctx.progress(name, done)
    if batch:
        file_import.process_batch(batch)
        done += len(batch)
    file_import.finish()
    if ctx.progress:
        ctx.progress(name, done)
