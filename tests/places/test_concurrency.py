"""50 staff admit at the same instant into a service with 10 free places: exactly 10 succeed (PostgreSQL)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from accounts.enums import Role
from establishments.enums import Modality
from places.models import Placement, Unit
from places.services import admit
from stays.models import Stay
from tests.factories import EstablishmentFactory, PersonFactory, ServiceFactory, UnitFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers by itself; row locks (select_for_update) are tested on PostgreSQL",
    ),
]


def test_fifty_simultaneous_admissions_into_ten_places():
    est = EstablishmentFactory()
    service = ServiceFactory(establishment=est, modality=Modality.HEBERGEMENT_INSERTION, capacity=12)
    for i in range(5):
        UnitFactory(service=service, name=f"Chambre {i}", places=2)
    user = UserFactory(role=Role.SOCIAL_WORKER, establishments=[est])
    persons = [PersonFactory() for _ in range(50)]
    barrier = threading.Barrier(50)
    results: list[str] = []
    lock = threading.Lock()

    def worker(person):  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            admit(person=person, service=service, start_date=datetime.date(2019, 5, 1), acting_user=user)
            outcome = "ok"
        except ValidationError as exc:
            outcome = "refused: " + " ".join(exc.messages)
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker, args=(p,)) for p in persons]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 10
    refusals = [r for r in results if r != "ok"]
    assert len(refusals) == 40
    assert all("Plus aucune place libre" in r for r in refusals)
    assert Stay.objects.filter(service=service).count() == 10
    for unit in Unit.objects.filter(service=service):
        assert Placement.objects.filter(unit=unit).count() <= unit.places
