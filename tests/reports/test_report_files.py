"""The association-wide report files (PDF, XLSX) are built in a background job: the same content as the direct
download, for the user who asked only, their access checked again when the file is downloaded, deleted after
PARCOURS_REPORT_FILE_DAYS days."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.enums import Role
from jobs.models import Job, JobStatus
from jobs.services import purge_expired_files

pytestmark = pytest.mark.django_db


def prepare(client, fmt="xlsx", scope="association"):
    return client.post(reverse("reports:prepare", kwargs={"year": 2019, "scope": scope, "fmt": fmt}))


def test_the_report_page_offers_the_association_files_as_background_jobs(client, world):
    client.force_login(world.head_office)

    body = client.get(reverse("reports:report", kwargs={"year": 2019, "scope": "association"})).content.decode()

    assert f'action="{reverse("reports:prepare", kwargs={"year": 2019, "scope": "association", "fmt": "pdf"})}"' in body
    assert (
        f'action="{reverse("reports:prepare", kwargs={"year": 2019, "scope": "association", "fmt": "xlsx"})}"' in body
    )


def test_the_file_is_built_in_the_background_then_downloaded_by_who_asked(client, world, run_jobs, settings):
    settings.PARCOURS_REPORT_FILE_DAYS = 3
    client.force_login(world.head_office)

    sent = prepare(client)
    page = sent["Location"]
    assert "En attente" in client.get(page).content.decode()

    assert run_jobs() == 1
    body = client.get(page).content.decode()
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED
    assert "Télécharger rapport-activite-2019-association.xlsx" in body
    assert job.expires_at is not None
    assert abs(job.expires_at - (timezone.now() + datetime.timedelta(days=3))) < datetime.timedelta(minutes=1)

    download = client.get(reverse("reports:job_download", kwargs={"pk": job.pk}))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="rapport-activite-2019-association.xlsx"'
    built = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    direct = client.get(reverse("reports:download", kwargs={"year": 2019, "scope": "association", "fmt": "xlsx"}))
    same = load_workbook(io.BytesIO(direct.content))
    assert built.sheetnames == same.sheetnames
    assert [[c.value for c in row] for row in built["JSON"].iter_rows()] == [
        [c.value for c in row] for row in same["JSON"].iter_rows()
    ]


def test_the_pdf_is_built_too(client, world, run_jobs):
    client.force_login(world.admin)
    prepare(client, "pdf")
    run_jobs()
    job = Job.objects.get()

    download = client.get(reverse("reports:job_download", kwargs={"pk": job.pk}))

    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert download["Content-Type"] == "application/pdf"


def test_nobody_else_sees_or_downloads_the_file(client, world, run_jobs):
    client.force_login(world.head_office)
    prepare(client)
    run_jobs()
    job = Job.objects.get()

    client.force_login(world.admin)
    assert client.get(reverse("reports:job", kwargs={"pk": job.pk})).status_code == 404
    assert client.get(reverse("reports:job_download", kwargs={"pk": job.pk})).status_code == 404


def test_access_is_checked_again_at_download(client, world, run_jobs):
    client.force_login(world.head_office)
    prepare(client)
    run_jobs()
    job = Job.objects.get()

    world.head_office.role = Role.SOCIAL_WORKER  # no longer sees the whole association
    world.head_office.save()

    assert client.get(reverse("reports:job_download", kwargs={"pk": job.pk})).status_code == 404


def test_a_worker_cannot_ask_for_the_association_file(client, world):
    client.force_login(world.worker_a)

    assert prepare(client).status_code == 404
    assert prepare(client, scope=f"e{world.est_a.pk}").status_code == 302  # their own establishment: yes
    assert prepare(client, "csv", scope=f"e{world.est_a.pk}").status_code == 404  # served directly


def test_files_are_deleted_after_their_days(client, world, run_jobs, settings):
    client.force_login(world.head_office)
    prepare(client)
    run_jobs()
    job = Job.objects.get()
    path = settings.MEDIA_ROOT / job.file
    assert path.exists()

    assert purge_expired_files(now=timezone.now() + datetime.timedelta(days=6)) == 0
    assert purge_expired_files(now=timezone.now() + datetime.timedelta(days=8)) == 1

    assert not path.exists()
    assert client.get(reverse("reports:job_download", kwargs={"pk": job.pk})).status_code == 404
    assert "a été supprimé" in client.get(reverse("reports:job", kwargs={"pk": job.pk})).content.decode()


def test_asking_for_a_file_is_in_the_audit_log(client, world):
    from audit.models import AuditEntry

    client.force_login(world.head_office)
    prepare(client, "pdf")

    entry = AuditEntry.objects.get(object_type="jobs.job")
    assert entry.actor == world.head_office and entry.action == "create"
    assert (
        entry.detail
        == "Tâche de fond demandée : Fichier du rapport d'activité, périmètre association (year : 2019, fmt : pdf)"
    )


def test_rights_lost_before_the_job_runs_fail_it_with_a_reason(client, world, run_jobs):
    client.force_login(world.head_office)
    prepare(client)
    world.head_office.role = Role.SOCIAL_WORKER
    world.head_office.save()

    run_jobs()

    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error == "ce périmètre ne vous est plus accessible."
    assert not job.file


def test_an_unexpected_error_fails_the_job_and_says_so(client, world, run_jobs, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    import reports.tasks

    def broken(*args, **kwargs):
        raise RuntimeError("panne de mise en page")

    monkeypatch.setattr(reports.tasks, "render_file", broken)
    client.force_login(world.head_office)
    page = prepare(client)["Location"]

    run_jobs()

    assert Job.objects.get().status == JobStatus.FAILED
    assert DBTaskResult.objects.get().status == "FAILED"
    body = client.get(page).content.decode()
    assert "Le fichier n'a pas pu être préparé" in body and "Erreur inattendue" in body
    assert "panne de mise en page" not in body  # no internals shown
