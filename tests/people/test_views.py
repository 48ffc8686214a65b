import datetime

from django.urls import reverse

from audit.models import AuditEntry
from people.models import Person
from tests.factories import PersonFactory, StayFactory, VulnerabilityFactory


def test_search_is_accent_and_case_insensitive_and_partial(client, world):
    client.force_login(world.worker_a)
    response = client.get(reverse("people:search"), {"q": "eric MART"})
    assert world.person_a.last_name.upper() in response.content.decode()


def test_search_never_shows_persons_outside_scope(client, world):
    client.force_login(world.worker_a)
    response = client.get(reverse("people:search"), {"q": "bernard"})
    assert "BERNARD" not in response.content.decode()
    assert "Aucune personne ne correspond" in response.content.decode()


def test_search_by_birth_date_and_external_id(client, world):
    other = PersonFactory(last_name="Durand", birth_date=datetime.date(1990, 1, 2), external_id="X-42")
    StayFactory(person=other, service=world.chrs_a)
    client.force_login(world.worker_a)
    assert "DURAND" in client.get(reverse("people:search"), {"birth_date": "1990-01-02"}).content.decode()
    assert "DURAND" in client.get(reverse("people:search"), {"external_id": "X-42"}).content.decode()


def test_search_htmx_returns_only_the_results_fragment(client, world):
    client.force_login(world.worker_a)
    response = client.get(reverse("people:search"), {"q": "martin"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "MARTIN" in body and "<html" not in body


def _create_payload(world, **overrides):
    payload = {
        "last_name": "Dupont",
        "first_name": "Jean",
        "birth_date": "1980-05-04",
        "sex": "M",
        "home_establishment": world.est_a.pk,
    }
    payload.update(overrides)
    return payload


def test_create_person_then_visible_in_creating_establishment(client, world):
    client.force_login(world.worker_a)
    response = client.post(reverse("people:create"), _create_payload(world))
    person = Person.objects.get(last_name="Dupont")
    assert response.status_code == 302 and response["Location"] == reverse("dossier:person", args=[person.pk])
    assert Person.objects.visible_to(world.worker_a).filter(pk=person.pk).exists()
    assert not Person.objects.visible_to(world.worker_b).filter(pk=person.pk).exists()
    entry = AuditEntry.objects.get(object_type="people.person", action="create")
    assert entry.actor == world.worker_a and entry.changes["last_name"] == [None, "Dupont"]


def test_near_duplicate_is_shown_before_saving(client, world):
    PersonFactory(
        last_name="Dupond", first_name="Jean", birth_date=datetime.date(1980, 5, 4), home_establishment=world.est_a
    )
    client.force_login(world.worker_a)
    response = client.post(reverse("people:create"), _create_payload(world, last_name="DUPONT"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "a peut-être déjà une fiche" in body and "Ouvrir la fiche de DUPOND Jean" in body
    assert Person.objects.filter(search_name="dupont jean").count() == 0
    response = client.post(
        reverse("people:create"), _create_payload(world, last_name="DUPONT", confirm_not_duplicate="on")
    )
    assert response.status_code == 302
    assert Person.objects.filter(search_name="dupont jean").count() == 1


def test_duplicate_in_another_establishment_is_counted_without_identity(client, world):
    client.force_login(world.worker_a)
    payload = _create_payload(world, last_name="Bernard", first_name="Luc", birth_date="1985-06-15")
    body = client.post(reverse("people:create"), payload).content.decode()
    assert "1 fiche(s) semblable(s) existe(nt) dans un autre établissement" in body
    assert reverse("dossier:person", args=[world.person_b.pk]) not in body


def test_create_refuses_bad_input_with_french_message_naming_the_field(client, world):
    client.force_login(world.worker_a)
    response = client.post(reverse("people:create"), _create_payload(world, last_name="", birth_date="1980-02-30"))
    body = response.content.decode()
    assert "« Nom » est obligatoire." in body
    assert "« Date de naissance » : date invalide" in body
    assert not Person.objects.filter(first_name="Jean").exists()


def test_detail_is_audited_as_a_view(client, world):
    client.force_login(world.head_office)
    client.get(reverse("dossier:person", args=[world.person_a.pk]))
    assert AuditEntry.objects.filter(action="view", person=world.person_a, actor=world.head_office).count() == 1


def test_reception_sees_no_justice_and_no_health(client, world):
    VulnerabilityFactory(person=world.person_a)
    client.force_login(world.reception_a)
    body = client.get(reverse("dossier:person", args=[world.person_a.pk])).content.decode()
    assert "Mesures de justice" not in body and "Vulnérabilités" not in body


def test_health_data_only_for_granted_users(client, world):
    VulnerabilityFactory(person=world.person_a)
    client.force_login(world.worker_a)  # granted
    assert (
        "Addiction à l&#x27;alcool" in client.get(reverse("dossier:person", args=[world.person_a.pk])).content.decode()
    )
    world.worker_a.health_data_access = False
    world.worker_a.save()
    body = client.get(reverse("dossier:person", args=[world.person_a.pk])).content.decode()
    assert "Addiction à l&#x27;alcool" not in body


def test_timeline_shows_gap_between_stays(client, world):
    person = PersonFactory()
    StayFactory(
        person=person,
        service=world.chrs_a,
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2019, 2, 1),
        exit_reason="abandon",
        exit_housing="rue",
        exit_activity="sans_activite",
    )
    StayFactory(person=person, service=world.shelter_a, start_date=datetime.date(2019, 2, 11))
    client.force_login(world.worker_a)
    body = client.get(reverse("dossier:person", args=[person.pk])).content.decode()
    assert "Sans accompagnement pendant 10 jour(s)" in body


def test_timeline_says_when_stays_elsewhere_are_hidden(client, world):
    StayFactory(
        person=world.person_a,
        service=world.chrs_b,
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2018, 6, 1),
        exit_reason="reorientation",
        exit_housing="hebergement_insertion",
        exit_activity="inconnu",
    )
    client.force_login(world.worker_a)
    body = client.get(reverse("dossier:person", args=[world.person_a.pk])).content.decode()
    assert "1 séjour(s) dans un autre établissement" in body


def test_edit_person_writes_field_changes_to_audit(client, world):
    client.force_login(world.worker_a)
    client.post(
        reverse("people:edit", args=[world.person_a.pk]),
        {"last_name": "Martin-Durand", "first_name": "Éric", "birth_date": "1985-06-15", "sex": "M", "referent": ""},
    )
    entry = AuditEntry.objects.get(action="update", object_type="people.person")
    assert entry.changes == {"last_name": ["Martin", "Martin-Durand"]}


def test_record_vulnerability(client, world):
    client.force_login(world.worker_a)
    response = client.post(
        reverse("people:vulnerability_create", args=[world.person_a.pk]),
        {"kind": "troubles_psychiques", "recorded_on": "2019-04-02"},
    )
    assert response.status_code == 302
    assert world.person_a.vulnerabilities.get().kind == "troubles_psychiques"


def test_set_referent_among_colleagues(client, world):
    client.force_login(world.worker_a)
    payload = {"last_name": "Martin", "first_name": "Éric", "birth_date": "1985-06-15", "sex": "M"}
    client.post(reverse("people:edit", args=[world.person_a.pk]), {**payload, "referent": world.worker_a.pk})
    world.person_a.refresh_from_db()
    assert world.person_a.referent == world.worker_a
    body = client.post(reverse("people:edit", args=[world.person_a.pk]), {**payload, "referent": world.worker_b.pk})
    assert body.status_code == 200  # a worker of another establishment is not offered
    world.person_a.refresh_from_db()
    assert world.person_a.referent == world.worker_a
