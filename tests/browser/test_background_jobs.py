"""Issue #13 in a real browser, against Parcours as it runs on a site — gunicorn and a background worker, two real
processes sharing the database: an administrator sends the demo .zip on the import page and watches the progress
reach 100 % then the result; head office asks for the association-wide PDF, sees it built in the background and
downloads it."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from accounts.enums import Role
from tests.browser.conftest import enrol_app, login
from tests.factories import UserFactory
from tests.processes import MANAGE, free_port, process_env, share_database, started, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO = Path(settings.BASE_DIR) / "demo" / "2019"


def _demo_zip(tmp_path: Path) -> Path:
    path = tmp_path / "demo-2019.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for csv in sorted(DEMO.glob("*.csv")):
            archive.write(csv, f"demo-2019/{csv.name}")
    return path


def _up(url: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(url, timeout=2)  # noqa: S310 (127.0.0.1 only)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def test_import_and_report_pdf_run_in_the_background(browser, tmp_path, settings):
    # The server processes check passwords with the real hashers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for user in [
        UserFactory(username="admin", role=Role.ADMIN, health_data_access=True),
        UserFactory(username="siege", role=Role.HEAD_OFFICE, health_data_access=True),
    ]:
        enrol_app(user)  # before the copy of the database the server runs on
    database = share_database(tmp_path)
    env = process_env(database, tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = [sys.executable, "-m", "gunicorn", "--config", str(settings.BASE_DIR / "config" / "gunicorn.py")]
    worker = [sys.executable, MANAGE, "worker", "--no-scheduler", "--no-startup-delay", "--interval", "0.2"]

    with (
        started([*server, "--bind", f"127.0.0.1:{port}", "--workers", "2"], env=env, log=tmp_path / "web.log"),
        started(worker, env=env, log=tmp_path / "worker.log"),
    ):
        wait_for(lambda: _up(f"{base}/sante/"), timeout=60, what="gunicorn")
        context = browser.new_context(base_url=base, locale="fr-FR", accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            # The import: sent, then followed on its page until 100 %, then its result.
            login(page, "admin")
            page.goto("/import/")
            page.get_by_label("Fichiers").set_input_files(str(_demo_zip(tmp_path)))
            page.get_by_role("button", name="Importer").click()
            page.wait_for_url(re.compile(r"/import/taches/\d+/$"))
            page.get_by_role("heading", name=re.compile(r"Import n° \d+")).wait_for()
            percent = page.locator("#job-percent")
            page.get_by_text("Import terminé").wait_for(timeout=120_000)
            assert percent.inner_text() == "100 %"
            assert page.locator("progress").get_attribute("value") == "100"
            assert page.get_by_role("cell", name="persons.csv").is_visible()
            counters = page.locator(".job-counters").inner_text()
            assert "Fichiers lus\n12 / 12" in counters
            context.clear_cookies()

            # The association's PDF: asked from the report page, built by the worker, downloaded.
            login(page, "siege")
            page.goto("/rapports/2019/association/")
            page.get_by_role("button", name="PDF").click()
            page.wait_for_url(re.compile(r"/rapports/fichiers/\d+/$"))
            link = page.get_by_role("link", name="Télécharger rapport-activite-2019-association.pdf")
            link.wait_for(timeout=120_000)
            assert page.locator("#job-percent").inner_text() == "100 %"
            with page.expect_download() as download_info:
                link.click()
            download = download_info.value
            assert download.suggested_filename == "rapport-activite-2019-association.pdf"
            assert Path(download.path()).read_bytes().startswith(b"%PDF-")
        finally:
            context.close()

    log = (tmp_path / "worker.log").read_text()
    assert '"kind": "import_dataset"' in log and '"kind": "build_report_file"' in log
