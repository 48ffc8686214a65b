"""Database router: inside `core.replica.reading_reports()`, the activity report's reads go to the read replica
(`DATABASE_REPLICA_URL`) when there is one; everything else, and every write, to "default"."""

from __future__ import annotations

from typing import Any

from core.replica import REPLICA, reading_from_replica


class ReportReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return REPLICA if reading_from_replica() else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the same rows as "default"

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA
