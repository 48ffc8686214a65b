"""Places: capacity, board, roll-call, walk-ins, occupancy, incidents."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from establishments.enums import Modality, NightRecording
from events.models import Event
from places import occupancy, services
from places.models import Incident, NightCheck
from reports.scope import Scope
from reports.sections.nights import nights as report_nights
from tests.factories import (
    CapacityPeriodFactory,
    JusticeMeasureFactory,
    PersonFactory,
    ServiceFactory,
    StayFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_capacity_periods_change_the_places(world):
    s = world.shelter_a  # capacity 2
    CapacityPeriodFactory(service=s, start_date=D(2019, 11, 1), end_date=D(2020, 4, 1), places=4)
    assert services.capacity_on(s, D(2019, 10, 31)) == 2
    assert services.capacity_on(s, D(2019, 12, 1)) == 4


def test_plain_capacity_refuses_the_extra_person(world):
    s = world.shelter_a  # 2 places
    for _ in range(2):
        services.admit(person=PersonFactory(), service=s, start_date=D(2019, 5, 1), acting_user=world.worker_a)
    with pytest.raises(ValidationError, match="complet"):
        services.admit(person=PersonFactory(), service=s, start_date=D(2019, 5, 2), acting_user=world.worker_a)


def test_first_free_unit_is_picked_and_board_shows_free_places(world):
    u1 = UnitFactory(service=world.chrs_b, name="A", places=1)
    u2 = UnitFactory(service=world.chrs_b, name="B", places=2)
    world.stay_b.delete()
    p1, p2 = PersonFactory(), PersonFactory()
    s1 = services.admit(person=p1, service=world.chrs_b, start_date=D(2019, 5, 1), acting_user=world.worker_b)
    s2 = services.admit(person=p2, service=world.chrs_b, start_date=D(2019, 5, 1), acting_user=world.worker_b)
    assert (s1.placement.unit, s2.placement.unit) == (u1, u2)
    (board,) = services.board(world.est_b, D(2019, 5, 2))
    assert [(r.unit, len(r.occupants), r.free) for r in board.rows] == [(u1, 1, 0), (u2, 1, 1)]
    assert (board.capacity, board.occupied, board.free) == (3, 2, 1)


def test_rollcall_records_presence_and_nights_for_nuitee_services(world):
    night = ServiceFactory(
        establishment=world.est_a, modality=Modality.HALTE_NUIT, capacity=10, night_recording=NightRecording.NUITEE
    )
    stay = StayFactory(service=night, start_date=D(2019, 5, 1))
    day = D(2019, 5, 3)
    result = services.rollcall_record(
        establishment=world.est_a,
        day=day,
        marks={stay.pk: "present", world.stay_a.pk: "absence_autorisee"},
        acting_user=world.reception_a,
    )
    assert result.nights_created == 1
    assert Event.objects.get(kind="nuitee").person == stay.person
    # Recording again changes the mark without doubling the night.
    services.rollcall_record(
        establishment=world.est_a, day=day, marks={stay.pk: "present"}, acting_user=world.reception_a
    )
    assert Event.objects.filter(kind="nuitee").count() == 1
    assert NightCheck.objects.get(stay=world.stay_a).presence == "absence_autorisee"


def test_rollcall_refuses_someone_not_expected(world):
    with pytest.raises(ValidationError):
        services.rollcall_record(
            establishment=world.est_a,
            day=D(2019, 5, 3),
            marks={world.stay_b.pk: "present"},
            acting_user=world.reception_a,
        )


def test_absent_at_night_under_pse_opens_an_incident(world):
    JusticeMeasureFactory(person=world.person_a, measure="pse", start_date=D(2019, 2, 1))
    result = services.rollcall_record(
        establishment=world.est_a, day=D(2019, 5, 3), marks={world.stay_a.pk: "absent"}, acting_user=world.reception_a
    )
    assert len(result.incidents) == 1
    assert Incident.objects.get().kind == "absence_nuit"


def test_absence_outside_authorised_hours_is_an_incident(world):
    pse = JusticeMeasureFactory(person=world.person_a, measure="pse", start_date=D(2019, 2, 1))
    services.conditions_record(
        measure=pse,
        care_obligation="Suivi CSAPA",
        hours=[(0, datetime.time(7, 0), datetime.time(19, 0))],  # Mondays 7:00–19:00
        acting_user=world.worker_a,
    )
    tz = timezone.get_current_timezone()
    monday_noon = datetime.datetime(2019, 5, 6, 12, 0, tzinfo=tz)
    monday_night = datetime.datetime(2019, 5, 6, 21, 0, tzinfo=tz)
    assert (
        services.absence_record(
            person=world.person_a, establishment=world.est_a, at=monday_noon, description="", acting_user=world.worker_a
        )
        is None
    )
    incident = services.absence_record(
        person=world.person_a,
        establishment=world.est_a,
        at=monday_night,
        description="Pas rentré",
        acting_user=world.worker_a,
    )
    assert incident is not None and incident.kind == "absence_horaires"
    services.incident_update(
        incident=incident,
        description="Rentré à 23h, SPIP prévenu",
        spip_informed_at=monday_night + datetime.timedelta(hours=1),
        status="clos",
        acting_user=world.worker_a,
    )
    incident.refresh_from_db()
    assert incident.status == "clos" and incident.spip_informed_at is not None


def test_walkin_creates_person_stay_and_night(world):
    night = ServiceFactory(
        establishment=world.est_a, modality=Modality.HALTE_NUIT, capacity=10, night_recording=NightRecording.NUITEE
    )
    stay = services.walkin_admit(
        service=night,
        day=D(2019, 6, 1),
        last_name="Petit",
        first_name="Jean",
        birth_date=D(1970, 1, 1),
        sex="M",
        acting_user=world.reception_a,
    )
    again = services.walkin_admit(
        service=night,
        day=D(2019, 6, 1),
        last_name="PETIT",
        first_name="jean",
        birth_date=D(1970, 1, 1),
        sex="M",
        acting_user=world.reception_a,
    )
    assert again == stay
    assert Event.objects.filter(kind="nuitee", person=stay.person).count() == 1


def test_occupancy_months_add_up_to_the_report_nights(world):
    CapacityPeriodFactory(service=world.chrs_a, start_date=D(2019, 7, 1), end_date=D(2019, 9, 1), places=25)
    StayFactory(
        service=world.chrs_a,
        start_date=D(2019, 1, 15),
        end_date=D(2019, 2, 10),
        closed=False,
        exit_reason="fin_accompagnement",
        exit_housing="inconnu",
        exit_activity="inconnu",
    )
    rows = occupancy.months(world.chrs_a, 2019)
    section = report_nights(2019, Scope.for_service(world.chrs_a))
    (service_nights,) = section.services
    assert sum(r.nights for r in rows) == service_nights.nights
    assert sum(r.place_nights for r in rows) == service_nights.place_nights
    assert (rows[0].nights, rows[1].nights, rows[2].nights) == (17, 9, 31)
