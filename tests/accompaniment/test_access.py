"""Who sees what: notes by confidentiality, documents by scope, every download in the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accompaniment import services
from accompaniment.enums import Confidentiality
from accompaniment.models import Note
from accounts.enums import Role
from audit.enums import AuditAction
from audit.models import AuditEntry
from config import settings as project_settings
from core.uploads import delete_stored
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture
def colleague(world):  # type: ignore[no-untyped-def]
    return UserFactory(username="colleague", role=Role.SOCIAL_WORKER, establishments=[world.est_a])


def _note(world, confidentiality, text="Texte"):  # type: ignore[no-untyped-def]
    return services.note_write(
        person=world.person_a, text=text, confidentiality=confidentiality, acting_user=world.worker_a
    )


def test_author_only_note_is_invisible_to_colleagues(client, world, colleague):
    note = _note(world, Confidentiality.AUTEUR, "Confidence de la personne")
    client.force_login(colleague)
    page = client.get(reverse("dossier:person", args=[world.person_a.pk]))
    assert "Confidence de la personne" not in page.content.decode()
    assert client.get(reverse("accompaniment:note_detail", args=[note.pk])).status_code == 404
    client.force_login(world.worker_a)
    page = client.get(reverse("dossier:person", args=[world.person_a.pk]))
    assert "Confidence de la personne" in page.content.decode()


def test_team_note_is_seen_by_the_team_not_by_other_establishments(client, world, colleague):
    note = _note(world, Confidentiality.EQUIPE, "Note d'équipe")
    assert Note.objects.visible_to(colleague).filter(pk=note.pk).exists()
    assert not Note.objects.visible_to(world.worker_b).filter(pk=note.pk).exists()
    assert Note.objects.visible_to(world.head_office).filter(pk=note.pk).exists()


def test_health_note_is_invisible_to_users_without_health_data(client, world, colleague):
    note = _note(world, Confidentiality.SANTE, "Suivi CMP")
    assert not colleague.sees_health
    client.force_login(colleague)
    assert "Suivi CMP" not in client.get(reverse("dossier:person", args=[world.person_a.pk])).content.decode()
    assert client.get(reverse("accompaniment:note_detail", args=[note.pk])).status_code == 404
    healthy = UserFactory(role=Role.SOCIAL_WORKER, establishments=[world.est_a], health_data_access=True)
    client.force_login(healthy)
    assert client.get(reverse("accompaniment:note_detail", args=[note.pk])).status_code == 200


def test_a_user_without_health_data_cannot_write_a_health_note(world, colleague):
    with pytest.raises(Exception, match="habilitées"):
        services.note_write(
            person=world.person_a, text="x", confidentiality=Confidentiality.SANTE, acting_user=colleague
        )


def test_reception_sees_no_notes(client, world):
    _note(world, Confidentiality.EQUIPE, "Note d'équipe visible")
    client.force_login(world.reception_a)
    page = client.get(reverse("dossier:person", args=[world.person_a.pk]))
    assert page.status_code == 200
    assert "Note d'équipe visible" not in page.content.decode()
    assert client.get(reverse("accompaniment:note_create", args=[world.person_a.pk])).status_code == 403
    assert Note.objects.visible_to(world.reception_a).count() == 0


def test_notes_are_corrected_with_a_visible_history_never_deleted(client, world):
    note = _note(world, Confidentiality.EQUIPE, "Rendez-vous au SPIP mardi")
    client.force_login(world.worker_a)
    response = client.post(
        reverse("accompaniment:note_correct", args=[note.pk]),
        {"text": "Rendez-vous au SPIP mercredi", "reason": "Erreur de jour"},
    )
    assert response.status_code == 302
    page = client.get(reverse("accompaniment:note_detail", args=[note.pk])).content.decode()
    assert "Rendez-vous au SPIP mardi" in page and "Rendez-vous au SPIP mercredi" in page and "Erreur de jour" in page
    assert note.versions.count() == 2
    assert AuditEntry.objects.filter(object_type="accompaniment.note", action=AuditAction.UPDATE).exists()


def test_only_the_author_corrects_a_note(client, world, colleague):
    note = _note(world, Confidentiality.EQUIPE)
    client.force_login(colleague)
    assert client.get(reverse("accompaniment:note_correct", args=[note.pk])).status_code == 403


def _upload(world, user=None):  # type: ignore[no-untyped-def]
    return services.document_upload(
        person=world.person_a,
        upload=SimpleUploadedFile("cni.pdf", PDF, content_type="application/pdf"),
        kind="cni",
        expires_on=__import__("datetime").date(2030, 1, 1),
        acting_user=user or world.worker_a,
    )


def test_documents_outside_the_scope_answer_404(client, world):
    document = _upload(world)
    client.force_login(world.worker_b)
    assert client.get(reverse("accompaniment:document_download", args=[document.pk])).status_code == 404
    assert client.get(reverse("accompaniment:document_create", args=[world.person_a.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_every_download_is_in_the_audit_log(client, world):
    document = _upload(world)
    client.force_login(world.worker_a)
    for _ in range(2):
        response = client.get(reverse("accompaniment:document_download", args=[document.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
    client.force_login(world.head_office)
    assert client.get(reverse("accompaniment:document_download", args=[document.pk])).status_code == 200
    downloads = AuditEntry.objects.filter(
        action=AuditAction.DOWNLOAD, object_type="accompaniment.persondocument", object_id=str(document.pk)
    )
    assert downloads.count() == 3
    assert sorted(downloads.values_list("actor_label", flat=True)) == ["siege", "worker_a", "worker_a"]
    assert all(e.person_id == world.person_a.pk for e in downloads)


def test_upload_refuses_other_types_and_requires_expiry_for_identity(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Type de fichier refusé"):
        services.document_upload(
            person=world.person_a,
            upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/pdf"),
            kind="autre",
            acting_user=world.worker_a,
        )
    with pytest.raises(ValidationError, match="expiration"):
        services.document_upload(
            person=world.person_a,
            upload=SimpleUploadedFile("cni.pdf", PDF),
            kind="cni",
            acting_user=world.worker_a,
        )


def test_stored_files_are_outside_the_static_root(world, settings):
    """An uploaded document lands inside MEDIA_ROOT, as configured for the application (not the tests' temporary
    folder), and never inside what is served as static files (STATIC_ROOT, STATICFILES_DIRS)."""
    settings.MEDIA_ROOT = project_settings.MEDIA_ROOT
    document = _upload(world)
    stored = (Path(settings.MEDIA_ROOT) / document.path).resolve()
    try:
        assert stored.is_file()
        assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        for static in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
            assert not stored.is_relative_to(Path(static).resolve()), f"{stored} est servi comme fichier statique"
    finally:
        delete_stored(document.path)


def test_read_only_head_office_cannot_create_a_calendar_token(client, world):
    """Issue 11: head office reads everything and writes nothing — not even a calendar address of its own."""
    from accompaniment.models import CalendarFeed

    client.force_login(world.head_office)
    assert client.post(reverse("accompaniment:calendar_feed_token"), {"confirm": "on"}).status_code == 403
    assert client.get(reverse("accompaniment:calendar_feed_token")).status_code == 403
    assert not CalendarFeed.objects.filter(user=world.head_office).exists()
    client.force_login(world.worker_a)  # a worker still creates theirs
    assert client.post(reverse("accompaniment:calendar_feed_token"), {"confirm": "on"}).status_code == 302
    assert CalendarFeed.objects.filter(user=world.worker_a).exists()
