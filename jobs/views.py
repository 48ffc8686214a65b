"""GET /sante/: is this node healthy? For the reverse proxy, a monitor, a load balancer. No login, no personal data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import progress


def _database() -> str:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return "error"
    return "ok"


def _migrations() -> str:
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        return "error"
    return "ok" if not plan else "pending"


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """{"database": "ok", "migrations": "ok", "worker": "ok|stale|absent"}: 200 when all are ok, 503 otherwise."""
    database = _database()
    state = {
        "database": database,
        "migrations": _migrations() if database == "ok" else "unknown",
        "worker": progress.worker_state(),
    }
    healthy = state["database"] == "ok" and state["migrations"] == "ok" and state["worker"] == "ok"
    return JsonResponse(state, status=200 if healthy else 503)
