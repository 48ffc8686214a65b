import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_passwords_are_hashed_with_argon2_in_production_settings():
    # The test suite swaps in a fast hasher; the configured list starts with Argon2.
    from config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_check_deploy_passes_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "PARCOURS_ENV": "production",
        "PARCOURS_SECRET_KEY": "x" * 20 + "-Zq8!pL0@vR3#nT6$wY9%" * 3,
        "PARCOURS_ALLOWED_HOSTS": "parcours.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_login_page_is_french_and_pages_require_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    body = client.get(reverse("login")).content.decode()
    assert "Connexion à Parcours" in body and 'lang="fr"' in body


def test_content_security_policy_header(client, world):
    client.force_login(world.worker_a)
    response = client.get(reverse("people:search"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_login_attempts_are_rate_limited(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "worker_a", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(
        reverse("login"), {"username": "worker_a", "password": "motdepasse-de-test-123"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()


def test_successful_login_lands_on_the_establishment(client, world):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.worker_a, name="app", confirmed=True)
    response = client.post(reverse("login"), {"username": "worker_a", "password": "motdepasse-de-test-123"})
    assert response.status_code == 302
    response = client.get(response["Location"])  # the second factor first (tests/accounts/test_two_factor.py)
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    response = client.post(response["Location"], {"code": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"] == reverse(
        "overview:establishment", args=[world.est_a.pk]
    )


def test_sessions_expire_after_inactivity():
    assert settings.SESSION_COOKIE_AGE <= 3600 and settings.SESSION_SAVE_EVERY_REQUEST
