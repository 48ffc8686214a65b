"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium), headless, against live_server."""

from __future__ import annotations

import base64
import os
import shutil
from typing import Any

import pytest

CHROMIUM = os.environ.get("PARCOURS_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : lancez `make system-deps`.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests still use the ORM synchronously.
    # Set only while browser tests run (Django's deploy check rightly refuses it anywhere else).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def totp_code(secret_or_device: Any, drift: int = 0) -> str:
    """The code an authenticator app shows now, from the secret as the enrolment page shows it, or from a device."""
    from django_otp.oath import totp

    if isinstance(secret_or_device, str):
        key = base64.b32decode(secret_or_device.replace(" ", ""))
    else:
        key = secret_or_device.bin_key
    return f"{totp(key, drift=drift):06d}"


def enrol_app(user: Any) -> Any:
    """The user's authenticator app (a confirmed TOTP device), enrolled now if they have none. Tests whose server runs
    on a copy of the database (tests/processes.py) call it before the copy."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Application d'authentification", confirmed=True
    )


def login(page, username: str, password: str = "motdepasse-de-test-123") -> None:  # type: ignore[no-untyped-def]
    """Sign in as a person would: the password, then — for a role that needs it — the code of the user's
    authenticator app (an app is enrolled for the user beforehand if they have none: tests/browser/
    test_two_factor_journey.py goes through the enrolment itself)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User

    user = User.objects.get(username=username)
    device = None
    if user.needs_two_factor:
        device = enrol_app(user)
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # a second login within 30 s is no replay here
    page.goto("/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    if device is not None:
        page.get_by_role("heading", name="Vérification en deux étapes").wait_for()
        page.get_by_label("Code").fill(totp_code(device))
        page.get_by_role("button", name="Vérifier").click()
