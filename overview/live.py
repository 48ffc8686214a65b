"""The establishment's day, read in a constant number of queries: tonight's presence against capacity, who arrives
and leaves this week, requests waiting for the commission, overdue documents of stays, open incidents, the day
reception's tally, domiciliations expiring or to radiate, overdue lockers. Each block is computed only for the
roles that may see it (role capabilities), so what a role may not see is never even read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from accompaniment.deadlines import DocumentStatus, overdue_documents
from admissions.enums import Decision
from admissions.models import AdmissionRequest
from admissions.services import upcoming_arrivals
from domiciliation import services as domiciliations
from domiciliation.models import Domiciliation
from establishments.enums import HOSTING_MODALITIES
from establishments.models import CapacityPeriod, Establishment, Service
from establishments.services import capacity_on
from places.enums import IncidentStatus, Presence
from places.models import Incident, NightCheck, Placement
from reception import services as reception
from reception.models import LockerAssignment
from stays.models import Stay

WEEK = datetime.timedelta(days=6)  # today and the six days after
SHOWN = 8


@dataclass(frozen=True)
class Tonight:
    service: Service
    expected: int
    capacity: int | None
    checked_present: int | None  # None before the roll-call

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else self.capacity - self.expected

    @property
    def occupancy(self) -> float | None:
        return round(100 * self.expected / self.capacity, 1) if self.capacity else None


def tonight(establishment: Establishment, services: list[Service], today: datetime.date) -> list[Tonight]:
    hosting = [s for s in services if s.modality in HOSTING_MODALITIES]
    expected = dict(
        Stay.objects.ongoing_on(today)
        .filter(service__in=hosting)
        .values_list("service")
        .annotate(n=Count("pk"))
        .values_list("service", "n")
    )
    checks = {
        row["stay__service"]: row
        for row in NightCheck.objects.filter(stay__service__in=hosting, date=today)
        .values("stay__service")
        .annotate(n=Count("pk"), present=Count("pk", filter=Q(presence=Presence.PRESENT)))
    }
    periods: dict[int, list[CapacityPeriod]] = {s.pk: [] for s in hosting}
    for period in CapacityPeriod.objects.filter(service__in=hosting, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today)
    ):
        periods[period.service_id].append(period)
    return [
        Tonight(
            service=s,
            expected=expected.get(s.pk, 0),
            capacity=capacity_on(s, today, periods[s.pk]),
            checked_present=checks[s.pk]["present"] if s.pk in checks else None,
        )
        for s in hosting
    ]


@dataclass
class Live:
    today: datetime.date
    tonight: list[Tonight]
    departures: list[Placement]
    arrivals: list[AdmissionRequest] | None = None
    waiting_requests: list[AdmissionRequest] | None = None
    waiting_count: int = 0
    overdue_documents: list[DocumentStatus] | None = None
    open_incidents: list[Incident] | None = None
    tally: reception.DayTally | None = None
    expiring: list[Domiciliation] | None = None
    radiations: list[domiciliations.RadiationProposal] | None = None
    overdue_lockers: int = 0


def live(establishment: Establishment, services: list[Service], user: Any, today: datetime.date) -> Live:
    week_end = today + WEEK
    out = Live(
        today=today,
        tonight=tonight(establishment, services, today),
        departures=list(
            Placement.objects.filter(
                stay__service__establishment=establishment,
                stay__end_date__isnull=True,
                planned_departure__range=(today, week_end),
            )
            .select_related("stay__person", "stay__service", "unit")
            .order_by("planned_departure", "pk")
        ),
    )
    if user.sees_accompaniment:
        out.arrivals = list(
            upcoming_arrivals(establishment).filter(
                Q(expected_arrival__isnull=True) | Q(expected_arrival__lte=week_end)
            )[:SHOWN]
        )
        waiting = AdmissionRequest.objects.filter(
            service__establishment=establishment, decision=Decision.EN_ATTENTE
        ).select_related("person", "service")
        out.waiting_requests = list(waiting.order_by("received_on", "pk")[:SHOWN])
        out.waiting_count = waiting.count()
        out.overdue_documents = overdue_documents(
            Stay.objects.filter(service__establishment=establishment), today=today
        )
    if user.sees_justice:
        out.open_incidents = list(
            Incident.objects.filter(establishment=establishment, status=IncidentStatus.A_EXAMINER)
            .select_related("person")
            .order_by("occurred_at", "pk")
        )
    if any(s.modality == "accueil_jour" for s in services):
        out.tally = reception.day_tally(establishment, today)
    rows = Domiciliation.objects.filter(service__establishment=establishment)
    out.expiring = list(domiciliations.expiring(rows, today))
    out.radiations = domiciliations.radiation_proposals(rows, today)
    out.overdue_lockers = LockerAssignment.objects.filter(locker__establishment=establishment).overdue_on(today).count()
    return out
