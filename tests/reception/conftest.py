import pytest

from establishments.enums import Modality
from tests.factories import ServiceFactory


@pytest.fixture
def day_a(world):
    return ServiceFactory(establishment=world.est_a, name="Accueil de jour", modality=Modality.ACCUEIL_JOUR)
