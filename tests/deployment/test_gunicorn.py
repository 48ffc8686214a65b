"""Parcours served as in production: gunicorn on 127.0.0.1, static files by WhiteNoise after `collectstatic`, the
health endpoint, one JSON log line per request. The server is always stopped."""

from __future__ import annotations

import json
import re
import sys
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from jobs import progress
from tests.processes import free_port, manage, process_env, share_database, started, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (127.0.0.1 only)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_gunicorn_serves_a_page_its_static_files_and_the_health_endpoint(tmp_path):
    database = share_database(tmp_path)
    env = process_env(
        database,
        tmp_path,
        PARCOURS_ENV="production",
        PARCOURS_SECRET_KEY="test-only-secret-key-for-the-gunicorn-test-0123456789",
        PARCOURS_SSL_REDIRECT="false",
        PARCOURS_ALLOWED_HOSTS="127.0.0.1",
        PARCOURS_STATIC_ROOT=str(tmp_path / "static"),
    )
    manage("collectstatic", "--noinput", "-v", "0", env=env, timeout=120)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "--config", str(settings.BASE_DIR / "config" / "gunicorn.py")]

    with started([*command, "--bind", f"127.0.0.1:{port}", "--workers", "2"], env=env, log=log) as server:
        wait_for(
            lambda: server.poll() is not None or b"Booting worker" in log.read_bytes(), timeout=60, what="gunicorn"
        )
        assert server.poll() is None, log.read_text()
        wait_for(lambda: _answers(base), timeout=60, what="gunicorn répond")

        status, _, body = fetch(f"{base}/connexion/?next=/personnes/42/")
        assert status == 200
        page = body.decode()
        assert "Identifiant" in page
        css = re.search(r'href="(/static/css/parcours\.[0-9a-f]{12}\.css)"', page)
        assert css, "the hashed name of the stylesheet (collectstatic, manifest)"
        status, headers, body = fetch(base + css.group(1))
        assert status == 200 and b"--accent" in body
        assert "immutable" in headers["Cache-Control"]
        status, _, _ = fetch(f"{base}/static/vendor/htmx.min.js")
        assert status == 200

        # No worker yet: the health endpoint says so, with a 503.
        status, _, body = fetch(f"{base}/sante/")
        assert status == 503
        assert json.loads(body) == {"database": "ok", "migrations": "ok", "worker": "absent"}
        progress.heartbeat("test-worker")  # the shared jobs state the server reads
        status, headers, body = fetch(f"{base}/sante/")
        assert status == 200
        assert json.loads(body) == {"database": "ok", "migrations": "ok", "worker": "ok"}
        assert headers["Content-Type"] == "application/json"

    assert server.returncode is not None  # stopped
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "parcours.request"]
    login = next(line for line in requests if line["path"] == "/connexion/")
    assert login["method"] == "GET" and login["status"] == 200 and login["user_id"] is None
    assert isinstance(login["duration_ms"], float)
    assert "/personnes/42/" not in log.read_text()  # never the query string


def _answers(base: str) -> bool:
    try:
        return fetch(f"{base}/sante/")[0] in {200, 503}
    except OSError:
        return False
