"""manage.py make_scale --persons N --output DIR [--years 2017-2020] [--seed S]

Writes a proportionally scaled, multi-year interchange v1 data set (the demo's distributions, N persons, about
3 stays, 2 justice measures and 10 events per person), streamed to disk: memory stays bounded.
"""

from __future__ import annotations

import pathlib
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from generators.scale import generate_scale


def parse_years(value: str) -> tuple[int, int]:
    try:
        first, _, last = value.partition("-")
        a, z = int(first), int(last or first)
    except ValueError as exc:
        raise CommandError(f"Années invalides : {value} (attendu : 2017-2020)") from exc
    if not 2001 <= a <= z <= 2030:
        raise CommandError(f"Années invalides : {value} (entre 2001 et 2030, début ≤ fin)")
    return a, z


class Command(BaseCommand):
    help = "Génère un jeu de données v1 à l'échelle (N personnes, plusieurs années) pour les mesures de performance."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, required=True, help="Nombre de personnes.")
        parser.add_argument("--output", type=pathlib.Path, required=True, help="Dossier des fichiers CSV.")
        parser.add_argument("--years", default="2017-2020", help="Années couvertes (ex. 2017-2020).")
        parser.add_argument("--seed", type=int, default=7, help="Graine du générateur.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["persons"] < 1:
            raise CommandError("--persons doit être au moins 1.")
        first, last = parse_years(options["years"])
        started = time.monotonic()
        summary = generate_scale(
            persons=options["persons"],
            output=options["output"],
            first_year=first,
            last_year=last,
            seed=options["seed"],
            progress=lambda n: self.stderr.write(f"{n} personnes…"),
        )
        self.stdout.write(
            f"{summary['persons']} personnes, {summary['stays']} séjours, {summary['measures']} mesures, "
            f"{summary['events']} événements ({summary['rows']} lignes) écrits dans {options['output']} "
            f"en {time.monotonic() - started:.1f} s."
        )
