"""Issue #6 in a real browser: diagnosis, two objectives with actions, an appointment at the SPIP with its reminder,
attendance, an ID card uploaded, and a hand-over acknowledged by the colleague."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from accompaniment.models import Appointment, Handover, PersonDocument, SentReminder
from accounts.enums import Role
from audit.models import AuditEntry
from establishments.enums import Modality
from events.models import Event
from tests.browser.conftest import login
from tests.factories import EstablishmentFactory, PersonFactory, ServiceFactory, StayFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def test_worker_builds_the_project_and_hands_the_person_over(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARCOURS_REMINDER_LOG = tmp_path / "reminders.log"
    augustins = EstablishmentFactory(name="CHRS Les Augustins")
    chrs = ServiceFactory(
        establishment=augustins, name="Hébergement d'insertion", modality=Modality.HEBERGEMENT_INSERTION
    )
    sophie = UserFactory(username="sophie", first_name="Sophie", last_name="Leroy", establishments=[augustins])
    paul = UserFactory(username="paul", first_name="Paul", last_name="Durand", establishments=[augustins])
    UserFactory(username="nuit", role=Role.RECEPTION, establishments=[augustins])
    person = PersonFactory(last_name="Lefèvre", first_name="Karim", referent=sophie)
    StayFactory(person=person, service=chrs, start_date=timezone.localdate() - datetime.timedelta(days=3))

    login(page, "sophie")
    page.goto(f"/personnes/{person.pk}/")
    page.get_by_role("link", name="Projet personnalisé").click()

    # Diagnosis of the housing domain, in the person's words and the worker's.
    page.get_by_role("link", name="Écrire le diagnostic Logement").click()
    page.get_by_label("Les mots de la personne").fill("Je veux un studio près de ma fille.")
    page.get_by_label("L'évaluation du travailleur social").fill("Ressources suffisantes pour un logement social.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Diagnostic enregistré").wait_for()
    page.get_by_text("Je veux un studio près de ma fille.").wait_for()

    # Two objectives, each with an action.
    for title, action, who in (
        ("Accéder à un logement autonome", "Déposer la demande SIAO", "Sophie Leroy"),
        ("Reprendre un emploi", "S'inscrire à France Travail", "Karim"),
    ):
        page.get_by_role("link", name="Convenir d'un objectif").click()
        page.get_by_label("Objectif").fill(title)
        page.get_by_role("button", name="Enregistrer").click()
        page.get_by_role("heading", name=f"Ajouter une action à l'objectif « {title} »").wait_for()
        page.get_by_label("Action").fill(action)
        page.get_by_label("Qui").fill(who)
        page.get_by_label("Pour le").fill((timezone.localdate() + datetime.timedelta(days=14)).isoformat())
        page.get_by_role("button", name="Enregistrer").click()
        page.get_by_text("Action enregistrée").wait_for()
        page.get_by_text(action).wait_for()
    assert person.objectives.count() == 2

    # Contact and consent, then an appointment at the SPIP with an SMS reminder.
    page.get_by_role("link", name=f"Dossier de {person}").click()
    page.get_by_role("link", name="Coordonnées et rappels").click()
    page.get_by_label("Téléphone portable").fill("06 12 34 56 78")
    page.get_by_label("La personne accepte de recevoir des rappels de rendez-vous").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Coordonnées enregistrées").wait_for()
    now = timezone.localtime()
    when = now + datetime.timedelta(minutes=5)
    if when.date() != now.date():  # near midnight: an appointment of today, so that it can be marked honoured
        when = now.replace(hour=0, minute=1)
    page.get_by_role("link", name="Prendre un rendez-vous").click()
    page.get_by_label("Date et heure").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Partenaire").select_option("spip")
    page.get_by_label("Lieu").fill("SPIP de la Somme, Amiens")
    page.get_by_label("Objet").fill("Point sur les obligations")
    page.get_by_label("Rappel").select_option("sms")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Rendez-vous enregistré").wait_for()
    page.get_by_role("link", name="Envoyer le rappel").click()
    page.get_by_text("Bonjour Karim").wait_for()
    page.get_by_role("button", name="Envoyer le rappel").click()
    page.get_by_text("Rappel envoyé").wait_for()
    reminder = SentReminder.objects.get()
    assert reminder.recipient == "0612345678" and "SPIP de la Somme" in reminder.text
    assert "0612345678" in settings.PARCOURS_REMINDER_LOG.read_text()

    # Attendance: honoured, counted as an interview of the CHRS. The appointment has taken place by then (booked in
    # five minutes, it would otherwise be tomorrow's from 23:55 on, and tomorrow's cannot be honoured yet).
    Appointment.objects.filter(pk=reminder.appointment_id).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    page.reload()
    page.get_by_role("link", name="Présence").first.click()
    page.get_by_label("Présence").select_option("honore")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Présence enregistrée").wait_for()
    assert Event.objects.filter(person=person, kind="entretien", service=chrs).count() == 1

    # The ID card, uploaded and downloadable.
    page.get_by_role("link", name="Déposer un document").click()
    page.get_by_label("Type de document").select_option("cni")
    page.get_by_label("Date d'expiration").fill("2031-05-01")
    page.get_by_label("Fichier").set_input_files({"name": "cni.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Document déposé").wait_for()
    document = PersonDocument.objects.get(person=person)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger Carte d'identité").click()
    assert Path(download.value.path()).read_bytes() == PDF
    assert AuditEntry.objects.filter(action="download", object_id=str(document.pk), actor=sophie).count() == 1

    # Hand-over to Paul, with the summary.
    page.get_by_role("link", name="Passer le relais").click()
    page.get_by_text("Déposer la demande SIAO").wait_for()
    page.get_by_label("Nouveau référent", exact=True).select_option(label="Paul Durand (CHRS Les Augustins)")
    page.get_by_label("Mot pour le nouveau référent").fill("Karim est motivé pour le logement.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Passage de relais enregistré").wait_for()
    page.get_by_role("button", name="Se déconnecter").click()

    # Paul sees it on his dashboard and acknowledges it.
    login(page, "paul")
    page.get_by_role("link", name="Mon tableau de bord").click()
    page.get_by_role("link", name=f"{person} — de Sophie Leroy").click()
    page.get_by_text("Accéder à un logement autonome").wait_for()
    page.get_by_text("Reprendre un emploi").wait_for()
    page.get_by_role("button", name="J'ai pris connaissance de la synthèse et je prends le relais").click()
    page.get_by_text("Passage de relais pris en compte").wait_for()
    handover = Handover.objects.get()
    assert handover.to_user == paul and handover.acknowledged_at is not None
    person.refresh_from_db()
    assert person.referent == paul
