"""Backing up and restoring a Parcours site: the database and the documents, in one .tar file.

The archive holds `manifest.json` (date, engine, the latest migration of each app, the audit log's row count),
the database (`database.pgdump`: pg_dump's custom format; or `database.sqlite3`: a consistent copy through SQLite's
backup API, taken while the site runs) and `documents.tar.gz` (every file under PARCOURS_MEDIA_ROOT: scans,
attachments, report files). Restoring goes into a new, empty database and an empty documents folder; the site is
then started on them. See docs/deployment.md."""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"
DOCUMENTS = "documents.tar.gz"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or a restore that cannot go on, with a French message."""


def _pg_env(db: Any) -> tuple[list[str], dict[str, str]]:
    """libpq connection options and environment for pg_dump / pg_restore / psql."""
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str] | None = None) -> str:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(f"Programme introuvable : {command[0]} (paquet Debian postgresql-client).") from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} a échoué : {result.stderr.strip()[-2000:]}")
    return result.stdout


def _manifest(alias: str) -> dict[str, Any]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app")
        migrations = dict(cursor.fetchall())
        cursor.execute("SELECT COUNT(*) FROM audit_auditentry")
        audit_rows = cursor.fetchone()[0]
    return {
        "format": FORMAT_VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "migrations": migrations,
        "audit_rows": audit_rows,
    }


def backup(output: Path, *, alias: str = "default") -> Path:
    """Write the archive `output` (a .tar file) and return its path."""
    db = connections[alias].settings_dict
    vendor = connections[alias].vendor
    manifest = _manifest(alias)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="parcours-backup-") as tmp:
        work = Path(tmp)
        if vendor == "postgresql":
            dump = work / "database.pgdump"
            args, env = _pg_env(db)
            _run(["pg_dump", *args, "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump),
                  str(db["NAME"])], env)  # fmt: skip
        elif vendor == "sqlite":
            dump = work / "database.sqlite3"
            connections[alias].ensure_connection()
            target = sqlite3.connect(dump)
            connections[alias].connection.backup(target)
            target.close()
        else:
            raise BackupError(f"Base de données non prise en charge : {vendor}")
        documents = work / DOCUMENTS
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(documents, "w:gz") as archive:
            if media.is_dir():
                for path in sorted(media.rglob("*")):
                    if path.is_file():
                        archive.add(path, arcname=path.relative_to(media).as_posix())
        manifest["documents"] = sum(1 for p in media.rglob("*") if p.is_file()) if media.is_dir() else 0
        partial = output.with_name(output.name + ".partiel")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            archive.add(documents, arcname=DOCUMENTS)
        partial.replace(output)  # a backup is there whole, or not at all
    return output


def read_manifest(archive_path: Path) -> dict[str, Any]:
    with tarfile.open(archive_path) as archive:
        member = archive.extractfile(MANIFEST)
        if member is None:
            raise BackupError("Archive sans manifest.json : ce n'est pas une sauvegarde de Parcours.")
        return json.loads(member.read())


def restore(archive_path: Path, *, database_url: str, media_root: Path) -> dict[str, Any]:
    """Restore the archive into the empty database at `database_url` and the empty folder `media_root`."""
    manifest = read_manifest(archive_path)
    target = dj_database_url.parse(database_url)
    engine = "sqlite" if target["ENGINE"].endswith("sqlite3") else "postgresql"
    if engine != manifest["engine"]:
        raise BackupError(f"Sauvegarde {manifest['engine']} : elle se restaure dans une base {manifest['engine']}.")
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"Le dossier des documents {media_root} n'est pas vide.")
    with tempfile.TemporaryDirectory(prefix="parcours-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(archive_path) as archive:
            archive.extractall(work, filter="data")
        if engine == "postgresql":
            args, env = _pg_env(target)
            name = str(target["NAME"])
            tables = _run(["psql", *args, "--dbname", name, "--tuples-only", "--no-align", "--command",
                           "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"], env)  # fmt: skip
            if int(tables.strip() or 0):
                raise BackupError(f"La base {name} n'est pas vide : restaurez dans une base neuve (createdb).")
            _run(["pg_restore", *args, "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", name,
                  str(work / "database.pgdump")], env)  # fmt: skip
        else:
            path = Path(str(target["NAME"]))
            if path.exists() and path.stat().st_size:
                raise BackupError(f"Le fichier {path} existe déjà : restaurez dans un fichier neuf.")
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / "database.sqlite3", path)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(work / DOCUMENTS) as documents:
            documents.extractall(media_root, filter="data")
    return manifest
