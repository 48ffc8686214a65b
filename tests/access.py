"""Helpers for the access matrix (tests/test_access_matrix.py).

Each app declares its URLs in `tests/<app>/access_matrix.py`, one line per URL:

    from tests.access import GET_ONLY, NONE, row
    ROWS = {
        "app:page": row(kwargs_fn, worker_a, worker_b, reception_a, head_office, admin, post=GET_ONLY),
        "app:form": row(kwargs_fn, 200, 404, 403, 403, 200, post=(200, 404, 403, 403, 200)),
    }
    def setup(world): ...   # optional: create the objects the kwargs need, as attributes of `world`

`kwargs_fn(world) -> dict` builds the URL's kwargs from the world of tests/conftest.py.

- GET: the expected status of each persona, in the order above; anonymous (last, optional) defaults to 302, the
  redirection to the login page.
- POST, with an empty body (CSRF checks off, as in the test client): `post=GET_ONLY` for a page that only reads
  (405 for everyone, anonymous still sent to the login page first), or the statuses in the GET order (anonymous,
  optional, defaults to 302). A form posted empty answers 200 (shown again with its errors) where the persona may
  write, or 302 when it has nothing to fill in and the action is done. A row without POST expectation fails
  `test_every_url_is_in_the_matrix`.
- The head of establishment A (`head_a`) works in A like its social worker and writes records like them: by
  default, each of their expectations (GET and POST) is the worker of A's. Where they differ (the head has no health
  data grant; only a note's author corrects it…), `head_a=(get, post)` says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PERSONAS = ["worker_a", "head_a", "worker_b", "reception_a", "head_office", "admin", "anonymous"]

# `post=GET_ONLY`: the page only reads, a POST is refused (405).
GET_ONLY = 405

Kwargs = Callable[[Any], dict[str, Any]]
Statuses = tuple[int, ...]  # worker_a, worker_b, reception_a, head_office, admin[, anonymous]


def NONE(world: Any) -> dict[str, Any]:  # noqa: N802
    return {}


@dataclass(frozen=True)
class Row:
    kwargs: Kwargs
    get: dict[str, int]
    post: dict[str, int] | None  # None: not declared yet (test_every_url_is_in_the_matrix fails)


def _by_persona(statuses: Statuses, head_a: int) -> dict[str, int]:
    a, b, reception, head_office, admin, *anonymous = statuses
    if len(anonymous) > 1:
        raise ValueError(f"Trop de statuts : {statuses}")
    anon = anonymous[0] if anonymous else 302
    return dict(zip(PERSONAS, [a, head_a, b, reception, head_office, admin, anon], strict=True))


def row(
    kwargs: Kwargs,
    a: int,
    b: int,
    reception: int,
    head_office: int,
    admin: int,
    anon: int = 302,
    *,
    post: int | Statuses | None = None,
    head_a: tuple[int, int] | None = None,
) -> Row:
    """Expected statuses of a URL for: worker of A, worker of B, reception agent of A, head office, admin, anonymous
    (GET), `post` (see the module's docstring), and `head_a=(get, post)` where the head of A is not as the worker
    of A."""
    head_get, head_post = head_a if head_a is not None else (None, None)
    get = _by_persona((a, b, reception, head_office, admin, anon), a if head_get is None else head_get)
    if post is None:
        return Row(kwargs, get, None)
    if isinstance(post, int):
        if post != GET_ONLY:
            raise ValueError("post= : GET_ONLY ou un statut par persona.")
        # The login redirection comes before the method check (LoginRequiredMiddleware).
        statuses: Statuses = (GET_ONLY,) * 5 + (302 if anon == 302 else GET_ONLY,)
    else:
        statuses = post
    return Row(kwargs, get, _by_persona(statuses, statuses[0] if head_post is None else head_post))
