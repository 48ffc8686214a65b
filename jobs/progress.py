"""Live state of the jobs: the progress counters of a running job and the workers' heartbeat.

Kept in the "jobs" cache (settings.CACHES; files under var/jobs by default), not in the database: a job such as the
import writes inside one long transaction, and on SQLite a second writer would wait for its end. Every process of the
site (web, workers) must share that cache: one machine, or a shared directory (docs/deployment.md)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import caches

HEARTBEAT_KEY = "workers:last-heartbeat"


def _cache() -> Any:
    return caches["jobs"]


def publish(job_id: int, *, percent: int, stage: str = "", **counters: int) -> None:
    """The job's progress now: a percentage (0–100), what it is doing, and its counters."""
    _cache().set(
        f"progress:{job_id}",
        {"percent": max(0, min(100, int(percent))), "stage": stage, "counters": counters, "at": time.time()},
    )


def read(job_id: int) -> dict[str, Any] | None:
    return _cache().get(f"progress:{job_id}")


def forget(job_id: int) -> None:
    _cache().delete(f"progress:{job_id}")


def heartbeat(worker_id: str) -> None:
    now = time.time()
    _cache().set_many({HEARTBEAT_KEY: now, f"workers:{worker_id}": now})


def last_heartbeat() -> float | None:
    """Seconds since the epoch of the most recent heartbeat of any worker, or None if none was ever seen."""
    return _cache().get(HEARTBEAT_KEY)


def worker_state() -> str:
    """ "ok" (a heartbeat within PARCOURS_WORKER_STALE_SECONDS), "stale" (an older one) or "absent" (none)."""
    try:
        last = last_heartbeat()
    except Exception:
        return "absent"
    if last is None:
        return "absent"
    return "ok" if time.time() - last <= settings.PARCOURS_WORKER_STALE_SECONDS else "stale"
