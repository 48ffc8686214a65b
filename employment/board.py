"""The workshop board of an establishment: who is on contract today in each workshop, the contracts ending within 30
days (the renewal decision to take), the hours of this month, the justice measures in force with their SPIP (for the
roles that see justice), the TIG placements in progress. A constant number of queries, whatever the number of
employees."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, Sum

from establishments.models import Establishment, Service
from justice.enums import MeasureType
from justice.models import JusticeMeasure
from people.models import Person

from .models import Contract, TigPlacement, WorkHours
from .sheets import insertion_services, month_label

RENEWAL_HORIZON_DAYS = 30


@dataclass
class Employee:
    contract: Contract
    hours_this_month: Decimal | None
    measures: list[JusticeMeasure] = field(default_factory=list)

    @property
    def person(self) -> Person:
        return self.contract.stay.person


@dataclass
class Workshop:
    service: Service
    employees: list[Employee]
    ending_soon: list[Contract]

    @property
    def hours_this_month(self) -> Decimal:
        return sum((e.hours_this_month or Decimal(0) for e in self.employees), Decimal(0))

    @property
    def under_justice(self) -> int:
        return sum(1 for e in self.employees if e.measures)


@dataclass
class Board:
    day: datetime.date
    month_label: str
    workshops: list[Workshop]
    tig: list[TigPlacement]
    with_justice: bool

    @property
    def employees(self) -> int:
        return sum(len(w.employees) for w in self.workshops)


def measures_in_force(person_ids: list[int], day: datetime.date) -> dict[int, list[JusticeMeasure]]:
    """Measures in force on `day` (start ≤ day < end; a past conviction is never in force)."""
    out: dict[int, list[JusticeMeasure]] = defaultdict(list)
    qs = (
        JusticeMeasure.objects.filter(person_id__in=person_ids)
        .exclude(measure=MeasureType.CONDAMNATION_ANTERIEURE)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
        .order_by("start_date", "pk")
    )
    for measure in qs:
        out[measure.person_id].append(measure)
    return out


def workshop_board(establishment: Establishment, day: datetime.date, *, with_justice: bool) -> Board:
    services = insertion_services(establishment)
    month = day.replace(day=1)
    in_force = list(
        Contract.objects.filter(stay__service__in=services, start_date__lte=day, end_date__gte=day)
        .select_related("stay__person", "stay__service")
        .order_by("stay__person__last_name", "stay__person__first_name", "pk")
    )
    hours = dict(
        WorkHours.objects.filter(contract__in=in_force, month=month)
        .values("contract_id")
        .annotate(total=Sum("hours"))
        .values_list("contract_id", "total")
        .order_by()
    )
    later = Contract.objects.filter(stay=OuterRef("stay"), start_date__gt=OuterRef("end_date"))
    ending = list(
        Contract.objects.filter(
            stay__service__in=services,
            stay__end_date__isnull=True,
            end_date__gte=day,
            end_date__lte=day + datetime.timedelta(days=RENEWAL_HORIZON_DAYS),
        )
        .exclude(Exists(later))
        .select_related("stay__person", "stay__service")
        .order_by("end_date", F("stay__person__last_name").asc(), "pk")
    )
    measures = measures_in_force([c.stay.person_id for c in in_force], day) if with_justice else {}
    by_service: dict[int, list[Employee]] = defaultdict(list)
    for contract in in_force:
        by_service[contract.stay.service_id].append(
            Employee(
                contract=contract,
                hours_this_month=hours.get(contract.pk),
                measures=measures.get(contract.stay.person_id, []),
            )
        )
    ending_by_service: dict[int, list[Contract]] = defaultdict(list)
    for contract in ending:
        ending_by_service[contract.stay.service_id].append(contract)
    tig = (
        list(
            TigPlacement.objects.filter(service__establishment=establishment, start_date__lte=day)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
            .select_related("person", "service")
            .order_by("deadline", "start_date", "pk")
        )
        if with_justice
        else []
    )
    return Board(
        day=day,
        month_label=month_label(month),
        workshops=[
            Workshop(service=s, employees=by_service.get(s.pk, []), ending_soon=ending_by_service.get(s.pk, []))
            for s in services
        ],
        tig=tig,
        with_justice=with_justice,
    )
