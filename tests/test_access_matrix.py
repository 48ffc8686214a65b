"""Every URL of the application, for every persona: the expected status of a GET and of a POST with an empty body.

Rows live next to each app's tests, in `tests/<app>/access_matrix.py` (see tests/access.py). A URL that no row
covers, or whose row has no POST expectation, makes `test_every_url_is_in_the_matrix` fail.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.db import transaction
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import PERSONAS, Row
from tests.conftest import World

# URL names left out of the matrix, with the reason.
EXCLUDED_PREFIXES = {
    "admin:": "back-office Django, réservé au personnel (is_staff), testé dans tests/audit/test_audit.py"
}

_modules = [
    importlib.import_module(f"tests.{path.parent.name}.access_matrix")
    for path in sorted(Path(__file__).parent.glob("*/access_matrix.py"))
]
MATRIX: dict[str, Row] = {}
for _module in _modules:
    overlap = MATRIX.keys() & _module.ROWS.keys()
    assert not overlap, f"URL déclarée deux fois dans la matrice : {overlap}"
    MATRIX.update(_module.ROWS)


def _all_url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _all_url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_url_is_in_the_matrix() -> None:
    names = {n for n in _all_url_names() if not any(n.startswith(p) for p in EXCLUDED_PREFIXES)}
    missing = sorted(names - MATRIX.keys())
    assert not missing, f"URL sans ligne dans la matrice d'accès : {missing}"
    stale = sorted(MATRIX.keys() - names)
    assert not stale, f"Lignes de la matrice sans URL : {stale}"
    without_post = sorted(name for name, r in MATRIX.items() if r.post is None)
    assert not without_post, f"Lignes de la matrice sans attente pour un POST : {without_post}"


@pytest.fixture
def matrix_world(world: World) -> World:
    for module in _modules:
        if hasattr(module, "setup"):
            module.setup(world)
    return world


def _request(client: Client, world: World, url_name: str, persona: str, method: str) -> HttpResponseBase:
    client.logout()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    url = reverse(url_name, kwargs=MATRIX[url_name].kwargs(world))
    with transaction.atomic():  # each request sees the same world: what a POST did is undone
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_statuses(client: Client, matrix_world: World, url_name: str) -> None:
    """The GET and the empty POST of one URL, for every persona (one world for the fourteen requests)."""
    row = MATRIX[url_name]
    assert row.post is not None, url_name
    wrong = []
    for method, expected in (("GET", row.get), ("POST", row.post)):
        for persona in PERSONAS:
            response = _request(client, matrix_world, url_name, persona, method)
            if response.status_code != expected[persona]:
                wrong.append(f"{method} {persona}: {response.status_code} au lieu de {expected[persona]}")
            elif expected[persona] == 302 and persona == "anonymous":
                assert response["Location"].startswith(reverse("login")), (url_name, method)
    assert not wrong, f"{url_name} : " + " ; ".join(wrong)
