"""The upload page: administrators only, same import as the command line, result or every error shown."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from people.models import Person

from .data import VALID

pytestmark = pytest.mark.django_db

URL = "/import/"


def zipped(files: dict[str, str]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(f"donnees/{name}", content)
    return SimpleUploadedFile("donnees.zip", buffer.getvalue(), content_type="application/zip")


def csv_file(name: str, content: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


def import_through_the_page(client, data):
    """Send the files, let a worker run the job, and open the job's page."""
    from jobs.worker import run_ready_jobs

    sent = client.post(URL, data)
    assert sent.status_code == 302
    assert run_ready_jobs() == 1
    return client.get(sent["Location"])


def test_url_name():
    assert reverse("interchange:import") == URL


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["worker_a", "reception_a", "head_office"])
def test_other_roles_are_refused(client, world, persona):
    client.force_login(getattr(world, persona))

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"uploads": zipped(VALID)}).status_code == 403
    assert not Person.objects.filter(external_id="p1").exists()


def test_the_page_shows_the_form_and_the_size_limit(client, world):
    client.force_login(world.admin)

    response = client.get(URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert "Taille maximale : 50 Mo" in body


def test_an_administrator_imports_a_zip_and_sees_the_changes(client, world):
    client.force_login(world.admin)

    response = import_through_the_page(client, {"uploads": zipped(VALID), "source": "ancien-logiciel"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Import terminé : 26 modifications." in body
    assert "<td>stays.csv</td><td>5</td><td>0</td><td>0</td>" in body
    assert Person.objects.filter(source="ancien-logiciel").count() == 3
    assert AuditEntry.objects.filter(action="import", actor=world.admin).count() == 27

    again = import_through_the_page(client, {"uploads": zipped(VALID), "source": "ancien-logiciel"})
    assert "Import terminé : 0 modification." in again.content.decode()


def test_several_csv_files_can_be_sent(client, world):
    client.force_login(world.admin)
    files = [csv_file(name, VALID[name]) for name in ("establishments.csv", "services.csv", "persons.csv", "stays.csv")]

    response = import_through_the_page(client, {"uploads": files})

    # The world's "augustins" establishment already holds the same values: 13 changes, not 14.
    assert "Import terminé : 13 modifications." in response.content.decode()
    assert "<td>establishments.csv</td><td>1</td><td>0</td><td>1</td>" in response.content.decode()
    assert Person.objects.filter(external_id="p3").exists()


def test_every_error_is_shown_and_nothing_is_applied(client, world):
    client.force_login(world.admin)
    persons = VALID["persons.csv"].replace("1980-02-29", "1981-02-29").replace(",F,", ",Z,")

    response = import_through_the_page(
        client, {"uploads": [csv_file("persons.csv", persons), csv_file("personnes.csv", "x\n")]}
    )

    body = response.content.decode()
    assert "Import refusé : 3 erreurs, rien n&#x27;a été modifié." in body
    assert "personnes.csv:1: -: fichier inconnu" in body
    assert "persons.csv:2: birth_date: date invalide (1981-02-29)" in body
    assert "persons.csv:3: sex: code inconnu (Z)" in body
    assert not Person.objects.filter(external_id="p1").exists()


def test_too_large_uploads_are_refused_with_a_clear_message(client, world, settings):
    settings.PARCOURS_IMPORT_MAX_BYTES = 100
    client.force_login(world.admin)

    response = client.post(URL, {"uploads": zipped(VALID)})

    assert "Envoi trop volumineux : " in response.content.decode()
    assert "pour 0 Mo au maximum" in response.content.decode()
    assert not Person.objects.filter(external_id="p1").exists()


def test_a_request_far_above_the_limit_is_refused_before_reading_it(client, world, settings):
    settings.PARCOURS_IMPORT_MAX_BYTES = 1000
    client.force_login(world.admin)
    big = csv_file("persons.csv", VALID["persons.csv"] + "\n" * 200_000)

    response = client.post(URL, {"uploads": big})

    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.content.decode()
    assert not Person.objects.filter(external_id="p1").exists()


def test_other_file_types_are_refused(client, world):
    client.force_login(world.admin)

    response = client.post(URL, {"uploads": SimpleUploadedFile("donnees.xlsx", b"PK")})

    assert "Seuls les fichiers .zip et .csv sont acceptés (donnees.xlsx)." in response.content.decode()


def test_the_import_runs_in_the_background_and_its_page_follows_it(client, world, run_jobs):
    client.force_login(world.admin)

    sent = client.post(URL, {"uploads": zipped(VALID), "source": "ancien-logiciel"})

    # Nothing imported yet: the job waits for a worker, its page says so and polls (htmx) or reloads (no JS).
    assert not Person.objects.filter(source="ancien-logiciel").exists()
    waiting = client.get(sent["Location"]).content.decode()
    assert "En attente" in waiting
    assert "Aucun processus de fond ne répond" in waiting  # no worker has shown a sign of life
    assert 'hx-trigger="every 1s"' in waiting
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in waiting

    assert run_jobs() == 1
    done = client.get(sent["Location"]).content.decode()
    assert "Import terminé : 26 modifications." in done
    assert 'value="100"' in done
    assert "hx-trigger" not in done and "http-equiv" not in done
    # Files read, rows validated, rows written: every row of the 12 files.
    assert "<dt>Fichiers lus</dt><dd>12 / 12</dd>" in done
    assert "<dt>Lignes écrites</dt><dd>26</dd>" in done
    # The uploaded files are deleted once imported.
    assert not any((settings_media(client) / "jobs" / "uploads").rglob("*.zip"))


def settings_media(client):
    from pathlib import Path

    from django.conf import settings

    return Path(settings.MEDIA_ROOT)


def test_a_refused_import_counts_validated_rows_but_writes_none(client, world, run_jobs):
    client.force_login(world.admin)
    persons = VALID["persons.csv"].replace(",F,", ",Z,")

    sent = client.post(URL, {"uploads": [csv_file("persons.csv", persons)]})
    run_jobs()
    body = client.get(sent["Location"]).content.decode()

    assert "Import refusé : 1 erreur, rien n&#x27;a été modifié." in body
    assert "<dt>Lignes vérifiées</dt><dd>3 / 3</dd>" in body
    assert "<dt>Lignes écrites</dt><dd>0</dd>" in body


def test_only_the_administrator_who_imported_sees_the_job(client, world, run_jobs):
    from tests.factories import UserFactory

    client.force_login(world.admin)
    sent = client.post(URL, {"uploads": zipped(VALID)})
    other_admin = UserFactory(role=world.admin.role)

    client.force_login(other_admin)
    assert client.get(sent["Location"]).status_code == 404
    client.force_login(world.head_office)
    assert client.get(sent["Location"]).status_code == 403
