"""manage.py backup and restore: the database and the documents, restored into a new database and folder, give the
same activity report and the same audit log."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditEntry
from interchange.services import import_records
from reports.scope import Scope
from reports.services import activity_report, report_to_json
from tests.processes import MANAGE

pytestmark = pytest.mark.django_db(transaction=True)

DEMO = Path(settings.BASE_DIR) / "demo" / "2019"


def _documents():
    media = Path(settings.MEDIA_ROOT)
    (media / "scans").mkdir(parents=True)
    (media / "scans" / "decision.pdf").write_bytes(b"%PDF-1.4 une decision")


def _report_json_from(database_url: str, tmp_path: Path) -> dict:
    out = tmp_path / "report.json"
    env = {"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin", "PARCOURS_MEDIA_ROOT": str(tmp_path / "m")}
    subprocess.run(
        [sys.executable, MANAGE, "activity_report", "--year", "2019", "--format", "json", "--output", str(out)],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return json.loads(out.read_text())


def _normalised(data: dict) -> str:
    data = dict(data)
    data.pop("generated_at", None)
    return json.dumps(data, sort_keys=True, default=str)


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump / pg_restore: PostgreSQL only")
def test_postgresql_backup_restored_into_a_new_database_gives_the_same_report_and_audit(tmp_path, world):
    result = import_records(path=DEMO, acting_user=world.admin)
    assert result.applied
    _documents()
    expected_report = report_to_json(activity_report(year=2019, scope=Scope.association()))
    audit_rows = AuditEntry.objects.count()
    archive = tmp_path / "sauvegarde.tar"

    call_command("backup", output=archive)

    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == ["database.pgdump", "documents.tar.gz", "manifest.json"]
    restored = f"{connection.settings_dict['NAME']}_restauree"
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{restored}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        cursor.execute(f'CREATE DATABASE "{restored}"')
    try:
        call_command("restore", str(archive), database_url=url, media_root=tmp_path / "documents")

        assert (tmp_path / "documents" / "scans" / "decision.pdf").read_bytes() == b"%PDF-1.4 une decision"
        import psycopg

        with psycopg.connect(host=s["HOST"], port=s["PORT"] or 5432, user=s["USER"], dbname=restored) as db:
            counted = db.execute("SELECT COUNT(*) FROM audit_auditentry").fetchone()
            assert counted is not None and counted[0] == audit_rows
            # The append-only triggers came back with the schema.
            with pytest.raises(psycopg.errors.RaiseException):
                db.execute("DELETE FROM audit_auditentry")
        assert _normalised(_report_json_from(url, tmp_path)) == _normalised(
            json.loads(json.dumps(expected_report, default=str))
        )
        # Restoring twice into the same database is refused: it is no longer empty.
        with pytest.raises(CommandError, match="n'est pas vide"):
            call_command("restore", str(archive), database_url=url, media_root=tmp_path / "autre")
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's backup API")
def test_sqlite_backup_and_restore(tmp_path, world):
    assert import_records(path=DEMO, acting_user=world.admin).applied
    _documents()
    audit_rows = AuditEntry.objects.count()
    archive = tmp_path / "sauvegarde.tar"

    call_command("backup", output=archive)
    call_command("restore", str(archive), database_url=f"sqlite:///{tmp_path / 'restauree.sqlite3'}",
                 media_root=tmp_path / "documents")  # fmt: skip

    import sqlite3

    with sqlite3.connect(tmp_path / "restauree.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM audit_auditentry").fetchone()[0] == audit_rows
    assert (tmp_path / "documents" / "scans" / "decision.pdf").exists()
    with pytest.raises(CommandError, match="restaurez dans un fichier neuf"):
        call_command("restore", str(archive), database_url=f"sqlite:///{tmp_path / 'restauree.sqlite3'}",
                     media_root=tmp_path / "encore")  # fmt: skip
