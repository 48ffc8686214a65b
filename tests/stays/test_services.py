import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from audit.models import AuditEntry
from stays import services
from stays.models import Stay
from tests.factories import PersonFactory, StayFactory

D = datetime.date


def test_open_with_household_creates_one_stay_per_member(world):
    partner, child = PersonFactory(sex="F"), PersonFactory(birth_date=D(2015, 1, 1))
    person = PersonFactory()
    stay = services.stay_open(
        person=person,
        service=world.chrs_a,  # 20 places: room for the three of them
        start_date=D(2019, 9, 1),
        household_members=[(partner, "conjoint"), (child, "enfant")],
        acting_user=world.worker_a,
    )
    stays = Stay.objects.filter(household=stay.household)
    assert {(s.person, s.household_role) for s in stays} == {
        (person, "demandeur"),
        (partner, "conjoint"),
        (child, "enfant"),
    }
    assert all(s.hosting for s in stays)
    assert AuditEntry.objects.filter(object_type="stays.stay", action="create").count() == 3


def test_two_hosting_stays_on_the_same_night_are_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.stay_open(
            person=world.person_a, service=world.shelter_a, start_date=D(2019, 5, 1), acting_user=world.worker_a
        )
    assert "déjà hébergé" in exc.value.message_dict["start_date"][0]
    assert Stay.objects.filter(person=world.person_a).count() == 1


def test_close_requires_every_exit_code(world):
    with pytest.raises(ValidationError) as exc:
        services.stay_close(
            stay=world.stay_a,
            end_date=D(2019, 6, 1),
            exit_reason="",
            exit_housing="chateau",
            exit_activity="",
            acting_user=world.worker_a,
        )
    assert set(exc.value.message_dict) == {"exit_reason", "exit_housing", "exit_activity"}
    world.stay_a.refresh_from_db()
    assert world.stay_a.end_date is None


def test_close_before_start_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.stay_close(
            stay=world.stay_a,
            end_date=D(2019, 2, 1),
            exit_reason="abandon",
            exit_housing="rue",
            exit_activity="inconnu",
            acting_user=world.worker_a,
        )
    assert "avant la date d'entrée" in exc.value.message_dict["end_date"][0]


def test_transfer_closes_and_opens_on_the_same_day_household_included(world):
    partner = PersonFactory(sex="F")
    first = services.stay_open(
        person=PersonFactory(),
        service=world.chrs_a,
        start_date=D(2019, 3, 1),
        household_members=[(partner, "conjoint")],
        acting_user=world.worker_a,
    )
    new = services.stay_transfer(
        stay=first,
        to_service=world.shelter_a,
        date=D(2019, 7, 1),
        exit_housing="hebergement_urgence",
        exit_activity="cdi",
        acting_user=world.worker_a,
    )
    first.refresh_from_db()
    assert first.end_date == new.start_date == D(2019, 7, 1)
    assert first.exit_reason == "reorientation" and first.exit_activity == "cdi"
    partner_stays = Stay.objects.filter(person=partner).order_by("start_date")
    assert [s.service for s in partner_stays] == [world.chrs_a, world.shelter_a]
    assert partner_stays[0].end_date == D(2019, 7, 1) and partner_stays[1].end_date is None


def test_transfer_failure_leaves_nothing_half_saved(world):
    # The target is blocked by another hosting stay starting later: nothing must change.
    person = PersonFactory()
    stay = StayFactory(person=person, service=world.chrs_a, start_date=D(2019, 1, 1))
    with pytest.raises(ValidationError):
        services.stay_transfer(
            stay=stay,
            to_service=world.chrs_a,
            date=D(2019, 7, 1),
            exit_housing="inconnu",
            exit_activity="inconnu",
            acting_user=world.worker_a,
        )
    stay.refresh_from_db()
    assert stay.end_date is None


@pytest.mark.parametrize(
    "fields",
    [
        {"end_date": D(2019, 1, 1)},  # before start, no exit codes
        {"end_date": D(2019, 5, 1), "exit_housing": "", "exit_activity": "cdi"},
        {"exit_housing": "chateau"},
        {"household_role": "cousin"},
    ],
)
def test_database_refuses_inconsistent_stays(world, fields):
    values = {
        "person": world.person_b,
        "service": world.chrs_b,
        "start_date": D(2019, 3, 1),
        "exit_reason": "autre",
        "exit_housing": "inconnu",
        "exit_activity": "inconnu",
        "end_date": D(2019, 5, 1),
    }
    values.update(fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(**values)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraint exists on PostgreSQL only")
def test_postgresql_refuses_two_hosting_nights_even_bypassing_services(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(person=world.person_a, service=world.shelter_a, start_date=D(2019, 4, 1), hosting=True)
    # A same-day transfer is allowed: [start, end) ranges only touch.
    Stay.objects.filter(pk=world.stay_a.pk).update(
        end_date=D(2019, 4, 1), exit_reason="reorientation", exit_housing="hebergement_urgence", exit_activity="inconnu"
    )
    Stay.objects.create(person=world.person_a, service=world.shelter_a, start_date=D(2019, 4, 1), hosting=True)
