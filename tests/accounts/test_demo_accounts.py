from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from accounts.management.commands.demo_two_factor import DEMO_TOTP_SECRET
from accounts.models import User
from tests.factories import EstablishmentFactory


def _demo_code() -> str:
    import base64

    return f"{totp(base64.b32decode(DEMO_TOTP_SECRET)):06d}"


def test_each_demo_login_reaches_its_landing_page(db, settings, capsys):
    chemin_vert = EstablishmentFactory(name="CHRS Chemin Vert")
    passerelle = EstablishmentFactory(name="CHU La Passerelle")
    call_command("demo_accounts")
    call_command("demo_two_factor")  # as `make demo` does
    printed = capsys.readouterr().out
    assert DEMO_TOTP_SECRET in printed
    expected_landing = {
        "admin": reverse("home"),
        "siege": reverse("home"),
        "chef": reverse("overview:establishment", args=[chemin_vert.pk]),
        "travailleur": reverse("overview:establishment", args=[chemin_vert.pk]),
        "veilleur": reverse("overview:establishment", args=[passerelle.pk]),
    }
    for username, landing in expected_landing.items():
        assert username in printed
        client = Client()
        response = client.post(reverse("login"), {"username": username, "password": "parcours-demo-2019"}, follow=True)
        if User.objects.get(username=username).needs_two_factor:  # the code from the published demo secret
            assert response.redirect_chain[-1][0].startswith(reverse("accounts:two_factor_verify")), username
            response = client.post(response.redirect_chain[-1][0], {"code": _demo_code(), "next": "/"}, follow=True)
        else:
            assert username == "veilleur"  # the night agent signs in with the password only
        assert response.status_code == 200, username
        assert response.redirect_chain[-1][0] == landing, username
    assert User.objects.get(username="admin").is_staff


def test_demo_two_factor_is_refused_in_production(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo_two_factor")
