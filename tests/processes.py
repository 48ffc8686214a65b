"""Helpers for the tests that start real processes (gunicorn, workers, schedulers): a database they can share with
the test, their environment, and their start and certain stop.

On PostgreSQL the processes use the test database itself (the test commits: `transactional_db`). On SQLite the test
database lives in memory, so it is copied to a file (SQLite's backup API) that the processes use, and the test reads
the results back from that file."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


@dataclass
class SharedDatabase:
    url: str
    sqlite_path: Path | None

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run a read query on the shared database (`%s` placeholders)."""
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def share_database(tmp_path: Path) -> SharedDatabase:
    """The test database as the processes should reach it (call it once the data they need is committed)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return SharedDatabase(url=f"sqlite:///{path}", sqlite_path=path)
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return SharedDatabase(url=f"postgres://{auth}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}", sqlite_path=None)


def process_env(database: SharedDatabase, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_REPLICA_URL"}}
    env.update(
        DATABASE_URL=database.url,
        PARCOURS_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PARCOURS_JOBS_STATE_DIR=settings.CACHES["jobs"]["LOCATION"],
        PARCOURS_REMINDER_LOG=str(tmp_path / "reminders.log"),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, MANAGE, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-4000:])
    return result


@contextmanager
def started(command: list[str], *, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Start a process (its output to `log`), and always stop it: SIGTERM, then SIGKILL after 10 s."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield process
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(predicate: Any, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what}: toujours pas au bout de {timeout} s")
