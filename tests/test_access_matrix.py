"""Every URL of the application, for every persona: the expected status of a GET.

Rows live next to each app's tests, in `tests/<app>/access_matrix.py` (see tests/access.py). A URL that no row
covers makes `test_every_url_is_in_the_matrix` fail.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import PERSONAS

# URL names left out of the matrix, with the reason.
EXCLUDED_PREFIXES = {
    "admin:": "back-office Django, réservé au personnel (is_staff), testé dans tests/audit/test_audit.py"
}

_modules = [
    importlib.import_module(f"tests.{path.parent.name}.access_matrix")
    for path in sorted(Path(__file__).parent.glob("*/access_matrix.py"))
]
MATRIX: dict[str, Any] = {}
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


@pytest.fixture
def matrix_world(world):  # type: ignore[no-untyped-def]
    for module in _modules:
        if hasattr(module, "setup"):
            module.setup(world)
    return world


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_get_status(client, matrix_world, url_name: str, persona: str) -> None:  # type: ignore[no-untyped-def]
    kwargs, expected = MATRIX[url_name]
    if persona != "anonymous":
        client.force_login(getattr(matrix_world, persona))
    response = client.get(reverse(url_name, kwargs=kwargs(matrix_world)))
    assert response.status_code == expected[persona], (url_name, persona)
    if expected[persona] == 302 and persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))
