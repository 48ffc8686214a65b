"""Issue 9 in a real browser, a supervisor's season at the restaurant workshop: hire → renewal (a warning first,
corrected) → the hours of two months (the sheet filled by the supervisor, validated by the head) → exit with a CDI;
the workshop board and the person's timeline follow. (Phase 2 extends it with the report's figures.)"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.enums import Role
from employment.models import Contract, MonthSheet, WorkHours
from establishments.enums import Modality
from stays.models import Stay
from tests.browser.conftest import login
from tests.factories import (
    EstablishmentFactory,
    JusticeMeasureFactory,
    PersonFactory,
    ServiceFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _months_back(month: datetime.date, n: int) -> datetime.date:
    for _ in range(n):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def test_a_supervisors_season(page, live_server):
    today = timezone.localdate()
    this_month = today.replace(day=1)
    hired_on = _months_back(this_month, 4)  # four months ago: the initial CDDI runs to the end of last month
    first_end = this_month - datetime.timedelta(days=1)
    sheet_months = [_months_back(this_month, 2), _months_back(this_month, 1)]
    ateliers = EstablishmentFactory(name="Les Ateliers de l'Îlot")
    restaurant = ServiceFactory(
        establishment=ateliers, name="Restaurant L'Îlot Gourmand", modality=Modality.CONTRAT_INSERTION, capacity=20
    )
    UserFactory(username="encadrant", first_name="Julie", last_name="Morel", establishments=[ateliers])
    UserFactory(username="chef", role=Role.ESTABLISHMENT_HEAD, establishments=[ateliers])
    karim = PersonFactory(last_name="Lefèvre", first_name="Karim", home_establishment=ateliers)
    JusticeMeasureFactory(person=karim, measure="sme", start_date=datetime.date(2018, 6, 1), spip="SPIP 80")

    # 1. The hire, from the person's file: the path and its initial CDDI in one form.
    login(page, "encadrant")
    page.goto(f"/personnes/{karim.pk}/")
    page.get_by_role("link", name="Embaucher en contrat d'insertion").click()
    page.get_by_label("Atelier ou service").select_option(label=str(restaurant))
    page.get_by_label("Début du contrat").fill(hired_on.isoformat())
    page.get_by_label("Fin prévue du contrat").fill(first_end.isoformat())
    page.get_by_label("Heures par semaine").fill("26")
    page.get_by_label("Poste").fill("Commis de cuisine")
    page.get_by_label("PASS IAE ou n° d'agrément").fill("PASS IAE 99999 00 12345")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Embauche enregistrée").wait_for()
    stay = Stay.objects.get(person=karim, service=restaurant)
    assert stay.start_date == hired_on and Contract.objects.get(stay=stay).end_date == first_end

    # The board: the first contract ended last month; the renewal is the decision to take.
    page.goto(f"/insertion/etablissements/{ateliers.pk}/ateliers/")
    assert "Personne en contrat aujourd'hui" in page.content()

    # 2. The renewal: 18 hours a week is a warning the supervisor cannot override; at 24 hours it is saved.
    page.goto(f"/insertion/parcours/{stay.pk}/")
    page.get_by_role("link", name="Renouveler le contrat").click()
    assert page.get_by_label("Début du contrat").input_value() == this_month.isoformat()
    page.get_by_label("Fin prévue du contrat").fill((this_month + datetime.timedelta(days=182)).isoformat())
    page.get_by_label("Heures par semaine").fill("18")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("18 heures par semaine : un CDDI est d'au moins 20 heures").wait_for()
    page.get_by_text("Seul un chef d'établissement peut passer outre").wait_for()
    assert Contract.objects.filter(stay=stay).count() == 1
    page.get_by_label("Heures par semaine").fill("24")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Renouvellement enregistré").wait_for()
    assert list(Contract.objects.filter(stay=stay).values_list("kind", "weekly_hours")) == [
        ("initial", 26),
        ("renouvellement", 24),
    ]

    # The board now has Karim on contract today, with his measure and SPIP.
    page.goto(f"/etablissements/{ateliers.pk}/")
    page.get_by_role("link", name="Tableau des ateliers").click()
    row = page.get_by_role("row", name="LEFÈVRE Karim")
    assert "Commis de cuisine" in row.inner_text() and "SPIP 80" in row.inner_text()

    # 3. The hours of two months, filled by the supervisor.
    for month, hours in zip(sheet_months, ("112,5", "98"), strict=True):
        page.goto(f"/insertion/ateliers/{restaurant.pk}/heures/{month.year}/{month.month}/")
        page.get_by_label("Heures travaillées — LEFÈVRE Karim").fill(hours)
        if hours == "98":
            page.get_by_label("Heures d'absence — LEFÈVRE Karim").fill("14")
            page.get_by_label("Motif d'absence — LEFÈVRE Karim").select_option("maladie")
        page.get_by_role("button", name="Enregistrer les heures").click()
        page.get_by_text("enregistrées").wait_for()
    assert sorted(WorkHours.objects.values_list("hours", flat=True)) == [Decimal("98"), Decimal("112.5")]
    page.get_by_role("button", name="Se déconnecter").click()

    # ...and validated by the head: the sheets become read-only.
    login(page, "chef")
    page.goto(f"/insertion/etablissements/{ateliers.pk}/heures/")
    for month in sheet_months:
        page.goto(f"/insertion/ateliers/{restaurant.pk}/heures/{month.year}/{month.month}/")
        page.get_by_role("link", name="Valider la feuille").click()
        page.get_by_role("button", name="Valider la feuille").click()
        page.get_by_text("Feuille d'heures validée").wait_for()
        assert page.get_by_label("Heures travaillées — LEFÈVRE Karim").count() == 0
    assert MonthSheet.objects.filter(status="validee").count() == 2
    page.goto(f"/insertion/parcours/{stay.pk}/")
    assert "112,50" in page.content() and "98,00" in page.content()
    page.get_by_role("button", name="Se déconnecter").click()

    # 4. The exit with a CDI: the renewal is broken off that day.
    login(page, "encadrant")
    page.goto(f"/personnes/{karim.pk}/")
    page.get_by_role("link", name="Sortie du parcours").click()
    page.get_by_label("Date de sortie").fill(today.isoformat())
    page.get_by_label("Motif de sortie").select_option("fin_accompagnement")
    page.get_by_label("Logement à la sortie").select_option("logement_autonome")
    page.get_by_label("Activité à la sortie").select_option("cdi")
    page.get_by_role("button", name="Enregistrer la sortie").click()
    page.get_by_text("indiquez le motif de sa fin anticipée").wait_for()
    page.get_by_label("Motif de fin anticipée du contrat").select_option("embauche")
    page.get_by_role("button", name="Enregistrer la sortie").click()
    page.get_by_text("Sortie du parcours enregistrée").wait_for()
    stay.refresh_from_db()
    assert (stay.end_date, stay.exit_activity) == (today, "cdi")
    renewal = Contract.objects.get(stay=stay, kind="renouvellement")
    assert (renewal.end_date, renewal.end_reason) == (today, "embauche")

    # The timeline tells the season, newest first.
    timeline = page.locator("ol.timeline").inner_text()
    for line in (
        "Sortie : Les Ateliers de l'Îlot — Restaurant L'Îlot Gourmand",
        "activité : CDI",
        "Fin anticipée du contrat : Embauche ailleurs",
        "Renouvellement du contrat : Restaurant L'Îlot Gourmand",
        "Contrat d'insertion : Restaurant L'Îlot Gourmand",
    ):
        assert line in timeline, line
    assert timeline.index("Renouvellement du contrat") < timeline.index("Contrat d'insertion : Restaurant")

    # The board: on contract until today only, and no renewal left to decide.
    page.goto(f"/insertion/etablissements/{ateliers.pk}/ateliers/")
    row = page.get_by_role("row", name="LEFÈVRE Karim")
    assert f"au {today:%d/%m/%Y}" in row.inner_text()
    assert "Renouvellements à décider" not in page.content()
