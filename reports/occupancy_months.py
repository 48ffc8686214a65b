"""Occupancy of each hosting service month by month, for the chart of the nights section: the months the nights
section was computed from (`places.occupancy`), so the twelve months add up to the yearly figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.numbers import pct

from .presentation import fmt_decimal
from .sections.nights import NightSection


@dataclass(frozen=True)
class MonthOccupancy:
    month: int
    label: str
    nights: int
    place_nights: int

    @property
    def rate(self) -> Decimal | None:
        return pct(self.nights, self.place_nights)

    @property
    def rate_text(self) -> str:
        return fmt_decimal(self.rate, "%")


@dataclass(frozen=True)
class ServiceMonths:
    service_pk: int
    service_id: str
    label: str
    months: list[MonthOccupancy]


def occupancy_by_month(year: int, section: NightSection) -> list[ServiceMonths]:
    """Per hosting service of the nights section: nights, place-nights and rate of each month of the year."""
    return [
        ServiceMonths(
            service.service_pk,
            service.service_id,
            f"{service.establishment} — {service.name}",
            [MonthOccupancy(m.month, m.label, m.nights, m.place_nights) for m in service.months],
        )
        for service in section.services
    ]


def occupancy_charts(year: int, section: NightSection) -> list[tuple[ServiceMonths, Any]]:
    """Each hosting service's months with its column chart."""
    from .charts import month_chart

    return [
        (s, month_chart(s.months, title=f"Taux d'occupation par mois — {s.label}"))
        for s in occupancy_by_month(year, section)
    ]
