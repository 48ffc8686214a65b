import datetime

import pytest

from establishments.enums import Modality
from tests.factories import ServiceFactory


@pytest.fixture
def day_a(world):
    return ServiceFactory(establishment=world.est_a, name="Accueil de jour", modality=Modality.ACCUEIL_JOUR)


@pytest.fixture
def fixed_today(monkeypatch):
    """Pin timezone.localdate() (the services' and views' "today") to a fixed day; returns a setter."""
    from django.utils import timezone

    def pin(day: datetime.date) -> datetime.date:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
        return day

    return pin
