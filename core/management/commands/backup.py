"""manage.py backup [--output FILE]: the database and the documents in one .tar file (core/backup.py)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les documents dans une archive .tar (voir docs/deployment.md)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output", type=Path, default=None, help="fichier .tar à écrire (par défaut var/sauvegardes/…)"
        )

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        if output is None:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BASE_DIR) / "var" / "sauvegardes" / f"parcours-{stamp}.tar"
        try:
            path = backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {path}"))
