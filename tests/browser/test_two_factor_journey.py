"""Two-factor login in a real browser (issue 11): a new worker enrols an authenticator app on first login (the code is
computed here from the secret the page shows, as the app would), keeps the recovery codes, lands on the
establishment's page; at the next login, the password then a code. No page breaks the Content-Security-Policy (the
QR code is inline SVG, htmx's inline styles are off): the console stays free of CSP errors."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.enums import Role
from tests.browser.axe import assert_accessible
from tests.browser.conftest import totp_code
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _console_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(f"{message.text} {message.location.get('url', '')}")
            if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_two_factor_enrolment_then_login_in_the_browser(page, live_server):
    augustins = EstablishmentFactory(name="CHRS Les Augustins")
    UserFactory(username="sophie", role=Role.SOCIAL_WORKER, establishments=[augustins])
    errors = _console_errors(page)

    # First login: the password, then the enrolment of the app.
    page.goto("/connexion/")
    page.get_by_label("Identifiant").fill("sophie")
    page.get_by_label("Mot de passe").fill("motdepasse-de-test-123")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name="Activer la double authentification").wait_for()
    assert page.get_by_role("img", name="QR code à scanner avec l'application d'authentification").is_visible()
    secret = page.locator("#totp-secret").inner_text()
    assert_accessible(page)
    page.get_by_label("Code affiché par l'application").fill("000000" if totp_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Activer").click()
    page.get_by_text("Code incorrect ou expiré").wait_for()
    page.get_by_label("Code affiché par l'application").fill(totp_code(secret))
    page.get_by_role("button", name="Activer").click()

    # The recovery codes, once; then the landing page.
    page.get_by_role("heading", name="Vos codes de secours").wait_for()
    assert page.get_by_role("list", name="Codes de secours").get_by_role("listitem").count() == 10
    page.get_by_role("link", name="J'ai noté mes codes : continuer").click()
    page.get_by_role("heading", name="CHRS Les Augustins").wait_for()

    # Next login: password, then a code computed from the enrolled secret, then the landing page.
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_label("Identifiant").fill("sophie")
    page.get_by_label("Mot de passe").fill("motdepasse-de-test-123")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name="Vérification en deux étapes").wait_for()
    assert_accessible(page)
    page.get_by_label("Code").fill(totp_code(secret, drift=1))  # the next period's code: the last one is used up
    page.get_by_role("button", name="Vérifier").click()
    page.get_by_role("heading", name="CHRS Les Augustins").wait_for()

    # One's account: the password can be changed there.
    page.get_by_role("link", name="Camille").first.click()
    page.get_by_role("heading", name="Mon compte").wait_for()
    page.get_by_role("link", name="Changer mon mot de passe").click()
    page.get_by_role("heading", name="Changer mon mot de passe").wait_for()
    assert_accessible(page)

    csp = [e for e in errors if "Content Security Policy" in e or "Content-Security-Policy" in e]
    assert csp == [], csp
    assert errors == [], errors
