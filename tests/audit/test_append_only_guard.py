"""The audit table stays append-only even against the application's own database account (issue 11).

PostgreSQL: two roles. The owner runs the migrations; the application role (`DATABASE_URL`) may only read and add
audit rows — it cannot disable or drop the triggers, truncate, delete or update (`core/dbroles.py`).
SQLite: there are no roles; the application's connections refuse, through SQLite's authorizer, to drop the audit
table or its triggers, to delete or change its rows, and to touch the schema behind SQLite's back
(`core/sqlite3/base.py`). Whoever holds the file can still edit it: that is the trade-off, written in
docs/deployment.md.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEntry
from audit.services import audit_view

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's authorizer; PostgreSQL refuses through the roles (test below)"
)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles: PostgreSQL only (SQLite has the authorizer, test above)"
)


def _refused(statement: str) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)


@sqlite_only
def test_on_sqlite_the_application_cannot_drop_the_audit_triggers_or_table_or_delete_rows(world):
    entry = audit_view(actor=world.worker_a, person=world.person_a)
    _refused("DROP TRIGGER audit_no_update")
    _refused("DROP TRIGGER audit_no_delete")
    _refused("DROP TABLE audit_auditentry")
    # The test suite's maintenance marker exists (tests/conftest.py), which the trigger lets DELETE through: the
    # authorizer refuses it all the same.
    _refused("DELETE FROM audit_auditentry")
    _refused("UPDATE audit_auditentry SET actor_label = 'quelqu''un'")
    _refused("ALTER TABLE audit_auditentry RENAME TO audit_old")
    _refused("CREATE TEMP TRIGGER audit_hide BEFORE INSERT ON audit_auditentry BEGIN SELECT RAISE(IGNORE); END")
    _refused("CREATE TABLE parcours_audit_purge_2 (id integer)")  # no new maintenance marker either
    _refused("PRAGMA writable_schema = ON")  # no editing of the schema table
    assert AuditEntry.objects.get(pk=entry.pk).actor_label == "worker_a"
    assert audit_view(actor=world.worker_a, person=world.person_a).pk  # appending still works


@sqlite_only
def test_on_sqlite_migrations_and_the_maintenance_flush_lift_the_guard(world):
    from core.sqlite3.base import audit_guard_lifted

    with audit_guard_lifted(connection), connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE guard_lifted (id integer)")  # DDL allowed while lifted
        cursor.execute("DROP TABLE guard_lifted")
    _refused("DROP TRIGGER audit_no_update")  # and refused again afterwards
    call_command("migrate", verbosity=0)  # the migrate command runs with the guard lifted (nothing to apply here)


def _psycopg_connect(**overrides: str):  # type: ignore[no-untyped-def]
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params.update(overrides)
    return psycopg.connect(**params, autocommit=True)


@pytest.fixture
def app_role(db) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The application role, created in this test database by the owner (the test suite's user) as
    `manage.py grant_app_role` does; dropped afterwards (roles are shared by the whole cluster)."""
    from core.dbroles import grant_app_role

    role = f"{connection.settings_dict['NAME']}_app"[:63]
    with _psycopg_connect() as owner:
        grant_app_role(owner, role=role, password="mot-de-passe-du-role-applicatif")
    yield role
    with _psycopg_connect() as owner:
        owner.execute(f'DROP OWNED BY "{role}"')
        owner.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.mark.postgresql
@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_application_role_cannot_disable_drop_or_truncate_the_audit_table(app_role):
    import psycopg

    with _psycopg_connect() as owner:  # one committed row to protect
        owner.execute(
            "INSERT INTO audit_auditentry (at, actor_label, action, object_type, object_id, object_repr, changes,"
            " detail) VALUES (now(), 'worker_a', 'view', 'people.person', '1', 'MARTIN', '{}', '')"
        )
    with _psycopg_connect(user=app_role, password="mot-de-passe-du-role-applicatif") as app:
        for statement in [
            "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_no_delete",
            "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
            "DROP TRIGGER audit_no_update ON audit_auditentry",
            "DROP FUNCTION audit_append_only() CASCADE",
            "TRUNCATE audit_auditentry",
            "DELETE FROM audit_auditentry",
            "UPDATE audit_auditentry SET actor_label = 'quelqu''un'",
            "DROP TABLE audit_auditentry",
            "CREATE TABLE parcours_own_table (id integer)",
        ]:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement)
        # What the application does: read the log, add to it, and write the other tables.
        app.execute(
            "INSERT INTO audit_auditentry (at, actor_label, action, object_type, object_id, object_repr, changes,"
            " detail) VALUES (now(), 'worker_a', 'view', 'people.person', '1', 'MARTIN', '{}', '')"
        )
        assert app.execute("SELECT count(*) FROM audit_auditentry").fetchone() == (2,)
        app.execute("UPDATE accounts_user SET last_name = last_name")
        app.execute("DELETE FROM django_session")
    with _psycopg_connect() as owner:  # the owner could (migrations, a purge after the legal retention period)
        owner.execute("TRUNCATE audit_auditentry")


@pytest.mark.postgresql
@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_grant_app_role_is_idempotent(app_role):
    from core.dbroles import grant_app_role

    with _psycopg_connect() as owner:
        grant_app_role(owner, role=app_role, password=None)  # again, without changing the password
    with _psycopg_connect(user=app_role, password="mot-de-passe-du-role-applicatif") as app:
        assert app.execute("SELECT count(*) FROM audit_auditentry").fetchone() == (0,)


def test_grant_app_role_needs_the_owner_url(db, settings):
    from django.core.management.base import CommandError

    settings.DATABASE_OWNER = None
    with pytest.raises(CommandError, match="DATABASE_OWNER_URL"):
        call_command("grant_app_role")
