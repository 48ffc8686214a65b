"""manage.py run_scheduled: enqueue the scheduled jobs whose time has come (for cron or a systemd timer, when the
workers run with --no-scheduler), then list them. --list shows every registered job and its next slot."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jobs import schedule


class Command(BaseCommand):
    help = "Met en file les tâches planifiées dont l'heure est venue (une fois par créneau)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--list", action="store_true", help="liste les tâches planifiées enregistrées")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for entry in schedule.ENTRIES.values():
                when = (
                    f"toutes les {int(entry.every.total_seconds() // 60)} min"
                    if entry.every
                    else f"chaque jour à {entry.daily_at:%H:%M}"
                )
                self.stdout.write(f"{entry.name} : {entry.task.module_path} ({when})")
            return
        names = schedule.tick()
        self.stdout.write(f"{len(names)} tâche(s) mise(s) en file" + (f" : {', '.join(names)}" if names else "."))
