"""Two PostgreSQL roles (docs/deployment.md, "Two database roles").

The **owner** (`DATABASE_OWNER_URL`) owns the tables: it runs the migrations (`manage.py migrate` connects as it) and
is the only one who could alter a table, disable or drop a trigger, or truncate. The **application role**
(`DATABASE_URL`, what gunicorn and the worker use) reads and writes the data, and on the append-only tables may only
read and add rows: no `UPDATE`, `DELETE`, `TRUNCATE`, `TRIGGER` privilege, and not being the owner, no
`ALTER TABLE … DISABLE TRIGGER` nor `DROP TRIGGER`. The triggers of audit migration 0002 still refuse updates and
deletes by anyone, the owner included.

`grant_app_role` is idempotent: `migrate` runs it after every migration (new tables get their grants), and
`manage.py grant_app_role` runs it on demand.
"""

from __future__ import annotations

from typing import Any

# Tables the application may only read and append to (by name: core stays below audit).
APPEND_ONLY_TABLES = ["audit_auditentry"]


def app_role_statements(*, role: str, database: str, owner: str, owns_public_schema: bool) -> list[Any]:
    """The SQL, as psycopg `Composed` statements, that gives the application role exactly its privileges in the
    `public` schema of `database`."""
    from psycopg import sql

    r = sql.Identifier(role)
    statements: list[Any] = [
        sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(sql.Identifier(database), r)
    ]
    if owns_public_schema:  # before PostgreSQL 15 every role could create tables in public: not the application
        statements.append(sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    statements += [
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(r),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(r),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(r),
        # Tables a later migration creates, before grant_app_role runs again.
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(sql.Identifier(owner), r),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {}"
        ).format(sql.Identifier(owner), r),
    ]
    for table in APPEND_ONLY_TABLES:
        t = sql.Identifier(table)
        statements += [
            sql.SQL("REVOKE ALL ON {} FROM PUBLIC").format(t),
            sql.SQL("REVOKE ALL ON {} FROM {}").format(t, r),
            sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(t, r),
        ]
    return statements


class RoleError(Exception):
    """A role set-up that would leave the audit log unprotected, or that the owner cannot do (message in French)."""


def grant_app_role(owner_connection: Any, *, role: str, password: str | None) -> bool:
    """Give the application role its privileges, on a psycopg connection of the owner (the tables' owner, or a
    superuser). Creates the role (a plain login, with `password`) if it does not exist and the owner may create
    roles; otherwise the role must be created first (`createuser`, docs/deployment.md). Returns True if it created
    the role. Refuses a superuser application role, or the owner itself: the triggers would be theirs to drop."""
    from psycopg import sql

    info = owner_connection.info
    if role == info.user:
        raise RoleError(f"Le rôle applicatif « {role} » doit être distinct du propriétaire des tables.")
    found = owner_connection.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role]).fetchone()
    created = False
    if found is None:
        may_create = owner_connection.execute(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
        if not (may_create and may_create[0]):
            raise RoleError(
                f"Le rôle « {role} » n'existe pas et « {info.user} » ne peut pas le créer : "
                f"`sudo -u postgres createuser {role}`, puis relancez (docs/deployment.md)."
            )
        create = sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS").format(
            sql.Identifier(role)
        )
        if password:
            create = sql.SQL("{} PASSWORD {}").format(create, sql.Literal(password))
        owner_connection.execute(create)
        created = True
    elif found[0]:
        raise RoleError(
            f"Le rôle applicatif « {role} » est superutilisateur : il pourrait supprimer le journal d'audit."
        )
    owns = owner_connection.execute(
        "SELECT pg_has_role(current_user, nspowner, 'USAGE') FROM pg_namespace WHERE nspname = 'public'"
    ).fetchone()
    for statement in app_role_statements(
        role=role, database=info.dbname, owner=info.user, owns_public_schema=bool(owns and owns[0])
    ):
        owner_connection.execute(statement)
    return created
