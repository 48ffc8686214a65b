"""Times shown to users are Paris time, winter (UTC+1) and summer (UTC+2) alike: an appointment booked at 10:30 reads
10:30 wherever it is written as text (its __str__, the audit log), not the UTC time it is stored as."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from accompaniment import services
from accompaniment.models import Appointment
from audit.models import AuditEntry
from places.models import Incident

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
WINTER = datetime.datetime(2019, 1, 15, 10, 30, tzinfo=PARIS)  # 09:30 UTC
SUMMER = datetime.datetime(2019, 7, 15, 10, 30, tzinfo=PARIS)  # 08:30 UTC


@pytest.mark.parametrize("starts_at", [WINTER, SUMMER], ids=["winter", "summer"])
def test_an_appointment_at_half_past_ten_in_paris_reads_half_past_ten(world, starts_at):
    appointment = services.appointment_book(
        person=world.person_a, starts_at=starts_at, place="SPIP 80", purpose="Suivi", acting_user=world.worker_a
    )
    appointment = Appointment.objects.get(pk=appointment.pk)  # as read back from the database (UTC)
    assert str(appointment) == f"Rendez-vous du {starts_at:%d/%m/%Y} 10:30 : Suivi"
    entry = AuditEntry.objects.get(object_type="accompaniment.appointment")
    assert entry.object_repr == str(appointment)
    assert entry.changes["starts_at"][1].startswith(f"{starts_at:%Y-%m-%d}T10:30:00")


@pytest.mark.parametrize("at", [WINTER, SUMMER], ids=["winter", "summer"])
def test_an_incident_and_an_audit_entry_read_in_paris_time(world, at):
    incident = Incident.objects.create(
        person=world.person_a, establishment=world.est_a, kind="absence_nuit", occurred_at=at.astimezone(datetime.UTC)
    )
    assert str(Incident.objects.get(pk=incident.pk)).endswith(f"le {at:%d/%m/%Y} 10:30")
    entry = AuditEntry.objects.create(at=at.astimezone(datetime.UTC), actor_label="worker_a", action="view")
    assert str(AuditEntry.objects.get(pk=entry.pk)).startswith(f"{at:%d/%m/%Y} 10:30 worker_a")
