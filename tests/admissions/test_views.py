"""The admission pages as a worker uses them (forms, documents, letter, funnel)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from admissions.models import AdmissionRequest, Detention, RefusalReason
from audit.models import AuditEntry
from tests.factories import AdmissionRequestFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _create(client, world, **extra):
    data = {
        "last_name": "Moreau",
        "first_name": "Samir",
        "birth_date": "1992-04-03",
        "sex": "M",
        "prison": "Maison d'arrêt d'Amiens",
        "expected_release": "2019-04-15",
        "current_measure": "Détention",
        "service": world.chrs_a.pk,
        "prescriber": "spip",
        "organisation": "SPIP de la Somme",
        "contact": "Mme Roux, 03 22 00 00 00",
        "received_on": "2019-02-01",
        "priority": "normale",
        "remarks": "",
    }
    data.update(extra)
    return client.post(reverse("admissions:create", kwargs={"establishment_pk": world.est_a.pk}), data)


def test_record_a_request_for_a_detained_person_with_a_document(client, world, media):
    client.force_login(world.worker_a)
    pdf = SimpleUploadedFile("rapport-spip.pdf", b"%PDF-1.4 rapport", content_type="application/pdf")
    response = _create(client, world, document=pdf)
    r = AdmissionRequest.objects.get(person__last_name="Moreau")
    assert response.status_code == 302
    assert r.organisation == "SPIP de la Somme"
    assert Detention.objects.get(person=r.person).expected_release == D(2019, 4, 15)
    doc = r.documents.get()
    page = client.get(reverse("admissions:detail", kwargs={"pk": r.pk}))
    assert "Maison d&#x27;arrêt" in page.content.decode()
    download = client.get(reverse("admissions:document", kwargs={"pk": doc.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="download", object_id=str(doc.pk)).exists()
    # The night agent does not see request documents.
    client.force_login(world.reception_a)
    assert client.get(reverse("admissions:document", kwargs={"pk": doc.pk})).status_code == 403


def test_refuses_a_text_file_disguised_as_pdf(client, world, media):
    client.force_login(world.worker_a)
    fake = SimpleUploadedFile("rapport.pdf", b"hello", content_type="application/pdf")
    response = _create(client, world, document=fake)
    assert response.status_code == 200
    assert "Type de fichier refusé" in response.content.decode()
    assert not AdmissionRequest.objects.filter(person__last_name="Moreau").exists()


def test_new_person_needs_an_identity(client, world):
    client.force_login(world.worker_a)
    response = _create(client, world, last_name="")
    assert "« Nom » est obligatoire" in response.content.decode()


def test_commission_page_records_the_session(client, world):
    client.force_login(world.worker_a)
    fav = AdmissionRequestFactory(person=world.person_a, service=world.chrs_a, received_on=D(2019, 1, 10))
    unfav = AdmissionRequestFactory(service=world.chrs_a, received_on=D(2019, 1, 12))
    reason = RefusalReason.objects.first()
    assert reason is not None  # the migration installs the list
    url = reverse("admissions:commission", kwargs={"establishment_pk": world.est_a.pk})
    page = client.get(url).content.decode()
    assert page.index(str(fav.person)) < page.index(str(unfav.person))  # oldest first
    response = client.post(
        url,
        {
            "date": "2019-02-15",
            "members": "Direction, CIP",
            f"decision_{fav.pk}": "favorable",
            f"expected_arrival_{fav.pk}": "2019-04-15",
            f"decision_{unfav.pk}": "defavorable",
        },
    )
    assert response.status_code == 200  # the refusal needs a reason
    assert "motif" in response.content.decode()
    fav.refresh_from_db()
    assert fav.decision == "en_attente"
    client.post(
        url,
        {
            "date": "2019-02-15",
            "members": "Direction, CIP",
            f"decision_{fav.pk}": "favorable",
            f"expected_arrival_{fav.pk}": "2019-04-15",
            f"decision_{unfav.pk}": "defavorable",
            f"refusal_reason_{unfav.pk}": reason.pk,
        },
    )
    fav.refresh_from_db()
    unfav.refresh_from_db()
    assert (fav.decision, fav.expected_arrival, unfav.decision) == ("favorable", D(2019, 4, 15), "defavorable")


def test_decision_letter_is_a_french_pdf(client, world):
    r = AdmissionRequestFactory(
        person=world.person_a,
        service=world.chrs_a,
        decision="favorable",
        decided_on=D(2019, 2, 15),
        expected_arrival=D(2019, 4, 15),
        organisation="SPIP de la Somme",
    )
    client.force_login(world.worker_a)
    response = client.get(reverse("admissions:letter", kwargs={"pk": r.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_admissions_page_shows_the_funnel_of_the_year(client, world):
    for i in range(3):
        AdmissionRequestFactory(
            service=world.chrs_a,
            received_on=D(2019, 3, 1 + i),
            decision="favorable",
            decided_on=D(2019, 4, 1),
            outcome="admis" if i else "non_presente",
        )
    AdmissionRequestFactory(service=world.chrs_a, received_on=D(2019, 3, 9), prescriber="siao")
    client.force_login(world.worker_a)
    page = client.get(reverse("admissions:index", kwargs={"establishment_pk": world.est_a.pk}) + "?annee=2019")
    section = page.context["funnel"]
    assert section.received == 4
    assert section.received_by_prescriber["spip"] == 3 and section.received_by_prescriber["siao"] == 1
    assert section.outcomes["admis"] == 2 and section.outcomes["non_presente"] == 1
    assert 'data-testid="funnel-received">4<' in page.content.decode()


def test_admit_page_opens_the_stay(client, world):
    r = AdmissionRequestFactory(
        service=world.chrs_a,
        received_on=D(2019, 2, 1),
        decision="favorable",
        decided_on=D(2019, 2, 15),
        expected_arrival=D(2019, 4, 15),
    )
    client.force_login(world.worker_a)
    url = reverse("admissions:admit", kwargs={"pk": r.pk})
    assert 'value="2019-04-15"' in client.get(url).content.decode()
    response = client.post(url, {"start_date": "2019-04-15"})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.outcome == "admis" and r.stay is not None and r.stay.start_date == D(2019, 4, 15)


def test_person_page_keeps_the_detention_facts_for_the_team_not_the_night_agent(client, world):
    client.force_login(world.worker_a)
    _create(client, world)
    person = AdmissionRequest.objects.get(person__last_name="Moreau").person
    page = client.get(reverse("dossier:person", kwargs={"pk": person.pk})).content.decode()
    assert "Détention (dedans-dehors)" in page and "15/04/2019" in page
    client.force_login(world.reception_a)
    page = client.get(reverse("dossier:person", kwargs={"pk": person.pk})).content.decode()
    assert "Détention (dedans-dehors)" not in page
