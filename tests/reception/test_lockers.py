"""Lockers: assign (person, start, planned end), release, the overdue list."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reception import services
from reception.models import Locker, LockerAssignment
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_assign_release_and_overdue(world):
    one = services.locker_add(establishment=world.est_a, number=1, acting_user=world.reception_a)
    two = services.locker_add(establishment=world.est_a, number=2, acting_user=world.reception_a)
    a = services.locker_assign(
        locker=one,
        person=world.person_a,
        start_date=D(2019, 5, 1),
        planned_end=D(2019, 5, 31),
        acting_user=world.reception_a,
    )
    with pytest.raises(ValidationError) as exc:
        services.locker_assign(
            locker=one,
            person=PersonFactory(),
            start_date=D(2019, 5, 2),
            planned_end=D(2019, 6, 1),
            acting_user=world.reception_a,
        )
    assert "occupé" in exc.value.message_dict["locker"][0]
    with pytest.raises(ValidationError) as exc:
        services.locker_assign(
            locker=two,
            person=world.person_a,
            start_date=D(2019, 5, 2),
            planned_end=D(2019, 6, 1),
            acting_user=world.reception_a,
        )
    assert "Casier n° 1" in exc.value.message_dict["person"][0]
    with pytest.raises(ValidationError) as exc:
        services.locker_assign(
            locker=two,
            person=PersonFactory(),
            start_date=D(2019, 5, 2),
            planned_end=D(2019, 5, 1),
            acting_user=world.reception_a,
        )
    assert "planned_end" in exc.value.message_dict
    qs = LockerAssignment.objects.all()
    assert list(qs.overdue_on(D(2019, 5, 31))) == []  # the planned end itself is not overdue
    assert list(qs.overdue_on(D(2019, 6, 1))) == [a]
    with pytest.raises(ValidationError):
        services.locker_release(assignment=a, released_on=D(2019, 4, 30), acting_user=world.reception_a)
    services.locker_release(assignment=a, released_on=D(2019, 6, 3), acting_user=world.reception_a)
    assert list(qs.overdue_on(D(2019, 6, 4))) == []


def test_lockers_page_lists_the_overdue(client, world):
    locker = Locker.objects.create(establishment=world.est_a, number=7)
    LockerAssignment.objects.create(
        locker=locker, person=world.person_a, start_date=D(2019, 1, 1), planned_end=D(2019, 2, 1)
    )
    client.force_login(world.reception_a)
    body = client.get(reverse("reception:lockers", args=[world.est_a.pk])).content.decode()
    assert 'data-testid="overdue-locker"' in body and "Casier n° 7" in body and "01/02/2019" in body
    client.force_login(world.head_office)
    body = client.get(reverse("reception:lockers", args=[world.est_a.pk])).content.decode()
    assert "Ajouter un casier" not in body and "Libérer" not in body
