from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from accompaniment.services import send_due_reminders


class Command(BaseCommand):
    help = (
        "Envoie les rappels des rendez-vous des prochaines heures (une fois par rendez-vous). Les processus de fond "
        "(manage.py worker) le font tout seuls toutes les 15 minutes."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--heures", type=int, default=48, help="Fenêtre en heures (48 par défaut).")

    def handle(self, *args: Any, **options: Any) -> None:
        sent, problems = send_due_reminders(now=timezone.now(), hours_ahead=options["heures"])
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(f"{sent} rappel(s) envoyé(s), {len(problems)} impossible(s).")
