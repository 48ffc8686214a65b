"""`manage.py grant_app_role`: the PostgreSQL application role gets its privileges (core/dbroles.py).

Connects as the owner (`DATABASE_OWNER_URL`); the application role is the user of `DATABASE_URL`, with its password if
the URL has one. Idempotent; `migrate` runs it after every migration when `DATABASE_OWNER_URL` is set.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def owner_connection_params() -> dict[str, Any]:
    """libpq parameters of the owner: the owner URL's user and password, the rest as `DATABASE_URL`."""
    app, owner = settings.DATABASES["default"], settings.DATABASE_OWNER
    if owner is None:
        raise CommandError("DATABASE_OWNER_URL n'est pas défini : une seule base, un seul rôle (docs/deployment.md).")
    params = {
        "dbname": owner.get("NAME") or app["NAME"],
        "user": owner["USER"],
        "password": owner.get("PASSWORD") or None,
        "host": owner.get("HOST") or app.get("HOST") or None,
        "port": owner.get("PORT") or app.get("PORT") or None,
    }
    return {k: v for k, v in params.items() if v not in (None, "")}


def grant_from_settings() -> str:
    import psycopg

    from core.dbroles import RoleError, grant_app_role

    app = settings.DATABASES["default"]
    params = owner_connection_params()
    if not app["ENGINE"].endswith("postgresql"):
        raise CommandError("Deux rôles : PostgreSQL seulement (SQLite : docs/deployment.md).")
    with psycopg.connect(**params, autocommit=True) as owner:
        try:
            grant_app_role(owner, role=app["USER"], password=app.get("PASSWORD") or None)
        except RoleError as exc:
            raise CommandError(str(exc)) from exc
    return str(app["USER"])


class Command(BaseCommand):
    help = (
        "Donne au rôle PostgreSQL de l'application (utilisateur de DATABASE_URL) ses droits, "
        "en tant que propriétaire des tables (DATABASE_OWNER_URL)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        role = grant_from_settings()
        self.stdout.write(
            f"Rôle applicatif « {role} » : lecture et écriture des données, "
            "journal d'audit en lecture et ajout seulement."
        )
