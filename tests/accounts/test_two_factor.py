"""Two-factor login (issue 11): required for whoever sees justice details or health data and for administrators;
enrolment on first login, a code at every login, recovery codes usable once, reset by an administrator (audited);
a password change for every user."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from audit.models import AuditEntry

PASSWORD = "motdepasse-de-test-123"


def _code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"


def _password_login(client: Client, username: str) -> str:
    """The password step: where the site sends the user next."""
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(response["Location"])
    return response["Location"] if response.status_code == 302 else ""


def test_who_needs_a_second_factor(world):
    assert world.worker_a.needs_two_factor  # justice details
    assert world.head_a.needs_two_factor
    assert world.head_office.needs_two_factor
    assert world.admin.needs_two_factor
    assert not world.reception_a.needs_two_factor  # identity, stays and events only: the password alone


def test_a_worker_enrols_on_first_login_then_gives_a_code_at_each_login(world):
    client = Client()
    target = _password_login(client, "worker_a")
    assert target.startswith(reverse("accounts:two_factor_setup"))
    page = client.get(target).content.decode()
    device = TOTPDevice.objects.get(user=world.worker_a, confirmed=False)
    assert "<svg" in page and 'role="img"' in page  # the QR code, inline
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page)
    assert secret is not None and len(secret.group(1).replace(" ", "")) == 32  # the secret as text, for typing

    wrong = client.post(target, {"code": "000000" if _code(device) != "000000" else "111111"})
    assert "Code incorrect" in wrong.content.decode()
    shown = client.post(target, {"code": _code(device), "next": "/"})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown.content.decode())
    assert len(codes) == 10 and "ne seront plus affichés" in shown.content.decode()
    assert client.get(reverse("people:search")).status_code == 200  # verified: the site opens
    # Audited, without the secret or the codes.
    entries = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(world.worker_a.pk))
    assert {e.detail for e in entries} >= {
        "double authentification activée (application)",
        "codes de secours renouvelés",
    }
    assert all(e.changes == {} for e in entries)

    client.post(reverse("logout"))
    target = _password_login(client, "worker_a")
    assert target.startswith(reverse("accounts:two_factor_verify"))
    response = client.post(target, {"code": _code(device, drift=1), "next": reverse("people:search")})
    assert response.status_code == 302 and response["Location"] == reverse("people:search")
    assert client.get(reverse("people:search")).status_code == 200


def test_a_session_without_the_second_factor_reaches_only_the_two_factor_pages(world):
    TOTPDevice.objects.create(user=world.worker_a, name="app", confirmed=True)
    client = Client()
    client.force_login(world.worker_a)  # the password passed, not the code
    for url in [
        reverse("home"),
        reverse("people:search"),
        reverse("dossier:person", args=[world.person_a.pk]),
        reverse("accounts:account"),
        reverse("accounts:password_change"),
        reverse("admin:index"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor_verify")), (
            url
        )
    response = client.post(reverse("people:create"), {"last_name": "Intrus"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor_verify"))
    # Enrolling another app with the password alone is refused: the verification page, again.
    assert client.get(reverse("accounts:two_factor_setup"))["Location"] == reverse("accounts:two_factor_verify")
    assert client.get(reverse("accounts:two_factor_verify")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


def test_reception_signs_in_with_the_password_only(world):
    client = Client()
    assert _password_login(client, "reception_a") == reverse("overview:establishment", args=[world.est_a.pk])
    assert client.get(reverse("people:search")).status_code == 200
    assert client.get(reverse("accounts:two_factor_setup"))["Location"] == reverse("home")


def test_recovery_codes_are_shown_once_and_usable_once(world):
    client = Client()
    target = _password_login(client, "siege")
    client.get(target)  # the enrolment page: the app's secret is drawn
    device = TOTPDevice.objects.get(user=world.head_office, confirmed=False)
    shown = client.post(target, {"code": _code(device)})
    code = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown.content.decode())[0]
    assert code not in client.get(reverse("accounts:account")).content.decode()  # never shown again

    for attempt in range(2):
        client.post(reverse("logout"))
        target = _password_login(client, "siege")
        response = client.post(target, {"code": code.upper()})
        if attempt == 0:
            assert response.status_code == 302, "a recovery code opens the session once"
            assert AuditEntry.objects.filter(detail="connexion avec un code de secours").count() == 1
        else:
            assert "Code incorrect" in response.content.decode(), "and only once"
    assert StaticToken.objects.filter(device__user=world.head_office).count() == 9


def test_new_recovery_codes_replace_the_old_ones(client, world):
    client.force_login(world.worker_a)
    first = client.post(reverse("accounts:recovery_codes")).content.decode()
    second = client.post(reverse("accounts:recovery_codes")).content.decode()
    old = set(re.findall(r"<li><code>([a-z2-7]{8})</code></li>", first))
    new = set(re.findall(r"<li><code>([a-z2-7]{8})</code></li>", second))
    assert len(new) == 10 and not old & new
    assert set(StaticToken.objects.filter(device__user=world.worker_a).values_list("token", flat=True)) == new
    assert client.get(reverse("accounts:recovery_codes")).status_code == 200
    client.force_login(world.reception_a)
    assert client.post(reverse("accounts:recovery_codes")).status_code == 403


def test_an_administrator_resets_a_users_second_factor_audited(client, world):
    client.force_login(world.worker_a)  # verified: has an app
    assert TOTPDevice.objects.filter(user=world.worker_a).exists()
    admin = Client()
    admin.force_login(world.admin)
    from tests.conftest import verify_session

    verify_session(admin, world.admin)
    response = admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [world.worker_a.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.worker_a).exists()
    entry = AuditEntry.objects.get(detail="double authentification réinitialisée (administration)")
    assert (entry.actor, entry.object_id) == (world.admin, str(world.worker_a.pk))
    # The worker's session verified with the old app is no longer: enrolment again.
    assert client.get(reverse("people:search"))["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_the_second_factor_pages_are_not_in_django_otps_own_admin(client, world):
    client.force_login(world.admin)
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("admin:otp_totp_totpdevice_changelist")


@pytest.mark.parametrize("persona", ["worker_a", "reception_a"])
def test_every_user_changes_their_password(client, world, persona):
    user = getattr(world, persona)
    client.force_login(user)
    url = reverse("accounts:password_change")
    page = client.get(url).content.decode()
    assert "Changer mon mot de passe" in page and "Ancien mot de passe" in page
    too_short = client.post(url, {"old_password": PASSWORD, "new_password1": "court", "new_password2": "court"})
    assert "trop court" in too_short.content.decode()
    new = "un-tout-nouveau-mot-de-passe-42"
    response = client.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change_done")
    assert User.objects.get(pk=user.pk).check_password(new)
    assert client.get(reverse("accounts:password_change_done")).status_code == 200  # still signed in (and verified)
    assert AuditEntry.objects.get(detail="mot de passe changé").actor == user


def test_the_operator_resets_the_last_administrators_second_factor(client, world, capsys):
    from django.core.management import call_command

    client.force_login(world.admin)  # has an app
    call_command("reset_two_factor", "admin")
    assert "réinitialisée" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=world.admin).exists()
    entry = AuditEntry.objects.get(detail="double authentification réinitialisée (commande reset_two_factor)")
    assert entry.actor is None and entry.actor_label == "système"


def test_the_verification_page_sends_a_user_without_an_app_to_the_enrolment(world):
    client = Client()
    client.force_login(world.head_a)  # password only, no app yet
    response = client.get(reverse("accounts:two_factor_verify") + "?next=/personnes/")
    assert response["Location"] == reverse("accounts:two_factor_setup") + "?next=%2Fpersonnes%2F"
    response = client.get(reverse("accounts:two_factor_verify") + "?next=https://ailleurs.example/")
    assert response["Location"] == reverse("accounts:two_factor_setup") + "?next=%2F"  # never off the site
