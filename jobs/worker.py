"""Running the queued jobs in this process: the worker command's background threads (heartbeat, scheduler) and
`run_ready_jobs`, which runs what is queued now (tests, `manage.py worker --batch`)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from . import progress, schedule

logger = logging.getLogger("parcours.job")


def run_ready_jobs(*, worker_id: str = "in-process", limit: int = 1000) -> int:
    """Claim and run the jobs ready now, one after the other, in this thread; the number run. Unlike the worker's
    loop it never closes the database connection (safe inside a test's transaction)."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    count = 0
    while count < limit:
        with exclusive_transaction(DBTaskResult.objects.db):
            task_result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if task_result is None:
                return count
            task_result.claim(worker_id)
        worker.run_task(task_result)
        count += 1
    return count


def every(seconds: float, action: Callable[[], object], stop: threading.Event, name: str) -> threading.Thread:
    """Start a daemon thread doing `action()` now and every `seconds` until `stop` is set; errors are logged, never
    fatal (the database may be busy)."""

    def loop() -> None:
        while not stop.is_set():
            try:
                action()
            except Exception:
                logger.exception("%s failed", name)
            finally:
                close_old_connections()
            stop.wait(seconds)
        connection.close()

    thread = threading.Thread(target=loop, name=name, daemon=True)
    thread.start()
    return thread


def start_companions(*, worker_id: str, heartbeat_seconds: float, scheduler_seconds: float | None) -> threading.Event:
    """The worker's companions: the heartbeat (what /sante/ reads) and, unless None, the scheduler's tick."""
    stop = threading.Event()
    every(heartbeat_seconds, lambda: progress.heartbeat(worker_id), stop, "heartbeat")
    if scheduler_seconds is not None:
        every(scheduler_seconds, schedule.tick, stop, "scheduler")
    return stop
