"""Nights spent and occupancy rate of each hosting service."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core.numbers import pct
from places.occupancy import MonthRow

from ..facts import ServiceFacts, service_facts
from ..scope import Scope


@dataclass(frozen=True)
class ServiceNights:
    service_pk: int
    service_id: str  # interchange id
    name: str
    establishment: str
    modality: str
    night_recording: str
    nights: int
    place_nights: int
    occupancy: Decimal | None
    months: list[MonthRow] = field(default_factory=list)  # the year month by month (places.occupancy)


@dataclass(frozen=True)
class NightSection:
    services: list[ServiceNights]

    @property
    def nights(self) -> dict[str, int]:
        return {s.service_id: s.nights for s in self.services}

    @property
    def occupancy(self) -> dict[str, Decimal | None]:
        return {s.service_id: s.occupancy for s in self.services}


def night_section(services: list[ServiceFacts]) -> NightSection:
    """The nights and place-nights of the year are those of its twelve months (`places.occupancy`)."""
    result = []
    for service in services:
        nights = sum(month.nights for month in service.months)
        place_nights = sum(month.place_nights for month in service.months)
        result.append(
            ServiceNights(
                service_pk=service.pk,
                service_id=service.service_id,
                name=service.name,
                establishment=service.establishment,
                modality=service.modality,
                night_recording=service.night_recording,
                nights=nights,
                place_nights=place_nights,
                occupancy=pct(nights, place_nights),
                months=service.months,
            )
        )
    return NightSection(services=result)


def nights(year: int, scope: Scope) -> NightSection:
    """The nights section of one scope on its own (outside the report)."""
    return night_section(service_facts(year, scope))
