"""SQLite, with the audit table guarded from the application's own connections (issue 11).

PostgreSQL keeps the audit log append-only with two roles (core/dbroles.py). SQLite has no roles, so each connection
the application opens installs an authorizer (`sqlite3.Connection.set_authorizer`) that refuses, on the audit table:
`DROP TABLE`, `DROP TRIGGER`, `CREATE TRIGGER`, `ALTER TABLE`, `DELETE` and `UPDATE`; and everywhere: creating the
maintenance marker table that lets the delete trigger through (audit migration 0002), and `PRAGMA writable_schema`.
Everything else is as Django's SQLite backend.

The guard is lifted (`audit_guard_lifted`) for the migrations (`manage.py migrate`, core/management/commands) and for
the test suite's maintenance (`manage.py flush` between tests, the marker it creates). The trade-off, written in
docs/deployment.md: this protects against the application — a bug, an injected statement, a script using its
settings — not against whoever holds the database file, who can open it with any SQLite client and edit it. For an
audit log that must hold against the machine's administrators too, use PostgreSQL with two roles.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.sqlite3 import base

GUARDED_TABLES = frozenset({"audit_auditentry"})
MAINTENANCE_MARKER = "parcours_audit_purge"

_ON_GUARDED_TABLE = {
    sqlite3.SQLITE_DELETE: 0,  # arg1: the table
    sqlite3.SQLITE_UPDATE: 0,
    sqlite3.SQLITE_DROP_TABLE: 0,
    sqlite3.SQLITE_DROP_TEMP_TABLE: 0,
    sqlite3.SQLITE_DROP_TRIGGER: 1,  # arg1: the trigger, arg2: its table
    sqlite3.SQLITE_DROP_TEMP_TRIGGER: 1,
    sqlite3.SQLITE_CREATE_TRIGGER: 1,
    sqlite3.SQLITE_CREATE_TEMP_TRIGGER: 1,
    sqlite3.SQLITE_ALTER_TABLE: 1,  # arg1: the database, arg2: the table
}
_CREATE_TABLE = {sqlite3.SQLITE_CREATE_TABLE, sqlite3.SQLITE_CREATE_TEMP_TABLE}


def audit_authorizer(action: int, arg1: str | None, arg2: str | None, database: str | None, source: str | None) -> int:
    if action in _ON_GUARDED_TABLE:
        table = (arg1, arg2)[_ON_GUARDED_TABLE[action]]
        if table is not None and table.lower() in GUARDED_TABLES:
            return sqlite3.SQLITE_DENY
    elif action in _CREATE_TABLE:
        if arg1 is not None and arg1.lower().startswith(MAINTENANCE_MARKER):
            return sqlite3.SQLITE_DENY
    elif action == sqlite3.SQLITE_PRAGMA and arg1 is not None and arg1.lower() == "writable_schema":
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


class DatabaseWrapper(base.DatabaseWrapper):
    audit_guard = True  # False while audit_guard_lifted(...) runs

    def get_new_connection(self, conn_params: Any) -> Any:
        conn = super().get_new_connection(conn_params)
        if self.audit_guard:
            conn.set_authorizer(audit_authorizer)
        return conn


@contextmanager
def audit_guard_lifted(connection: Any) -> Iterator[None]:
    """Migrations and the test suite's maintenance only: the connection may change the audit table's schema."""
    if not hasattr(connection, "audit_guard"):  # another backend (also through django.db.connection's proxy)
        yield
        return
    previous = connection.audit_guard
    connection.audit_guard = False
    if connection.connection is not None:
        connection.connection.set_authorizer(None)
    try:
        yield
    finally:
        connection.audit_guard = previous
        if previous and connection.connection is not None:
            connection.connection.set_authorizer(audit_authorizer)
