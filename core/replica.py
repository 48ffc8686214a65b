"""Reading the activity report from the read replica (`DATABASE_REPLICA_URL`, docs/deployment.md).

Inside `reading_reports()`, the database router (config/routers.py) sends the ORM's reads to the "replica" alias,
and this thread's "default" connection is the replica's too, so that the report's raw SQL (`django.db.connection`)
reads the same snapshot. Nothing may be written inside: the replica is read-only. Without a replica it does nothing."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.db import connections

P = ParamSpec("P")
R = TypeVar("R")
REPLICA = "replica"
_reading = ContextVar("parcours_reading_reports", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def reading_from_replica() -> bool:
    return _reading.get() and replica_configured()


@contextmanager
def reading_reports() -> Iterator[None]:
    if not replica_configured() or _reading.get():
        yield
        return
    token = _reading.set(True)
    default = connections["default"]
    connections["default"] = connections[REPLICA]
    try:
        yield
    finally:
        connections["default"] = default
        _reading.reset(token)


def report_reads(view: Callable[P, R]) -> Callable[P, R]:
    """Decorator of a view that only reads (a report page): its queries go to the replica when there is one."""

    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with reading_reports():
            return view(*args, **kwargs)

    return wrapper
