"""PostgreSQL writers of the import: COPY instead of multi-row INSERTs, array parameters instead of long `IN` lists.

Used by `interchange.importing` when the database is PostgreSQL (SQLite keeps the multi-row INSERTs). Every
function runs on Django's connection, so inside the import's transaction: nothing is committed here.
See docs/decisions/011-interchange-import-writes.md.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.db.models import Field
from django.utils import timezone


class JsonText(str):
    """A value already encoded as JSON: written as is into a JSON column."""


ID_RESERVATION = "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)"


def _copy_value(field: Field[Any, Any], value: Any) -> Any:
    """A Python value as COPY's text format takes it (psycopg dumps dates, numbers, booleans and text)."""
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return json.dumps(value, cls=field.encoder)
    return value


def copy_insert(model: type[models.Model], rows: list[dict[str, Any]], *, returning: bool = True) -> list[int]:
    """Insert rows (attname → Python value) with one COPY; the pks in row order (when `returning`).

    The pks are reserved beforehand from the table's sequence (one query) and written explicitly, so the
    n-th pk is the n-th row's. Columns the rows do not set get their field default, computed once per call
    (auto_now/auto_now_add: now), as `fast_insert` does.
    """
    if not rows:
        return []
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
        constants[attname] = _copy_value(field, value)
    encoders = {i: f.encoder for i, a in enumerate(given) if isinstance(f := by_attname[a], models.JSONField)}
    json_columns = list(encoders)
    quote = connection.ops.quote_name
    attnames = [*given, *constants]
    pks: list[int] = []
    with connection.cursor() as cursor:
        if returning:
            attnames.insert(0, meta.pk.attname)
            cursor.execute(ID_RESERVATION, [meta.db_table, meta.pk.column, len(rows)])
            pks = [r[0] for r in cursor.fetchall()]
        columns = ", ".join(quote(by_attname[a].column) for a in attnames)
        fixed = list(constants.values())
        with cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            write_row = copy.write_row
            for index, row in enumerate(rows):
                values = [row[a] for a in given]
                for i in json_columns:
                    if values[i] is not None and not isinstance(values[i], JsonText):
                        values[i] = json.dumps(values[i], cls=encoders[i])
                if returning:
                    values.insert(0, pks[index])
                values.extend(fixed)
                write_row(values)
    return pks


def select_any(sql: str, values: list[Any], params: tuple[Any, ...] = (), chunk: int = 50_000) -> list[tuple]:
    """Run `sql` (whose last placeholder is compared with `= ANY(%s)`) for chunks of `values` passed as one
    array parameter each; all the rows."""
    found: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), chunk):
            cursor.execute(sql, [*params, values[start : start + chunk]])
            found.extend(cursor.fetchall())
    return found


def update_any(sql: str, values: list[Any], chunk: int = 50_000) -> None:
    """Run an UPDATE whose only placeholder is compared with `= ANY(%s)`, for chunks of `values`."""
    with connection.cursor() as cursor:
        for start in range(0, len(values), chunk):
            cursor.execute(sql, [values[start : start + chunk]])


def copy_update(model: type[models.Model], objects: Sequence[models.Model], attnames: list[str]) -> None:
    """Update `attnames` of these model instances (to their current attribute values) with one COPY into a
    temporary staging table and one `UPDATE … FROM` it."""
    if not objects:
        return
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    fields = [by_attname[a] for a in attnames]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    stage = quote(f"interchange_stage_{meta.db_table}")
    pk = quote(meta.pk.column)
    columns = [pk, *(quote(f.column) for f in fields)]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE {stage} AS SELECT {', '.join(columns)} FROM {table} WITH NO DATA")
        with cursor.copy(f"COPY {stage} ({', '.join(columns)}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([obj.pk, *(_copy_value(f, getattr(obj, f.attname)) for f in fields)])
        assignments = ", ".join(f"{quote(f.column)} = s.{quote(f.column)}" for f in fields)
        cursor.execute(f"UPDATE {table} AS t SET {assignments} FROM {stage} AS s WHERE t.{pk} = s.{pk}")
        cursor.execute(f"DROP TABLE {stage}")
