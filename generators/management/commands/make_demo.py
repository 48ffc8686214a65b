"""manage.py make_demo --year 2019 [--output DIR] [--seed N] [--no-import]

Generates the calibrated demo data set of the 2019 activity report as interchange v1 CSV files (by default under
demo/2019/) and loads it with the importer. Deterministic: the same seed always writes the same files, and
importing them again into a database that already holds them changes nothing.
"""

from __future__ import annotations

import pathlib
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from generators.demo2019 import DEFAULT_SEED, YEAR, build_demo, write_demo
from interchange.services import import_records


class Command(BaseCommand):
    help = "Génère le jeu de démonstration calibré sur le rapport d'activité 2019 (CSV v1) et l'importe."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=YEAR, help="Année du jeu de démonstration (seule 2019 existe).")
        parser.add_argument(
            "--output", type=pathlib.Path, default=None, help="Dossier des fichiers CSV (par défaut : demo/<année>/)."
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Graine du générateur.")
        parser.add_argument("--no-import", action="store_true", help="Écrit les fichiers sans les importer.")
        parser.add_argument("--source", default="", help="Source d'import (identifiants propres à elle).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["year"] != YEAR:
            raise CommandError(f"Seul le jeu de démonstration {YEAR} existe (rapport d'activité {YEAR}).")
        folder = options["output"] or pathlib.Path(settings.BASE_DIR) / "demo" / str(YEAR)
        started = time.monotonic()
        counts = write_demo(build_demo(options["seed"]), folder)
        rows = sum(counts.values())
        self.stdout.write(f"{rows} lignes écrites dans {folder} ({len(counts)} fichiers).")
        if options["no_import"]:
            return
        result = import_records(path=folder, acting_user=None, source=options["source"])
        if not result.applied:
            for error in result.errors[:50]:
                self.stdout.write(error)
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(f"{result.summary()} ({time.monotonic() - started:.1f} s)"))
