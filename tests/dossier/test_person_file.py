"""The person's file composed from every app's contribution: one timeline with the accompaniment in it, each part
seen only by those who may see it."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from accompaniment import services as accompaniment
from dossier.person_file import compose
from tests.factories import AdmissionRequestFactory, HouseholdFactory, JusticeMeasureFactory, PersonFactory, StayFactory

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _page(client, user, person) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse("dossier:person", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_appointments_and_notes_are_on_the_parcours_timeline(client, world):
    accompaniment.appointment_book(
        person=world.person_a,
        starts_at=datetime.datetime(2019, 4, 2, 10, 30, tzinfo=PARIS),
        place="SPIP d'Amiens",
        purpose="Rendez-vous avec la conseillère SPIP",
        acting_user=world.worker_a,
    )
    accompaniment.note_write(
        person=world.person_a,
        text="Entretien d'accueil : souhaite reprendre une formation.",
        date=datetime.date(2019, 3, 5),
        acting_user=world.worker_a,
    )
    file = compose(world.person_a, world.worker_a)
    labels = [(i.date, i.kind, i.label, i.detail) for i in file.timeline]
    assert (
        datetime.date(2019, 4, 2),
        "appointment",
        "Rendez-vous : Rendez-vous avec la conseillère SPIP",
        "10:30, SPIP d'Amiens — Prévu",
    ) in labels
    note = next(i for i in file.timeline if i.kind == "note")
    assert note.date == datetime.date(2019, 3, 5) and "souhaite reprendre une formation" in note.detail
    # newest first: the appointment (2 April), the note (5 March), the arrival (1 March)
    assert [i.kind for i in file.timeline] == ["appointment", "note", "stay_start"]
    body = _page(client, world.worker_a, world.person_a)
    assert body.index("Rendez-vous avec la conseillère SPIP") < body.index("souhaite reprendre une formation")


def test_the_reception_role_gets_identity_and_stays_only(client, world):
    JusticeMeasureFactory(person=world.person_a, measure="pse")
    AdmissionRequestFactory(person=world.person_a, service=world.chrs_a)
    accompaniment.note_write(person=world.person_a, text="Note d'équipe", acting_user=world.worker_a)
    file = compose(world.person_a, world.reception_a)
    assert {i.kind for i in file.timeline} == {"stay_start"}
    assert [p.template for p in file.panels] == [
        "people/panels/identity.html",
        "stays/panels/current.html",
        "domiciliation/panels/domiciliations.html",  # the reception desk records requests and mail
    ]
    body = _page(client, world.reception_a, world.person_a)
    assert "Mesures de justice" not in body and "Note d'équipe" not in body and "Demande d'admission" not in body


def test_the_household_shows_only_members_within_the_users_establishments(client, world):
    household = HouseholdFactory()
    world.stay_a.household = household
    world.stay_a.save()
    here = PersonFactory(last_name="Ici")
    StayFactory(person=here, service=world.chrs_a, household=household, household_role="conjoint")
    elsewhere = PersonFactory(last_name="Ailleurs")
    StayFactory(person=elsewhere, service=world.chrs_b, household=household, household_role="enfant")
    body = _page(client, world.worker_a, world.person_a)
    assert "ICI" in body and "AILLEURS" not in body
    assert "AILLEURS" in _page(client, world.head_office, world.person_a)


def test_every_panel_is_computed_before_rendering(client, world, django_assert_max_num_queries):
    """The page's queries are made by the contributions (no template tag queries): the count does not grow with
    the number of notes, appointments and measures."""
    for n in range(5):
        accompaniment.note_write(person=world.person_a, text=f"Note {n}", acting_user=world.worker_a)
        JusticeMeasureFactory(person=world.person_a, measure="sme")
    client.force_login(world.worker_a)
    with django_assert_max_num_queries(40):
        client.get(reverse("dossier:person", args=[world.person_a.pk]))
