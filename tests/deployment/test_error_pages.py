"""With DEBUG=False (production), errors are French pages of Parcours, never Django's English ones."""

from __future__ import annotations

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client, RequestFactory
from django.views import defaults

from tests.conftest import VerifiedClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False


def test_404(client, world):
    client.force_login(world.worker_a)

    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Page introuvable</h1>" in body and 'lang="fr"' in body
    assert "Not Found" not in body


def test_403(client, world):
    client.force_login(world.head_office)

    response = client.get("/import/")

    assert response.status_code == 403
    assert "<h1>Accès refusé</h1>" in response.content.decode()


def test_400_and_500_pages_render_without_any_context():
    request = RequestFactory().get("/")

    bad = defaults.bad_request(request, SuspiciousOperation("x"))
    error = defaults.server_error(request)

    assert bad.status_code == 400 and "<h1>Requête invalide</h1>" in bad.content.decode()
    assert error.status_code == 500 and "<h1>Erreur du serveur</h1>" in error.content.decode()
    assert "/static/css/parcours.css" in error.content.decode()


def test_a_500_is_the_french_page(world, settings):
    client = VerifiedClient(raise_request_exception=False)
    client.force_login(world.admin)  # after both factors
    settings.ROOT_URLCONF = "tests.deployment.failing_urls"

    response = client.get("/panne/")

    assert response.status_code == 500
    assert "<h1>Erreur du serveur</h1>" in response.content.decode()


def test_a_csrf_failure_is_explained_in_french(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.worker_a)

    response = client.post("/deconnexion/")

    assert response.status_code == 403
    body = response.content.decode()
    assert "<h1>Formulaire expiré</h1>" in body
    assert "CSRF" not in body
