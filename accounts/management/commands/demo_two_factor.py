"""Give the demo accounts that need a second factor an authenticator app with a fixed, published secret, and print it
with the current codes. For the demo database only: refused in production (accounts/two_factor.py: demo_device)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.two_factor import demo_device

# Published in the README: anyone can compute the demo accounts' codes. Never used outside `make demo`.
DEMO_TOTP_SECRET = "PARCOURSPARCOURSPARCOURSPARCOURS"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


class Command(BaseCommand):
    help = (
        "Comptes de démonstration : application d'authentification au secret fixe et public, "
        "et les codes du moment (base de démonstration uniquement)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("usernames", nargs="*", help="les comptes (par défaut : tous ceux qui en ont besoin)")
        parser.add_argument("--code", action="store_true", help="afficher seulement les codes du moment")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("La double authentification de démonstration n'existe pas en production.")
        users = User.objects.filter(is_active=True).order_by("username")
        if options["usernames"]:
            users = users.filter(username__in=options["usernames"])
        users_2fa = [u for u in users if u.needs_two_factor]
        devices = []
        with transaction.atomic():
            for user in users_2fa:  # --code: the app already given; otherwise (again) the demo one
                existing = TOTPDevice.objects.filter(user=user, confirmed=True).first() if options["code"] else None
                devices.append(existing or demo_device(user, DEMO_TOTP_SECRET))
        self.stdout.write("")
        if not options["code"]:
            self.stdout.write(
                "Double authentification des comptes de démonstration : ajoutez dans une application "
                f"d'authentification la clé {DEMO_TOTP_SECRET} (type « basé sur le temps », 6 chiffres, 30 s),"
            )
            self.stdout.write("ou tapez le code du moment : `make demo-code` l'affiche.")
        for device in devices:
            self.stdout.write(f"  {device.user.get_username():<12} code du moment : {current_code(device)}")
        self.stdout.write("")
