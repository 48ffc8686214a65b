"""manage.py worker: runs the background jobs (django-tasks-db's `db_worker`), with a heartbeat for /sante/ and the
scheduler's tick (jobs/schedule.py) unless --no-scheduler. Start one or several, on one machine or several: a job
runs once."""

from __future__ import annotations

import logging
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from jobs.worker import start_companions


class Command(DbWorkerCommand):
    help = "Exécute les tâches de fond (import, fichiers du rapport) et les tâches planifiées."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--no-scheduler", action="store_true", help="ne lance pas les tâches planifiées")
        parser.add_argument("--heartbeat", type=float, default=10.0, help="secondes entre deux signes de vie")
        parser.add_argument("--tick", type=float, default=30.0, help="secondes entre deux passages du planificateur")
        # Reloading on code changes forks a child: not for the demo nor production.
        parser.set_defaults(reload=False, queue_name="*")

    def configure_logging(self, verbosity: int) -> None:
        """Our JSON line per job (jobs/signals.py) says what django-tasks' own lines say: theirs from -v 2 only."""
        super().configure_logging(verbosity)
        if verbosity < 2:
            for name in ("django_tasks", "django_tasks_db"):
                logging.getLogger(name).setLevel(logging.WARNING)

    def handle(self, *args: Any, **options: Any) -> None:
        stop = start_companions(
            worker_id=options["worker_id"],
            heartbeat_seconds=options.pop("heartbeat"),
            scheduler_seconds=None if options.pop("no_scheduler") else options.pop("tick"),
        )
        options.pop("tick", None)
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
