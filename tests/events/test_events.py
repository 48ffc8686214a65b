from django.urls import reverse

from events.models import Event


def test_reception_records_a_night_for_a_person(client, world):
    client.force_login(world.reception_a)
    response = client.post(
        reverse("events:create", args=[world.person_a.pk]),
        {"service": world.shelter_a.pk, "date": "2019-05-02", "kind": "nuitee", "quantity": 1},
    )
    assert response.status_code == 302
    assert Event.objects.get().person == world.person_a


def test_anonymous_meal_count(client, world):
    client.force_login(world.reception_a)
    response = client.post(
        reverse("events:meals", args=[world.est_a.pk]),
        {"service": world.shelter_a.pk, "date": "2019-05-02", "quantity": 37},
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.person, event.kind, event.quantity) == (None, "repas", 37)


def test_quantity_must_be_positive(client, world):
    client.force_login(world.reception_a)
    body = client.post(
        reverse("events:meals", args=[world.est_a.pk]),
        {"service": world.shelter_a.pk, "date": "2019-05-02", "quantity": 0},
    ).content.decode()
    assert "« Quantité » doit être au moins 1." in body or "doit être au moins 1" in body
    assert not Event.objects.exists()
