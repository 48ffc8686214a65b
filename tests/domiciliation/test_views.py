"""Domiciliation pages: from the request to the attestation (its text checked with pdftotext), the refusal letter,
the mail log, renewal, radiation by the head only; the reception role never sees who asked (a SPIP…)."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse

from domiciliation.models import DomiciliaryBody, Domiciliation, MailItem

pytestmark = pytest.mark.django_db
D = datetime.date


def pdf_text(content: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext introuvable : lancez `make system-deps` (poppler-utils).")
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def _request(client, world, day_a, person=None):
    person = person or world.person_a
    response = client.post(
        reverse("domiciliation:request", args=[world.est_a.pk, person.pk]),
        {"service": day_a.pk, "requested_on": "2019-03-01", "requester": "spip", "birth_place": "Amiens (France)"},
    )
    assert response.status_code == 302
    return Domiciliation.objects.get(person=person)


def test_from_the_request_to_the_attestation(client, world, day_a, fixed_today, tmp_path):
    fixed_today(D(2019, 3, 20))
    DomiciliaryBody.objects.create(
        establishment=world.est_a,
        legal_name="Association L'Îlot",
        address="12 rue de la Passerelle",
        postal_code="80000",
        city="Amiens",
        approval="arrêté n° 2018-145 du 12/03/2018",
        signatory="Mme Durand, cheffe de service",
    )
    client.force_login(world.reception_a)
    d = _request(client, world, day_a)
    client.force_login(world.worker_a)
    response = client.post(
        reverse("domiciliation:decide", args=[d.pk]), {"decision": "acceptee", "decided_on": "2019-03-05"}
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert (d.start_date, d.end_date) == (D(2019, 3, 5), D(2020, 3, 4))
    client.force_login(world.reception_a)
    response = client.get(reverse("domiciliation:attestation", args=[d.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, tmp_path).split())
    for expected in (
        "Cerfa n° 13482*02",
        "Attestation d'élection de domicile",
        "☒ Première demande",
        "Association L'Îlot",
        "12 rue de la Passerelle",
        "80000 Amiens",
        "arrêté n° 2018-145 du 12/03/2018",
        "Nom MARTIN",
        "Prénom(s) Éric",
        "Date de naissance 15/06/1985",
        "Lieu de naissance Amiens (France)",
        "Date de la première élection de domicile 05/03/2019",
        "Date de début de validité 05/03/2019",
        "Date de fin de validité 04/03/2020",
        "Fait à Amiens, le 20/03/2019",
    ):
        assert expected in text, expected


def test_renewal_attestation_says_renewal_and_keeps_the_first_date(client, world, day_a, fixed_today, tmp_path):
    fixed_today(D(2020, 2, 20))
    client.force_login(world.worker_a)
    d = _request(client, world, day_a)
    client.post(reverse("domiciliation:decide", args=[d.pk]), {"decision": "acceptee", "decided_on": "2019-03-05"})
    response = client.post(
        reverse("domiciliation:renew", args=[d.pk]), {"decided_on": "2020-02-20", "requester": "personne"}
    )
    assert response.status_code == 302
    renewal = Domiciliation.objects.get(renewal_of=d)
    assert (renewal.start_date, renewal.end_date) == (D(2020, 3, 5), D(2021, 3, 4))
    text = " ".join(
        pdf_text(client.get(reverse("domiciliation:attestation", args=[renewal.pk])).content, tmp_path).split()
    )
    assert "☒ Renouvellement" in text and "première élection de domicile 05/03/2019" in text
    assert "Date de début de validité 05/03/2020" in text


def test_refusal_letter_carries_the_reason(client, world, day_a, fixed_today, tmp_path):
    fixed_today(D(2019, 3, 20))
    client.force_login(world.worker_a)
    d = _request(client, world, day_a)
    response = client.post(
        reverse("domiciliation:decide", args=[d.pk]), {"decision": "refusee", "decided_on": "2019-03-05"}
    )
    assert "Le motif du refus est obligatoire" in response.content.decode()
    client.post(
        reverse("domiciliation:decide", args=[d.pk]),
        {"decision": "refusee", "decided_on": "2019-03-05", "refusal_reason": "Aucun lien avec la commune"},
    )
    text = " ".join(
        pdf_text(client.get(reverse("domiciliation:refusal_letter", args=[d.pk])).content, tmp_path).split()
    )
    assert "refus de votre demande d'élection de domicile" in text and "Aucun lien avec la commune" in text
    assert "01/03/2019" in text


def test_mail_log_on_the_persons_page(client, world, day_a, fixed_today):
    fixed_today(D(2019, 4, 10))
    client.force_login(world.worker_a)
    d = _request(client, world, day_a)
    client.post(reverse("domiciliation:decide", args=[d.pk]), {"decision": "acceptee", "decided_on": "2019-03-05"})
    client.force_login(world.reception_a)
    receive = reverse("domiciliation:mail_receive", args=[d.pk])
    for kind in ("simple", "recommande", "colis"):
        assert client.post(receive, {"received_on": "2019-04-01", "kind": kind}).status_code == 302
    recommande = MailItem.objects.get(kind="recommande")
    colis = MailItem.objects.get(kind="colis")
    client.post(reverse("domiciliation:mail_hand", args=[recommande.pk]), {"on": "2019-04-08"})
    response = client.post(reverse("domiciliation:mail_return", args=[colis.pk]), {"on": "2019-03-30"})
    assert "avant sa réception" in response.content.decode()
    client.post(reverse("domiciliation:mail_return", args=[colis.pk]), {"on": "2019-04-09"})
    body = client.get(reverse("domiciliation:person", args=[world.est_a.pk, world.person_a.pk])).content.decode()
    assert "Courrier (1 en attente)" in body
    assert "remis le 08/04/2019" in body and "retourné à l&#x27;expéditeur le 09/04/2019" in body
    assert "SPIP" not in body  # who asked is a justice detail
    client.force_login(world.worker_a)
    body = client.get(reverse("domiciliation:person", args=[world.est_a.pk, world.person_a.pk])).content.decode()
    assert "demandée par : SPIP" in body


def test_radiation_list_and_the_heads_decision(client, world, day_a, fixed_today):
    fixed_today(D(2019, 6, 5))
    client.force_login(world.worker_a)
    d = _request(client, world, day_a)
    client.post(reverse("domiciliation:decide", args=[d.pk]), {"decision": "acceptee", "decided_on": "2019-03-05"})
    body = client.get(reverse("domiciliation:radiation", args=[world.est_a.pk])).content.decode()
    assert 'data-testid="radiation-row"' in body and "05/03/2019" in body
    assert ">Radier<" not in body  # a social worker sees the proposal, the head decides
    assert client.post(reverse("domiciliation:radiate", args=[d.pk]), {"on": "2019-06-05"}).status_code == 403
    client.force_login(world.head_a)
    assert client.post(reverse("domiciliation:radiate", args=[d.pk]), {"on": "2019-06-05"}).status_code == 302
    d.refresh_from_db()
    assert d.end_reason == "radiation_sans_contact"


def test_the_person_page_shows_the_domiciliation_and_its_waiting_mail(client, world, day_a, fixed_today):
    fixed_today(D(2019, 4, 10))
    client.force_login(world.worker_a)
    d = _request(client, world, day_a)
    client.post(reverse("domiciliation:decide", args=[d.pk]), {"decision": "acceptee", "decided_on": "2019-03-05"})
    client.post(reverse("domiciliation:mail_receive", args=[d.pk]), {"received_on": "2019-04-01", "kind": "simple"})
    body = client.get(reverse("dossier:person", args=[world.person_a.pk])).content.decode()
    assert "Domiciliation du 05/03/2019 au 04/03/2020" in body and "1 courrier(s) en attente" in body
