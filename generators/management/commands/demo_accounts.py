"""Create (or reset) one demo account per role and print the logins. For the demo database only."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.enums import Role
from accounts.models import User
from establishments.models import Establishment

DEMO_PASSWORD = "parcours-demo-2019"


def _establishment(name_part: str) -> Establishment | None:
    return Establishment.objects.filter(name__icontains=name_part).first() or Establishment.objects.first()


class Command(BaseCommand):
    help = "Crée un compte de démonstration par rôle et affiche les identifiants (base de démonstration uniquement)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Les comptes de démonstration ne sont pas créés en production.")
        chemin_vert = _establishment("Chemin Vert")
        passerelle = _establishment("Passerelle")
        accounts = [
            ("admin", "Administratrice", Role.ADMIN, [], True),
            ("siege", "Direction du siège", Role.HEAD_OFFICE, [], True),
            ("chef", "Chef d'établissement", Role.ESTABLISHMENT_HEAD, [chemin_vert], True),
            ("travailleur", "Travailleuse sociale", Role.SOCIAL_WORKER, [chemin_vert], False),
            ("veilleur", "Veilleur de nuit", Role.RECEPTION, [passerelle], False),
        ]
        rows = []
        with transaction.atomic():
            for username, label, role, establishments, health in accounts:
                user, _ = User.objects.get_or_create(username=username)
                user.first_name, user.last_name = label.split(" ", 1)[0], label.split(" ", 1)[1] if " " in label else ""
                user.role = role
                user.health_data_access = health
                user.is_staff = user.is_superuser = role == Role.ADMIN
                user.set_password(DEMO_PASSWORD)
                user.save()
                user.establishments.set([e for e in establishments if e is not None])
                scope = ", ".join(e.name for e in establishments if e) or "toute l'association"
                rows.append((username, Role(role).label, scope))
        self.stdout.write("")
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD})")
        for username, role_label, scope in rows:
            self.stdout.write(f"  {username:<12} {role_label} — {scope}")
        self.stdout.write("Ouvrez http://127.0.0.1:8000/ et connectez-vous avec l'un de ces identifiants.")
        self.stdout.write("")
