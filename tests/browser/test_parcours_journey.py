"""The main journey of issue #2, in a real browser: from search to an exit with a home and a job."""

from __future__ import annotations

import datetime

import pytest

from accounts.enums import Role
from audit.models import AuditEntry
from establishments.enums import Modality
from people.models import Person
from tests.browser.conftest import login
from tests.factories import EstablishmentFactory, PersonFactory, ServiceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_worker_follows_a_person_from_admission_to_exit(page, live_server):
    augustins = EstablishmentFactory(name="CHRS Les Augustins")
    chrs = ServiceFactory(
        establishment=augustins, name="Hébergement d'insertion", modality=Modality.HEBERGEMENT_INSERTION
    )
    ServiceFactory(establishment=augustins, name="Pension de famille", modality=Modality.LOGEMENT_ADAPTE)
    other = EstablishmentFactory(name="CHRS Chemin Vert")
    worker = UserFactory(username="sophie", role=Role.SOCIAL_WORKER, establishments=[augustins])
    UserFactory(username="paul", role=Role.SOCIAL_WORKER, establishments=[other])
    existing = PersonFactory(
        last_name="Lefèvre", first_name="Karim", birth_date=datetime.date(1984, 2, 29), home_establishment=augustins
    )

    # Log in: lands on the establishment's page.
    login(page, "sophie")
    page.get_by_role("heading", name="CHRS Les Augustins").wait_for()

    # Search, accent- and case-insensitive.
    page.get_by_role("link", name="Personnes").first.click()
    page.get_by_label("Nom ou prénom").fill("lefevre")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="LEFÈVRE").wait_for()

    # Create a near-duplicate: the warning comes first, then creation once confirmed.
    page.goto("/personnes/nouvelle/")
    page.get_by_label("Nom", exact=True).fill("Lefebvre")
    page.get_by_label("Prénom").fill("Karim")
    page.get_by_label("Date de naissance").fill("1984-02-29")
    page.get_by_label("Sexe").select_option("M")
    page.get_by_role("button", name="Créer la fiche").click()
    page.get_by_text("Cette personne a peut-être déjà une fiche").wait_for()
    assert page.get_by_role("link", name=f"Ouvrir la fiche de {existing}").is_visible()
    page.get_by_label("J'ai vérifié").check()
    page.get_by_role("button", name="Créer la fiche").click()
    page.get_by_role("heading", name="LEFEBVRE Karim").wait_for()
    person = Person.objects.get(last_name="Lefebvre")

    # Admit to the CHRS.
    page.get_by_role("link", name="Admettre dans un service").click()
    page.get_by_label("Service").select_option(label=str(chrs))
    page.get_by_label("Date d'entrée").fill("2019-03-04")
    page.get_by_role("button", name="Admettre").click()
    page.get_by_text("est admis(e)").wait_for()

    # Record a PSE measure.
    page.get_by_role("link", name="Enregistrer une mesure de justice").click()
    page.get_by_label("Mesure").select_option("pse")
    page.get_by_label("Début").fill("2019-03-04")
    page.get_by_label("SPIP en charge").fill("SPIP 80")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Mesure enregistrée").wait_for()

    # Transfer to the pension de famille the same day the CHRS stay ends.
    page.get_by_role("link", name="Transférer").click()
    page.get_by_label("Nouveau service").select_option(label="CHRS Les Augustins — Pension de famille")
    page.get_by_label("Date du transfert").fill("2019-09-02")
    page.get_by_label("Logement à la sortie du service actuel").select_option("logement_adapte")
    page.get_by_label("Activité à la sortie du service actuel").select_option("recherche_emploi")
    page.get_by_role("button", name="Transférer").click()
    page.get_by_text("Transfert vers").wait_for()

    # Close with autonomous housing and a CDI.
    page.get_by_role("link", name="Clôturer le séjour").click()
    page.get_by_label("Date de sortie").fill("2020-01-15")
    page.get_by_label("Motif de sortie").select_option("fin_accompagnement")
    page.get_by_label("Logement à la sortie").select_option("logement_autonome")
    page.get_by_label("Activité à la sortie").select_option("cdi")
    page.get_by_role("button", name="Clôturer le séjour").click()
    page.get_by_text("Séjour clôturé le 15/01/2020").wait_for()

    # The timeline shows all of it, in date order, without a gap.
    timeline = page.locator("ol.timeline").inner_text()
    expected = [
        "15/01/2020 — Sortie : CHRS Les Augustins — Pension de famille",
        "02/09/2019 — Entrée : CHRS Les Augustins — Pension de famille",
        "02/09/2019 — Sortie : CHRS Les Augustins — Hébergement d'insertion",
        "04/03/2019 — Mesure : Placement sous surveillance électronique (PSE)",
        "04/03/2019 — Entrée : CHRS Les Augustins — Hébergement d'insertion",
    ]
    positions = [timeline.find(line) for line in expected]
    assert all(p >= 0 for p in positions), timeline
    assert "Logement autonome" in timeline and "CDI" in timeline
    assert "Sans accompagnement" not in timeline

    # A worker of another establishment gets 404 on that person.
    page.get_by_role("button", name="Se déconnecter").click()
    login(page, "paul")
    response = page.goto(f"/personnes/{person.pk}/")
    assert response is not None and response.status == 404

    # The audit log holds each write and each view, by whom.
    writes = AuditEntry.objects.filter(actor=worker, person=person).exclude(action="view")
    assert {(e.object_type, e.action) for e in writes} == {
        ("people.person", "create"),
        ("stays.stay", "create"),
        ("stays.stay", "update"),
        ("justice.justicemeasure", "create"),
    }
    assert writes.filter(object_type="stays.stay", action="create").count() == 2  # CHRS, then pension de famille
    assert writes.filter(object_type="stays.stay", action="update").count() == 2  # transfer out, final exit
    assert AuditEntry.objects.filter(actor=worker, person=person, action="view").count() >= 5
