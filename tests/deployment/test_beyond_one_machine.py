"""Beyond one machine: report reads routed to a read replica (a second database), documents through the storage
setting (S3-compatible when asked), sessions in the database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from core.backup import restore
from core.uploads import delete_stored, serve_stored, store_upload
from interchange.services import import_records
from tests.factories import PersonFactory, StayFactory
from tests.interchange.data import VALID
from tests.processes import MANAGE, process_env, share_database


def _persons_in_report(env: dict[str, str], tmp_path: Path) -> int:
    out = tmp_path / "rapport.json"
    subprocess.run(
        [sys.executable, MANAGE, "activity_report", "--year", "2019", "--format", "json", "--output", str(out)],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return json.loads(out.read_text())["indicators"]["persons"]


@pytest.mark.django_db(transaction=True)
def test_the_report_reads_from_the_replica(tmp_path, world):
    """Primary and replica differ by one stay: the report, given a replica, counts what the replica holds."""
    folder = tmp_path / "donnees"
    folder.mkdir()
    for name, content in VALID.items():
        (folder / name).write_text(content)
    assert import_records(path=folder, acting_user=None).applied
    call_command("backup", output=tmp_path / "copie.tar")
    if connection.vendor == "sqlite":
        replica_url = f"sqlite:///{tmp_path / 'replica.sqlite3'}"
    else:
        name = f"{connection.settings_dict['NAME']}_replica"
        s = connection.settings_dict
        replica_url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{name}"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        restore(tmp_path / "copie.tar", database_url=replica_url, media_root=tmp_path / "replica-media")
        # The primary moves on: one more person accompanied in 2019 (the replica has not caught up).
        StayFactory(person=PersonFactory(), service=world.chrs_a, start_date="2019-05-01", end_date=None)
        env = process_env(share_database(tmp_path), tmp_path)

        on_primary = _persons_in_report(env, tmp_path)
        on_replica = _persons_in_report({**env, "DATABASE_REPLICA_URL": replica_url}, tmp_path)

        assert on_primary == on_replica + 1
    finally:
        if connection.vendor == "postgresql":
            connection.close()
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_documents_go_through_the_configured_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 une ordonnance", content_type="application/pdf")

    name, content_type = store_upload(scan, folder="people/1")

    assert content_type == "application/pdf"
    assert default_storage.exists(name)
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))  # nothing on this machine's disk
    response = serve_stored(name, download_name="ordonnance.pdf")
    assert response.getvalue() == b"%PDF-1.4 une ordonnance"
    delete_stored(name)
    assert not default_storage.exists(name)


def test_parcours_storage_s3_selects_the_s3_backend(tmp_path):
    code = "import django; django.setup(); from django.conf import settings; print(settings.STORAGES['default'])"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PARCOURS_STORAGE": "s3",
        "PARCOURS_S3_BUCKET": "parcours-documents",
        "PARCOURS_S3_ENDPOINT_URL": "https://s3.example.invalid",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout

    assert "storages.backends.s3.S3Storage" in out and "parcours-documents" in out


def test_sessions_live_in_the_database():
    """Any app node can serve any request: no session kept in one process's memory."""
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
