"""manage.py export_records PATH [--establishment ID] [--year Y] [--user USERNAME]: write an interchange v1 data set."""

from __future__ import annotations

import pathlib
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from establishments.models import Establishment
from interchange.services import export_records


def find_establishment(export_id: str) -> Establishment | None:
    """The establishment an export names `export_id`: its external id (the first source in order when several
    sources use it, as the export does), or a generated id `E<pk>`."""
    match = Establishment.objects.filter(external_id=export_id).order_by("source", "pk").first()
    if match is None and re.fullmatch(r"E[0-9]+", export_id):
        match = Establishment.objects.filter(pk=int(export_id[1:]), external_id="").first()
    return match


class Command(BaseCommand):
    help = "Exporte les données au format d'échange v1 (dossier, ou archive si PATH finit par .zip)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=pathlib.Path, help="dossier à écrire, ou fichier .zip")
        parser.add_argument("--establishment", default=None, help="identifiant d'échange (establishment_id)")
        parser.add_argument("--year", type=int, default=None, help="seulement ce qui est actif cette année-là")
        parser.add_argument("--user", default=None, help="n'exporter que ce que cet utilisateur peut voir")

    def handle(
        self,
        *args: Any,
        path: pathlib.Path,
        establishment: str | None,
        year: int | None,
        user: str | None,
        **options: Any,
    ) -> None:
        scope_user = None
        if user:
            try:
                scope_user = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"Utilisateur inconnu : {user}") from exc
        est = None
        if establishment:
            est = find_establishment(establishment)
            if est is None:
                raise CommandError(f"Établissement inconnu : {establishment}")
        counts = export_records(path=path, user=scope_user, establishment=est, year=year)
        for name, n in counts.items():
            self.stdout.write(f"{name} : {n} ligne(s)")
        self.stdout.write(self.style.SUCCESS(f"Export écrit dans {path}"))
