"""Issue 10 in a real browser, on a phone (390×844): the day-reception desk (ten passages, one tap per service, an
anonymous meal count, a correction, the day's totals — equal to what the activity report will count), a
domiciliation from the request to the attestation, its mail, renewal and radiation (fixed dates), the roll-call of
30 people in at most 3 clicks, the establishment's live page; axe-core finds no violation on any of these pages."""

from __future__ import annotations

import datetime
import re
import subprocess

import pytest
from django.db.models import Sum
from django.utils import timezone

from accounts.enums import Role
from domiciliation.models import Domiciliation, MailItem
from establishments.enums import Modality, NightRecording
from events.models import Event
from places.models import NightCheck
from tests.browser.axe import assert_accessible, assert_fits_the_screen
from tests.browser.conftest import login
from tests.factories import EstablishmentFactory, PersonFactory, ServiceFactory, StayFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
D = datetime.date


class Clicks:
    """Counts the clicks a person makes."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, locator) -> None:  # type: ignore[no-untyped-def]
        self.count += 1
        locator.click()


def _check_page(page) -> None:  # type: ignore[no-untyped-def]
    assert_fits_the_screen(page)
    assert_accessible(page)


def _logout(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Se déconnecter").click()


@pytest.fixture
def passerelle(db):  # type: ignore[no-untyped-def]
    est = EstablishmentFactory(name="CHU La Passerelle", city="Amiens")
    day = ServiceFactory(establishment=est, name="Accueil de jour", modality=Modality.ACCUEIL_JOUR, capacity=None)
    UserFactory(username="accueil", role=Role.RECEPTION, establishments=[est])
    UserFactory(username="cheffe", role=Role.ESTABLISHMENT_HEAD, establishments=[est])
    return est, day


NAMES = ["Adam", "Benali", "Caron", "Diallo", "Evrard", "Fabre", "Garnier", "Hamel", "Ibrahim", "Joly"]
SERVICES = [
    ["Passage", "Repas"],
    ["Repas", "Douche"],
    ["Repas"],
    ["Douche", "Lessive"],
    ["Entretien"],
    ["Repas", "Douche"],
    ["Passage"],
    ["Repas", "Douche", "Lessive"],
    ["Repas"],
    ["Douche"],
]


def test_ten_passages_one_tap_per_service_then_the_days_totals(page, live_server, passerelle):
    est, day = passerelle
    people = [PersonFactory(last_name=n, first_name="Sam", home_establishment=est) for n in NAMES]
    page.set_viewport_size(PHONE)
    login(page, "accueil")
    desk = f"/accueil/etablissements/{est.pk}/"
    page.goto(desk)
    _check_page(page)
    click = Clicks()
    for person, services in zip(people, SERVICES, strict=True):
        page.get_by_label("Rechercher une personne").fill(person.last_name[:4].lower())  # htmx, as the agent types
        before = click.count
        click(page.locator("#desk-results").get_by_role("link", name=re.compile(person.last_name.upper())))
        page.get_by_role("heading", name=str(person)).wait_for()
        for service in services:
            click(page.get_by_role("button", name=service, exact=True))
            page.get_by_text(f"Enregistré : {service}").wait_for()
        assert click.count - before == 1 + len(services)  # choosing the person, then one tap per service
    _check_page(page)  # a person chosen, the day's list filled

    # Anonymous: one meal tapped, then a count of twelve; and an anonymous passage.
    click(page.get_by_role("button", name="Repas anonyme"))
    page.get_by_label("Nombre de repas anonymes").fill("12")
    click(page.get_by_role("button", name="Compter les repas"))
    page.get_by_text("Enregistré : Repas ×12").wait_for()
    click(page.get_by_role("button", name="Passage anonyme"))
    page.get_by_text("Enregistré : Passage — anonyme").wait_for()

    # A correction: Joly's shower was a mistake.
    click(page.get_by_role("button", name="Annuler : Douche de JOLY Sam"))
    page.get_by_text("Annulé : Douche").wait_for()

    # The day's totals on the desk…
    shown = {
        code: int(page.get_by_test_id(f"tally-{code}").inner_text())
        for code in ("passage_accueil_jour", "repas", "douche", "lessive", "entretien", "courrier")
    }
    assert int(page.get_by_test_id("tally-persons").inner_text()) == 10
    assert shown == {"passage_accueil_jour": 11, "repas": 19, "douche": 4, "lessive": 2, "entretien": 1, "courrier": 0}
    # …are what the report will count: events of the day-reception service (laundry is the desk's own record).
    today = timezone.localdate()
    events = Event.objects.filter(service=day, date=today)
    sums = {row["kind"]: row["n"] for row in events.values("kind").annotate(n=Sum("quantity"))}
    assert sums == {"passage_accueil_jour": 11, "repas": 19, "douche": 4, "entretien": 1}
    assert events.filter(kind="passage_accueil_jour", person__isnull=False).values("person").distinct().count() == 10
    _check_page(page)

    # A new person from the desk goes through the duplicate check.
    page.get_by_label("Rechercher une personne").fill("zzz")
    click(page.get_by_role("link", name="Nouvelle personne…"))
    page.get_by_label("Nom", exact=True).fill("Adam")
    page.get_by_label("Prénom").fill("Sam")
    page.get_by_label("Date de naissance").fill("1985-06-15")
    page.get_by_label("Sexe").select_option("M")
    page.get_by_role("button", name="Créer la fiche").click()
    page.get_by_text("Cette personne a peut-être déjà une fiche").wait_for()
    _check_page(page)
    page.get_by_role("link", name=re.compile("C'est ADAM Sam")).click()
    page.get_by_role("heading", name="ADAM Sam").wait_for()

    # Lockers: the page and the assignment form.
    page.goto(f"/accueil/etablissements/{est.pk}/casiers/")
    page.get_by_label("Numéro du casier").fill("3")
    page.get_by_role("button", name="Ajouter").click()
    page.get_by_text("Casier n° 3 ajouté").wait_for()
    _check_page(page)
    page.goto(f"/accueil/etablissements/{est.pk}/personnes/{people[0].pk}/casier/")
    _check_page(page)
    page.get_by_role("button", name="Attribuer").click()
    page.get_by_text("Casier n° 3 attribué à ADAM Sam").wait_for()


def _pdf_text(download, tmp_path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "attestation.pdf"
    download.save_as(path)
    return " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout.split()
    )


def test_a_domiciliation_from_request_to_radiation(page, live_server, passerelle, monkeypatch, tmp_path):
    est, day = passerelle
    person = PersonFactory(last_name="Martin", first_name="Éric", home_establishment=est, birth_date=D(1979, 2, 3))
    today = {"day": D(2019, 3, 5)}
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today["day"])
    page.set_viewport_size(PHONE)

    # The reception agent records the request from the desk.
    login(page, "accueil")
    page.goto(f"/accueil/etablissements/{est.pk}/?personne={person.pk}")
    page.get_by_role("link", name="Domiciliation et courrier").click()
    _check_page(page)
    page.get_by_role("link", name="Enregistrer une demande de domiciliation").click()
    page.get_by_label("Demandée par").select_option("spip")
    page.get_by_label("Lieu de naissance (commune, pays)").fill("Abbeville (France)")
    _check_page(page)
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Demande de domiciliation de MARTIN Éric enregistrée").wait_for()
    _logout(page)

    # The head accepts it and prints the attestation.
    login(page, "cheffe")
    page.goto(f"/domiciliation/etablissements/{est.pk}/")
    _check_page(page)
    page.get_by_role("link", name="décider : MARTIN Éric").click()
    page.get_by_label("Acceptée").check()
    _check_page(page)
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Domiciliée ici du 05/03/2019 au 04/03/2020").wait_for()
    with page.expect_download() as info:
        page.get_by_role("link", name="Attestation d'élection de domicile (PDF)").click()
    text = _pdf_text(info.value, tmp_path)
    for expected in (
        "Cerfa n° 13482*02",
        "☒ Première demande",
        "MARTIN",
        "03/02/1979",
        "Abbeville (France)",
        "Date de début de validité 05/03/2019",
        "Date de fin de validité 04/03/2020",
    ):
        assert expected in text, expected
    _logout(page)

    # Three letters arrive; the registered one is handed over; the desk shows what is waiting.
    today["day"] = D(2019, 4, 10)
    login(page, "accueil")
    page.goto(f"/domiciliation/etablissements/{est.pk}/personnes/{person.pk}/")
    for kind in ("simple", "recommande", "colis"):
        page.get_by_label("Nature").select_option(kind)
        page.get_by_role("button", name="Enregistrer le courrier").click()
        page.get_by_text("Enregistré :").wait_for()
    assert page.get_by_test_id("mail-row").count() == 3
    page.goto(f"/accueil/etablissements/{est.pk}/?personne={person.pk}")
    assert "3 pli(s) dont 1 colis, 1 recommandé" in page.get_by_test_id("waiting-mail").inner_text()
    page.goto(f"/domiciliation/etablissements/{est.pk}/personnes/{person.pk}/")
    page.get_by_role("link", name="Remettre : Recommandé (avis de passage) reçu le 10/04/2019").click()
    _check_page(page)
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Courrier (2 en attente)").wait_for()
    _check_page(page)
    recommande = MailItem.objects.get(kind="recommande")
    assert (recommande.handed_on, recommande.returned_on) == (D(2019, 4, 10), None)
    assert Event.objects.filter(kind="courrier", person=person, date=D(2019, 4, 10)).count() == 1
    _logout(page)

    # The renewal, from the day after the end.
    today["day"] = D(2020, 2, 20)
    login(page, "cheffe")
    page.goto(f"/domiciliation/etablissements/{est.pk}/expirations/")
    _check_page(page)
    page.get_by_role("link", name="Renouveler").click()
    page.get_by_text("commence le 05/03/2020").wait_for()
    _check_page(page)
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Domiciliation renouvelée").wait_for()
    renewal = Domiciliation.objects.get(renewal_of__isnull=False)
    assert (renewal.start_date, renewal.end_date) == (D(2020, 3, 5), D(2021, 3, 4))

    # No contact since the renewal (20/02/2020): proposed for radiation on 20/05/2020, not the day before.
    today["day"] = D(2020, 5, 19)
    page.goto(f"/domiciliation/etablissements/{est.pk}/radiations/")
    page.get_by_text("Aucune radiation à décider").wait_for()
    today["day"] = D(2020, 5, 20)
    page.goto(f"/domiciliation/etablissements/{est.pk}/radiations/")
    row = page.get_by_test_id("radiation-row")
    assert "MARTIN Éric" in row.inner_text() and "20/02/2020" in row.inner_text()
    _check_page(page)
    row.get_by_role("link", name="Radier").click()
    _check_page(page)
    page.get_by_role("button", name="Radier").click()
    page.get_by_text("radié(e)").wait_for()
    renewal.refresh_from_db()
    assert (renewal.end_date, renewal.end_reason) == (D(2020, 5, 20), "radiation_sans_contact")


def test_a_roll_call_of_thirty_in_at_most_three_clicks(page, live_server):
    est = EstablishmentFactory(name="CHU La Passerelle")
    night = ServiceFactory(
        establishment=est,
        name="Halte de nuit",
        modality=Modality.HALTE_NUIT,
        capacity=40,
        night_recording=NightRecording.NUITEE,
    )
    for _ in range(30):
        StayFactory(service=night, start_date=D(2019, 5, 1))
    UserFactory(username="veilleur", role=Role.RECEPTION, establishments=[est])
    page.set_viewport_size(PHONE)
    login(page, "veilleur")
    page.goto(f"/places/etablissements/{est.pk}/appel/")
    _check_page(page)
    click = Clicks()
    click(page.get_by_role("button", name="Tout le monde présent"))
    page.get_by_role("heading", name=re.compile("Bilan de la nuit")).wait_for()
    assert click.count <= 3
    assert NightCheck.objects.filter(presence="present").count() == 30
    assert "30 présent(s)" in page.content() and "30 nuitée(s) enregistrée(s)" in page.content()
    _check_page(page)
    page.goto(f"/places/etablissements/{est.pk}/")  # the board, printable
    _check_page(page)


def test_the_live_page_and_the_landing_page_fit_a_phone(page, live_server, passerelle):
    est, day = passerelle
    StayFactory(service=ServiceFactory(establishment=est, name="Urgence", modality=Modality.HEBERGEMENT_URGENCE))
    UserFactory(username="siege", role=Role.HEAD_OFFICE)
    page.set_viewport_size(PHONE)
    login(page, "cheffe")
    page.goto(f"/etablissements/{est.pk}/")
    page.get_by_role("heading", name="Aujourd'hui dans la maison").wait_for()
    _check_page(page)
    _logout(page)
    login(page, "siege")
    assert_fits_the_screen(page)  # the landing page
    for url in ("/personnes/", "/rapports/", f"/places/etablissements/{est.pk}/occupation/"):
        page.goto(url)
        assert_fits_the_screen(page)
