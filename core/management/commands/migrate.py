"""`manage.py migrate`, run by the right database account.

- PostgreSQL with `DATABASE_OWNER_URL`: the migrations run as the owner of the tables, then the application role
  (`DATABASE_URL`'s user) gets its privileges again (`grant_app_role`, core/dbroles.py). Without it, one role does
  everything (development, tests, `make demo`).
- SQLite: the application's connections refuse to touch the audit table's schema (core/sqlite3/base.py); the
  migrations run with that guard lifted.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections

from core.sqlite3.base import audit_guard_lifted


class Command(DjangoMigrate):
    def handle(self, *args: Any, **options: Any) -> None:
        alias = options.get("database") or DEFAULT_DB_ALIAS
        connection = connections[alias]
        if connection.vendor == "sqlite":
            with audit_guard_lifted(connection):
                super().handle(*args, **options)
            return
        owner = settings.DATABASE_OWNER if alias == DEFAULT_DB_ALIAS else None
        if connection.vendor != "postgresql" or owner is None:
            super().handle(*args, **options)
            return
        from .grant_app_role import grant_from_settings, owner_connection_params

        app_settings = dict(connection.settings_dict)
        params = owner_connection_params()
        connection.close()
        connection.settings_dict.update(USER=params["user"], PASSWORD=params.get("password", ""))
        try:
            if options.get("verbosity", 1) >= 1:
                self.stdout.write(f"Migrations en tant que propriétaire « {params['user']} » (DATABASE_OWNER_URL).")
            super().handle(*args, **options)
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(app_settings)
        role = grant_from_settings()
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(f"Droits du rôle applicatif « {role} » à jour (journal d'audit : lecture et ajout).")
