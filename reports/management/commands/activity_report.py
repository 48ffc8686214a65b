"""python manage.py activity_report --year 2019 [--establishment ID | --service ID] --format json [--output FILE]"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.replica import reading_reports
from establishments.models import Establishment, Service
from reports.exports import render_file
from reports.scope import Scope, find_by_interchange_id
from reports.services import activity_report, report_to_json

FORMATS = ["json", "csv", "html", "xlsx", "pdf"]


def find(model: type[Establishment] | type[Service], ident: str) -> Any:
    obj = find_by_interchange_id(model, ident)
    if obj is None:
        raise CommandError(f"{str(model._meta.verbose_name).capitalize()} introuvable : {ident}")
    return obj


class Command(BaseCommand):
    help = (
        "Calcule le rapport d'activité annuel (indicateurs v1) d'une année, "
        "pour l'association, un établissement ou un service."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Année du rapport (ex. 2019).")
        target = parser.add_mutually_exclusive_group()
        target.add_argument("--establishment", help="Identifiant d'échange (establishment_id) de l'établissement.")
        target.add_argument("--service", help="Identifiant d'échange (service_id) du service.")
        parser.add_argument("--format", default="json", choices=FORMATS, help="Format de sortie.")
        parser.add_argument("--output", help="Fichier de sortie (par défaut : la sortie standard).")

    def handle(self, *args: Any, **options: Any) -> None:
        with reading_reports():  # from the read replica when there is one (DATABASE_REPLICA_URL)
            self._handle(**options)

    def _handle(self, **options: Any) -> None:
        year = options["year"]
        if not 1900 <= year <= 9998:
            raise CommandError(f"Année invalide : {year}")
        if options["establishment"]:
            scope = Scope.for_establishment(find(Establishment, options["establishment"]))
        elif options["service"]:
            scope = Scope.for_service(find(Service, options["service"]))
        else:
            scope = Scope.association()
        fmt = options["format"]
        if fmt in {"xlsx", "pdf"} and not options["output"]:
            raise CommandError(f"Le format {fmt} demande --output FICHIER.")
        report = activity_report(year=year, scope=scope)
        if fmt == "json":
            content: str | bytes = json.dumps(report_to_json(report), ensure_ascii=False, indent=2) + "\n"
        else:
            content, _ = render_file(report, fmt)
        if options["output"]:
            target = Path(options["output"])
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        else:
            text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
            self.stdout.write(text, ending="")
