"""`manage.py flush`, as Django's, with the SQLite guard of the audit table lifted (core/sqlite3/base.py).

The test suite empties its database with it between tests. On SQLite the audit table's delete trigger still refuses
unless the maintenance marker table exists, which only the test suite creates; on PostgreSQL flush truncates, which
only the tables' owner may do (core/dbroles.py).
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections

from core.sqlite3.base import audit_guard_lifted


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        with audit_guard_lifted(connections[options.get("database") or DEFAULT_DB_ALIAS]):
            super().handle(**options)
