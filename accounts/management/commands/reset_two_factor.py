"""`manage.py reset_two_factor USERNAME`: remove a user's authenticator app and recovery codes, from the server — for
the last administrator who lost both (the others do it in the back-office). Audited, by « système »."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from accounts.two_factor import two_factor_reset


class Command(BaseCommand):
    help = "Réinitialise la double authentification d'un utilisateur (téléphone et codes de secours perdus)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Aucun utilisateur « {options['username']} ».")
        if two_factor_reset(user=user, acting_user=None):
            self.stdout.write(
                f"Double authentification de « {user.username} » réinitialisée : à activer à la connexion."
            )
        else:
            self.stdout.write(f"« {user.username} » n'avait pas de double authentification.")
