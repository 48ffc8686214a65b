"""manage.py import_records PATH [--source S] [--user USERNAME]: import an interchange v1 data set."""

from __future__ import annotations

import pathlib
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from interchange.services import import_records


class Command(BaseCommand):
    help = "Importe un jeu de données au format d'échange v1 (dossier ou .zip) : tout ou rien."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=pathlib.Path, help="dossier ou archive .zip")
        parser.add_argument("--source", default="", help="nom de la source (les identifiants sont propres à elle)")
        parser.add_argument("--user", default=None, help="identifiant de l'utilisateur à qui attribuer l'import")

    def handle(self, *args: Any, path: pathlib.Path, source: str, user: str | None, **options: Any) -> None:
        acting_user = None
        if user:
            try:
                acting_user = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"Utilisateur inconnu : {user}") from exc
        if not path.exists():
            raise CommandError(f"Chemin introuvable : {path}")
        interactive = sys.stderr.isatty()

        def progress(name: str, rows: int) -> None:
            end = "" if interactive else "\n"
            self.stderr.write(f"\r{name} : {rows} lignes lues", ending=end)

        result = import_records(path=path, acting_user=acting_user, source=source, progress=progress)
        if interactive:
            self.stderr.write("")
        if not result.applied:
            for error in result.errors:
                self.stdout.write(error)
            raise CommandError(result.summary())
        for name, counts in result.changes.items():
            self.stdout.write(
                f"{name} : {counts['created']} créé(s), {counts['updated']} modifié(s), "
                f"{counts['unchanged']} inchangé(s)"
            )
        self.stdout.write(self.style.SUCCESS(result.summary()))
