"""manage.py restore ARCHIVE [--database-url URL] [--media-root DIR]: into a new, empty database and folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde (manage.py backup) dans une base de données neuve et un dossier de documents vide "
        "(par défaut ceux du réglage : DATABASE_URL, PARCOURS_MEDIA_ROOT)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database-url", default=None, help="base cible (par défaut DATABASE_URL)")
        parser.add_argument(
            "--media-root", type=Path, default=None, help="dossier des documents (par défaut le réglage)"
        )

    def handle(self, *args: Any, archive: Path, database_url: str | None, media_root: Path | None, **o: Any) -> None:
        url = database_url or os.environ.get("DATABASE_URL")
        if not url:
            raise CommandError("Indiquez la base cible : --database-url ou DATABASE_URL.")
        try:
            manifest = restore(archive, database_url=url, media_root=media_root or Path(settings.MEDIA_ROOT))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {manifest['created_at']} restaurée : {manifest['audit_rows']} lignes de journal, "
                f"{manifest.get('documents', 0)} document(s)."
            )
        )
