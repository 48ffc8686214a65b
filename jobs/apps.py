import datetime

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Tâches de fond"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import signals  # noqa: F401  (one JSON log line per job)
        from .schedule import register
        from .tasks import purge

        register("purge-fichiers-et-taches", purge, daily_at=datetime.time(3, 30))

        # Each app registers its scheduled work in its own `schedule.py` (jobs/schedule.py: register).
        autodiscover_modules("schedule")
