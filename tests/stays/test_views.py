from django.urls import reverse

from stays.models import Stay
from tests.factories import PersonFactory


def test_head_office_cannot_write(client, world):
    client.force_login(world.head_office)
    response = client.post(
        reverse("stays:close", args=[world.stay_a.pk]),
        {"end_date": "2019-06-01", "exit_reason": "abandon", "exit_housing": "rue", "exit_activity": "inconnu"},
    )
    assert response.status_code == 403
    world.stay_a.refresh_from_db()
    assert world.stay_a.end_date is None


def test_worker_b_gets_404_on_stay_of_a(client, world):
    client.force_login(world.worker_b)
    assert client.post(reverse("stays:close", args=[world.stay_a.pk]), {}).status_code == 404


def test_open_stay_with_household_member_by_file_number(client, world):
    person, child = PersonFactory(home_establishment=world.est_a), PersonFactory(home_establishment=world.est_a)
    client.force_login(world.worker_a)
    response = client.post(
        reverse("places:stay_open", args=[person.pk]),
        {"service": world.shelter_a.pk, "start_date": "2019-10-01", "member_1": child.pk, "role_1": "enfant"},
    )
    assert response.status_code == 302
    assert Stay.objects.get(person=child).household == Stay.objects.get(person=person).household


def test_open_stay_refuses_member_outside_scope(client, world):
    person = PersonFactory(home_establishment=world.est_a)
    client.force_login(world.worker_a)
    response = client.post(
        reverse("places:stay_open", args=[person.pk]),
        {
            "service": world.shelter_a.pk,
            "start_date": "2019-10-01",
            "member_1": world.person_b.pk,
            "role_1": "conjoint",
        },
    )
    assert f"aucun dossier n° {world.person_b.pk} dans votre périmètre" in response.content.decode()
    assert not Stay.objects.filter(person=person).exists()


def test_open_stay_cannot_target_a_service_of_another_establishment(client, world):
    person = PersonFactory(home_establishment=world.est_a)
    client.force_login(world.worker_a)
    response = client.post(
        reverse("places:stay_open", args=[person.pk]), {"service": world.chrs_b.pk, "start_date": "2019-10-01"}
    )
    assert "« Service »" in response.content.decode() or "Sélectionnez un choix valide" in response.content.decode()
    assert not Stay.objects.filter(person=person).exists()


def test_close_stay_form_names_missing_fields(client, world):
    client.force_login(world.worker_a)
    body = client.post(reverse("stays:close", args=[world.stay_a.pk]), {"end_date": "2019-06-01"}).content.decode()
    for label in ("Motif de sortie", "Logement à la sortie", "Activité à la sortie"):
        assert f"« {label} » est obligatoire." in body


def test_open_stay_refuses_a_full_service(client, world):
    # shelter_a has 2 places: two people in, the third is told why and nothing is saved.
    client.force_login(world.worker_a)
    people = [PersonFactory(home_establishment=world.est_a) for _ in range(3)]
    for person in people[:2]:
        response = client.post(
            reverse("places:stay_open", args=[person.pk]), {"service": world.shelter_a.pk, "start_date": "2019-10-01"}
        )
        assert response.status_code == 302
    response = client.post(
        reverse("places:stay_open", args=[people[2].pk]), {"service": world.shelter_a.pk, "start_date": "2019-10-01"}
    )
    assert "est complet" in response.content.decode()
    assert not Stay.objects.filter(person=people[2]).exists()
