"""Login throttling (issue 11): a user name and an address are counted separately, so rotating addresses does not give
unlimited guesses at one account, one address cannot try every account, and behind the trusted reverse proxy the
client's forwarded address is the one counted (not the proxy's, which would let anyone lock everyone out)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

PASSWORD = "motdepasse-de-test-123"


def _login(client, username: str, password: str, **meta: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def test_a_user_name_guessed_from_many_addresses_gets_locked(client, world):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "worker_a", "wrong", REMOTE_ADDR=f"10.0.0.{n + 1}")
    response = _login(client, "worker_a", PASSWORD, REMOTE_ADDR="10.0.1.99")  # yet another address, right password
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()


def test_one_address_guessing_many_user_names_gets_locked(client, world):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"inconnu{n}", "wrong", REMOTE_ADDR="10.0.0.7")
    assert _login(client, "head_a", PASSWORD, REMOTE_ADDR="10.0.0.7").status_code == 429
    # Another address is not locked: the worker of B still signs in.
    assert _login(client, "worker_b", PASSWORD, REMOTE_ADDR="10.0.0.8").status_code == 302


def test_behind_the_trusted_proxy_the_forwarded_address_counts(client, world, settings):
    settings.PARCOURS_TRUST_PROXY = True
    proxy = {"REMOTE_ADDR": "127.0.0.1"}  # every request reaches gunicorn from the proxy
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"inconnu{n}", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert _login(client, "head_a", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 429
    # The proxy's own address is not locked: another client behind it signs in.
    assert _login(client, "worker_b", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code == 302


@pytest.mark.parametrize(
    ("trust", "forwarded", "expected"),
    [
        (False, "203.0.113.5", "10.1.1.1"),  # not behind a trusted proxy: the header is the client's to forge
        (True, "203.0.113.5", "203.0.113.5"),
        (True, "198.51.100.9, 203.0.113.5", "203.0.113.5"),  # the proxy appends: the last address is the one it saw
        (True, "", "10.1.1.1"),
    ],
)
def test_the_client_address_is_forwarded_only_by_the_trusted_proxy(rf, settings, trust, forwarded, expected):
    from core.http import client_ip

    settings.PARCOURS_TRUST_PROXY = trust
    request = rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
