"""Issue 5 in a real browser: a SPIP request for a detained person → commission → admitted into a room on
release day → the board shows them → the night agent's roll-call → occupancy counts the night."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.enums import Role
from admissions.models import AdmissionRequest
from establishments.enums import Modality
from places.models import NightCheck
from tests.browser.conftest import login
from tests.factories import EstablishmentFactory, ServiceFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_a_spip_request_to_a_night_counted(page, live_server):
    today = timezone.localdate()
    est = EstablishmentFactory(name="CHRS Chemin Vert", city="Paris")
    chrs = ServiceFactory(
        establishment=est, name="Hébergement PSE", modality=Modality.HEBERGEMENT_INSERTION, capacity=3
    )
    UnitFactory(service=chrs, name="11", places=1)
    UnitFactory(service=chrs, name="12", places=2)
    UserFactory(username="cheffe", role=Role.ESTABLISHMENT_HEAD, establishments=[est])
    UserFactory(username="veilleur", role=Role.RECEPTION, establishments=[est])

    # 1. The SPIP's request for a person still in prison, released today.
    login(page, "cheffe")
    page.goto(f"/admissions/etablissements/{est.pk}/nouvelle/")
    page.get_by_label("Nom", exact=True).fill("Benali")
    page.get_by_label("Prénom").fill("Karim")
    page.get_by_label("Date de naissance").fill("1988-07-14")
    page.get_by_label("Sexe").select_option("M")
    page.get_by_label("Établissement pénitentiaire").fill("Centre pénitentiaire de Fresnes")
    page.get_by_label("Date de libération prévue").fill(today.isoformat())
    page.get_by_label("Service demandé").select_option(label=str(chrs))
    page.get_by_label("Prescripteur", exact=True).select_option("spip")
    page.get_by_label("Organisme prescripteur").fill("SPIP du Val-de-Marne")
    page.get_by_label("Reçue le").fill((today - datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Enregistrer la demande").click()
    page.get_by_role("heading", name="Demande d'admission de BENALI Karim").wait_for()

    # 2. The commission: favourable, arrival on release day.
    page.goto(f"/admissions/etablissements/{est.pk}/commission/")
    page.get_by_label("Date de la séance").fill((today - datetime.timedelta(days=10)).isoformat())
    page.get_by_label("Membres présents").fill("Directrice, cheffe de service, CIP")
    page.get_by_label("Favorable", exact=True).check()
    page.get_by_label("Arrivée prévue (BENALI Karim)").fill(today.isoformat())
    page.get_by_role("button", name="Enregistrer la séance").click()
    page.get_by_text("1 décision(s) enregistrée(s)").wait_for()
    request = AdmissionRequest.objects.get(person__last_name="Benali")
    assert (request.decision, request.expected_arrival) == ("favorable", today)

    # 3. Admitted on that day into room 12.
    page.get_by_role("link", name="Admettre").click()
    assert page.get_by_label("Date d'entrée").input_value() == today.isoformat()
    page.get_by_label("Unité (chambre, lit, logement)").select_option(label="Chambre 12")
    page.get_by_role("button", name="Admettre").click()
    page.get_by_text("est admis(e)").wait_for()

    # 4. The board shows them in room 12 with one place left there.
    page.goto(f"/places/etablissements/{est.pk}/")
    row = page.get_by_role("row", name="Chambre 12")
    assert "BENALI Karim" in row.inner_text()
    assert "2 place(s) libre(s)" in page.content()

    # 5. The night agent's roll-call marks them present (keyboard-friendly radio groups, one submit).
    page.get_by_role("button", name="Se déconnecter").click()
    login(page, "veilleur")
    page.goto(f"/places/etablissements/{est.pk}/appel/")
    page.get_by_role("radio", name="Présent").check()
    page.get_by_role("button", name="Enregistrer l'appel").click()
    page.get_by_text("enregistré : 1 personne(s)").wait_for()
    assert NightCheck.objects.get().presence == "present"
    # ...but not the request's documents or the request itself.
    assert page.goto(f"/admissions/demandes/{request.pk}/").status == 403

    # 6. Occupancy counts tonight's night.
    page.goto(f"/places/etablissements/{est.pk}/occupation/")
    assert page.get_by_test_id(f"nights-{chrs.pk}").inner_text() == "1"
