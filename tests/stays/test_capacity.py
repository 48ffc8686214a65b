"""The places of a hosting service are checked by the stay-opening services themselves, so that every way into the
service is refused when it is full: admission, admission from a request, transfer (household included), walk-in."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from admissions import services as admissions
from audit.models import AuditEntry
from establishments.enums import Modality, NightRecording
from establishments.models import Service
from places import services as places
from places.models import Placement
from stays import services
from stays.models import Stay
from tests.factories import (
    AdmissionRequestFactory,
    CapacityPeriodFactory,
    HouseholdFactory,
    PersonFactory,
    ServiceFactory,
    StayFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


MAY_FIRST = D(2019, 5, 1)


def _fill(service: Service, n: int, start: datetime.date = MAY_FIRST) -> list[Stay]:
    return [StayFactory(service=service, start_date=start) for _ in range(n)]


def test_a_transfer_into_a_full_service_is_refused_and_changes_nothing(world):
    _fill(world.shelter_a, 2)  # 2 places, both taken
    audit_rows = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.stay_transfer(
            stay=world.stay_a,
            to_service=world.shelter_a,
            date=D(2019, 6, 1),
            exit_housing="hebergement_urgence",
            exit_activity="inconnu",
            acting_user=world.worker_a,
        )
    assert "est complet" in exc.value.message_dict["to_service"][0]
    world.stay_a.refresh_from_db()
    assert world.stay_a.end_date is None  # the current stay is not closed
    assert Stay.objects.filter(service=world.shelter_a).count() == 2
    assert AuditEntry.objects.count() == audit_rows


def test_a_transfer_moves_the_household_only_when_there_is_room_for_all(world):
    household = HouseholdFactory()
    applicant = StayFactory(service=world.chrs_a, household=household, start_date=D(2019, 3, 1))
    StayFactory(service=world.chrs_a, household=household, household_role="conjoint", start_date=D(2019, 3, 1))
    _fill(world.shelter_a, 1)  # one free place left for two persons
    with pytest.raises(ValidationError, match="2 personne"):
        services.stay_transfer(
            stay=applicant,
            to_service=world.shelter_a,
            date=D(2019, 6, 1),
            exit_housing="inconnu",
            exit_activity="inconnu",
            acting_user=world.worker_a,
        )


def test_a_direct_admission_into_a_full_service_is_refused(world):
    _fill(world.shelter_a, 2)
    with pytest.raises(ValidationError, match="est complet"):
        services.stay_open(
            person=PersonFactory(), service=world.shelter_a, start_date=D(2019, 6, 1), acting_user=world.worker_a
        )


def test_a_place_is_free_again_once_the_occupant_has_left(world):
    first, _ = _fill(world.shelter_a, 2)
    services.stay_close(
        stay=first,
        end_date=D(2019, 5, 31),
        exit_reason="fin_accompagnement",
        exit_housing="tiers",
        exit_activity="inconnu",
        acting_user=world.worker_a,
    )
    stay = services.stay_open(
        person=PersonFactory(), service=world.shelter_a, start_date=D(2019, 6, 1), acting_user=world.worker_a
    )
    assert stay.service == world.shelter_a


def test_the_capacity_in_force_on_the_first_night_decides(world):
    _fill(world.shelter_a, 2)
    CapacityPeriodFactory(service=world.shelter_a, start_date=D(2019, 11, 1), end_date=D(2020, 4, 1), places=3)
    with pytest.raises(ValidationError):
        services.stay_open(
            person=PersonFactory(), service=world.shelter_a, start_date=D(2019, 10, 31), acting_user=world.worker_a
        )
    services.stay_open(
        person=PersonFactory(), service=world.shelter_a, start_date=D(2019, 11, 1), acting_user=world.worker_a
    )


def test_an_admission_from_a_request_into_a_full_service_is_refused(world):
    _fill(world.shelter_a, 2)
    request = AdmissionRequestFactory(
        service=world.shelter_a, decision="favorable", decided_on=D(2019, 5, 2), received_on=D(2019, 5, 1)
    )
    with pytest.raises(ValidationError, match="est complet"):
        admissions.request_admit(request=request, start_date=D(2019, 6, 1), acting_user=world.worker_a)
    request.refresh_from_db()
    assert request.outcome == "en_attente"


def test_a_walk_in_at_a_full_night_shelter_is_refused(world):
    night = ServiceFactory(
        establishment=world.est_a,
        modality=Modality.HALTE_NUIT,
        capacity=1,
        night_recording=NightRecording.NUITEE,
    )
    _fill(night, 1, start=D(2019, 5, 1))
    with pytest.raises(ValidationError, match="est complet"):
        places.walkin_admit(
            service=night,
            day=D(2019, 5, 3),
            last_name="Petit",
            first_name="Jean",
            birth_date=D(1970, 1, 1),
            sex="M",
            acting_user=world.reception_a,
        )


def test_the_transfer_page_says_the_service_is_full(client, world):
    _fill(world.shelter_a, 2)
    client.force_login(world.worker_a)
    response = client.post(
        reverse("places:stay_transfer", kwargs={"pk": world.stay_a.pk}),
        {
            "to_service": world.shelter_a.pk,
            "date": "2019-06-01",
            "exit_housing": "hebergement_urgence",
            "exit_activity": "inconnu",
        },
    )
    assert response.status_code == 200
    assert "est complet" in response.content.decode()
    world.stay_a.refresh_from_db()
    assert world.stay_a.end_date is None


def test_a_transfer_into_a_service_with_units_gives_a_unit(world):
    unit = UnitFactory(service=world.chrs_b, name="12", places=2)
    world.stay_b.delete()
    new = places.transfer(
        stay=world.stay_a,
        to_service=world.chrs_b,
        date=D(2019, 6, 1),
        exit_housing="hebergement_insertion",
        exit_activity="inconnu",
        acting_user=world.worker_a,
    )
    assert Placement.objects.get(stay=new).unit == unit
