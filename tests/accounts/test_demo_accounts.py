from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from tests.factories import EstablishmentFactory


def test_each_demo_login_reaches_its_landing_page(client, db, settings, capsys):
    chemin_vert = EstablishmentFactory(name="CHRS Chemin Vert")
    passerelle = EstablishmentFactory(name="CHU La Passerelle")
    call_command("demo_accounts")
    printed = capsys.readouterr().out
    expected_landing = {
        "admin": reverse("home"),
        "siege": reverse("home"),
        "chef": reverse("overview:establishment", args=[chemin_vert.pk]),
        "travailleur": reverse("overview:establishment", args=[chemin_vert.pk]),
        "veilleur": reverse("overview:establishment", args=[passerelle.pk]),
    }
    for username, landing in expected_landing.items():
        assert username in printed
        client.logout()
        response = client.post(reverse("login"), {"username": username, "password": "parcours-demo-2019"}, follow=True)
        assert response.status_code == 200, username
        assert response.redirect_chain[-1][0] == landing, username
    assert User.objects.get(username="admin").is_staff
