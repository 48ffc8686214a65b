"""Helpers for the access matrix (tests/test_access_matrix.py).

Each app declares its URLs in `tests/<app>/access_matrix.py`:

    from tests.access import NONE, row
    ROWS = {"app:name": row(kwargs_fn, worker_a, worker_b, reception_a, head_office, admin, anonymous=302)}
    def setup(world): ...   # optional: create the objects the kwargs need, as attributes of `world`

`kwargs_fn(world) -> dict` builds the URL's kwargs from the world of tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PERSONAS = ["worker_a", "worker_b", "reception_a", "head_office", "admin", "anonymous"]

Kwargs = Callable[[Any], dict[str, Any]]


def NONE(world: Any) -> dict[str, Any]:  # noqa: N802
    return {}


def row(kwargs: Kwargs, a: int, b: int, reception: int, head: int, admin: int, anon: int = 302) -> tuple[Kwargs, dict]:
    """Expected GET status for: worker of A, worker of B, reception agent of A, head office, admin, anonymous."""
    return kwargs, dict(zip(PERSONAS, [a, b, reception, head, admin, anon], strict=True))
