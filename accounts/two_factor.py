"""Two-factor login (issue 11): TOTP from an authenticator app, and recovery codes, with django-otp.

Who: `User.needs_two_factor` (health data, justice details, administrators). When: after the password, every session
of such a user passes the second factor before anything else (`accounts.middleware.TwoFactorMiddleware`). How:
on first login the user enrols (QR code and the secret as text, then a code from the app), and receives ten recovery
codes, shown once, each usable once; later logins ask for a code. An administrator resets a user's devices from the
back-office (the user enrols again at the next login). Every change of a user's second factor is audited, never its
secret nor its codes.
"""

from __future__ import annotations

import base64
import binascii

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.enums import AuditAction
from audit.services import audit_write

from .models import User

APP_DEVICE = "Application d'authentification"
RECOVERY_DEVICE = "Codes de secours"
RECOVERY_CODES = 10
CODE_ERROR = "Code incorrect ou expiré : saisissez le code à 6 chiffres affiché maintenant par l'application."


def has_app_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_device(user: User) -> TOTPDevice:
    """The device being enrolled: the same one while the page is reloaded, so the QR code stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as the apps take it when typed in: base32, in groups of four."""
    secret = base64.b32encode(binascii.unhexlify(device.key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The `otpauth://` address as an inline SVG QR code (no image request, nothing outside the page)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", title="QR code à scanner avec l'application d'authentification"
    )  # light: the quiet zone around the code is white, whatever the page's background
    return mark_safe(
        svg.replace("<svg ", '<svg role="img" aria-labelledby="qr-title" ', 1).replace(
            "<title>", '<title id="qr-title">', 1
        )
    )  # segno escapes the title; the address only holds the user name, the issuer and the secret


def _audit(user: User, *, actor: User | None, detail: str) -> None:
    audit_write(actor=actor, action=AuditAction.UPDATE, obj=user, detail=detail)


@transaction.atomic
def enrolment_confirm(*, device: TOTPDevice, token: str, acting_user: User) -> list[str]:
    """Confirm the app with a code it shows; returns the new recovery codes (to show once)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=acting_user, confirmed=False)
    if not device.verify_token(token.replace(" ", "")):
        raise ValidationError({"code": CODE_ERROR})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _audit(acting_user, actor=acting_user, detail="double authentification activée (application)")
    return recovery_codes_renew(user=acting_user, acting_user=acting_user)


@transaction.atomic
def recovery_codes_renew(*, user: User, acting_user: User) -> list[str]:
    """Ten new recovery codes, the previous ones no longer valid; returned to be shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    _audit(user, actor=acting_user, detail="codes de secours renouvelés")
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def second_factor_check(*, user: User, token: str) -> Device:
    """The device that accepts the code (the app's, or a recovery code, then used up), or ValidationError. Each device
    slows down repeated failures (django-otp's throttling)."""
    token = token.replace(" ", "").strip().lower()
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            if isinstance(device, StaticDevice):
                _audit(user, actor=user, detail="connexion avec un code de secours")
            return device
    raise ValidationError({"code": CODE_ERROR})


@transaction.atomic
def two_factor_reset(*, user: User, acting_user: User | None) -> bool:
    """An administrator (or the server's operator, `manage.py reset_two_factor`: no acting user) removes a user's app
    and recovery codes (a lost phone): the user enrols again at the next login, and sessions verified with the old
    app are no longer. Returns False if there was nothing to remove."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    if removed:
        where = "administration" if acting_user is not None else "commande reset_two_factor"
        _audit(user, actor=acting_user, detail=f"double authentification réinitialisée ({where})")
    return bool(removed)


def demo_device(user: User, secret_base32: str) -> TOTPDevice:
    """The demo accounts' app, with a fixed, published secret (`manage.py demo_two_factor`). Never in production."""
    if settings.PRODUCTION:
        raise RuntimeError("Pas de secret de démonstration en production.")
    key = binascii.hexlify(base64.b32decode(secret_base32)).decode()
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE, key=key, confirmed=True)
