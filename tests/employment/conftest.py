"""The workshops of establishment A (restaurant, garage), its SOA service, a workshop of B (the head of A is the
world's `head_a`)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from employment import services
from establishments.enums import Modality
from tests.factories import ServiceFactory

D = datetime.date


@pytest.fixture
def ins(world):  # type: ignore[no-untyped-def]
    w = world
    w.restaurant_a = ServiceFactory(
        establishment=w.est_a, name="Restaurant L'Îlot Gourmand", modality=Modality.CONTRAT_INSERTION, capacity=20
    )
    w.garage_a = ServiceFactory(establishment=w.est_a, name="Garage", modality=Modality.CONTRAT_INSERTION, capacity=16)
    w.soa_a = ServiceFactory(establishment=w.est_a, name="SOA", modality=Modality.PROJET_PROFESSIONNEL, capacity=8)
    w.workshop_b = ServiceFactory(establishment=w.est_b, name="Menuiserie", modality=Modality.CONTRAT_INSERTION)
    return w


def hire(w: Any, person: Any = None, *, user: Any = None, **fields: Any) -> Any:
    """A hire at the restaurant of A with sensible defaults (26 h a week, six months)."""
    values: dict[str, Any] = {
        "person": person or w.person_a,
        "service": w.restaurant_a,
        "start_date": D(2019, 4, 1),
        "end_date": D(2019, 9, 30),
        "weekly_hours": 26,
        "position": "Commis de cuisine",
        "agreement_reference": "PASS IAE 99999 19 00001",
        "acting_user": user or w.worker_a,
    }
    values.update(fields)
    return services.contract_hire(**values)
