"""Every URL of the application, for every persona: the expected status of a GET.

A new URL that is not in MATRIX makes `test_every_url_is_in_the_matrix` fail: add its row here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import JusticeMeasureFactory

PERSONAS = ["worker_a", "worker_b", "reception_a", "head_office", "admin", "anonymous"]
# URL names left out of the matrix, with the reason.
EXCLUDED_PREFIXES = {"admin:": "back-office Django, réservé au personnel (is_staff), testé dans tests/test_admin.py"}

Kwargs = Callable[[Any], dict[str, Any]]
NONE: Kwargs = lambda w: {}  # noqa: E731
PERSON_A: Kwargs = lambda w: {"pk": w.person_a.pk}  # noqa: E731
PERSON_A_FK: Kwargs = lambda w: {"person_pk": w.person_a.pk}  # noqa: E731
STAY_A: Kwargs = lambda w: {"pk": w.stay_a.pk}  # noqa: E731
EST_A: Kwargs = lambda w: {"pk": w.est_a.pk}  # noqa: E731


def row(kwargs: Kwargs, a: int, b: int, reception: int, head: int, admin: int, anon: int = 302) -> tuple[Kwargs, dict]:
    return kwargs, dict(zip(PERSONAS, [a, b, reception, head, admin, anon], strict=True))


MATRIX: dict[str, tuple[Kwargs, dict[str, int]]] = {
    #                                  worker_a worker_b reception head_office admin anonymous
    "home": row(NONE, 302, 302, 302, 200, 200),
    "login": row(NONE, 302, 302, 302, 302, 302, 200),
    "logout": row(NONE, 405, 405, 405, 405, 405, 302),
    "establishments:detail": row(EST_A, 200, 404, 200, 200, 200),
    "people:search": row(NONE, 200, 200, 200, 200, 200),
    "people:create": row(NONE, 200, 200, 403, 403, 200),
    "people:detail": row(PERSON_A, 200, 404, 200, 200, 200),
    "people:edit": row(PERSON_A, 200, 404, 403, 403, 200),
    "people:vulnerability_create": row(PERSON_A, 200, 404, 403, 403, 200),
    "stays:open": row(PERSON_A_FK, 200, 404, 403, 403, 200),
    "stays:close": row(STAY_A, 200, 404, 403, 403, 200),
    "stays:transfer": row(STAY_A, 200, 404, 403, 403, 200),
    "justice:create": row(PERSON_A_FK, 200, 404, 403, 403, 200),
    "justice:end": row(lambda w: {"pk": w.measure_a.pk}, 200, 404, 403, 403, 200),
    "events:create": row(PERSON_A_FK, 200, 404, 200, 403, 200),
    "events:meals": row(lambda w: {"establishment_pk": w.est_a.pk}, 200, 404, 200, 403, 200),
    "audit:list": row(NONE, 403, 403, 403, 403, 200),
}


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
    world.measure_a = JusticeMeasureFactory(person=world.person_a)
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
