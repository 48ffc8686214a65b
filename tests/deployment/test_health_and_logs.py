"""GET /sante/ (no login, no personal data) and the JSON log lines: one per request, one per job."""

from __future__ import annotations

import json
import logging
import time

import pytest

from core.logging import JsonFormatter
from jobs import progress

pytestmark = pytest.mark.django_db


def test_health_without_a_worker_is_503(client):
    response = client.get("/sante/")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "migrations": "ok", "worker": "absent"}


def test_health_with_a_recent_heartbeat_is_200(client):
    progress.heartbeat("w1")

    response = client.get("/sante/")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "migrations": "ok", "worker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_a_stale_worker_is_503(client, settings, monkeypatch):
    progress.heartbeat("w1")
    settings.PARCOURS_WORKER_STALE_SECONDS = 60
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)

    response = client.get("/sante/")

    assert response.status_code == 503
    assert response.json()["worker"] == "stale"


def _json_lines(caplog, logger):
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == logger]


def test_one_json_line_per_request_without_query_string_nor_name(client, world, caplog):
    caplog.set_level(logging.INFO, logger="parcours.request")
    client.force_login(world.worker_a)

    client.get(f"/personnes/?q={world.person_a.last_name}")

    [line] = _json_lines(caplog, "parcours.request")
    assert line["path"] == "/personnes/" and line["method"] == "GET" and line["status"] == 200
    assert line["user_id"] == world.worker_a.pk
    assert set(line) == {"time", "level", "logger", "message", "method", "path", "status", "duration_ms", "user_id"}
    assert world.person_a.last_name not in json.dumps(line)


def test_one_json_line_per_job(client, world, run_jobs, caplog):
    from jobs.models import Job

    caplog.set_level(logging.INFO, logger="parcours.job")
    client.force_login(world.head_office)
    client.post("/rapports/2019/association/preparer.xlsx")

    run_jobs()

    [line] = _json_lines(caplog, "parcours.job")
    assert line["kind"] == "build_report_file"
    assert line["status"] == "SUCCESSFUL"
    assert line["job_id"] == Job.objects.get().pk
    assert line["duration_ms"] >= 0
