from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone

from accompaniment.services import due_reminders, reminder_send


class Command(BaseCommand):
    help = "Envoie les rappels des rendez-vous des prochaines heures (une fois par rendez-vous)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--heures", type=int, default=48, help="Fenêtre en heures (48 par défaut).")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = skipped = 0
        for appointment in due_reminders(now=timezone.now(), hours_ahead=options["heures"]):
            try:
                reminder_send(appointment=appointment)
            except ValidationError as exc:
                skipped += 1
                self.stderr.write(f"Rendez-vous {appointment.pk} : {' '.join(exc.messages)}")
            else:
                sent += 1
        self.stdout.write(f"{sent} rappel(s) envoyé(s), {skipped} impossible(s).")
