"""Every model of the day reception and of the domiciliation follows the scope rule: `objects.visible_to(user)`."""

import datetime

import pytest

from domiciliation.models import DomiciliaryBody, Domiciliation, MailItem
from establishments.enums import Modality
from reception.models import DeskEntry, Locker, LockerAssignment
from reception.services import desk_tap
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_every_new_model_is_scoped_to_the_users_establishments(world):
    day = ServiceFactory(establishment=world.est_a, modality=Modality.ACCUEIL_JOUR)
    desk_tap(establishment=world.est_a, service=day, kind="repas", day=D(2019, 5, 2), acting_user=world.admin)
    locker = Locker.objects.create(establishment=world.est_a, number=1)
    LockerAssignment.objects.create(
        locker=locker, person=world.person_a, start_date=D(2019, 5, 1), planned_end=D(2019, 6, 1)
    )
    DomiciliaryBody.objects.create(
        establishment=world.est_a, legal_name="L'Îlot", address="1 rue", postal_code="80000", city="Amiens"
    )
    d = Domiciliation.objects.create(
        person=world.person_a,
        service=day,
        requested_on=D(2019, 5, 1),
        requester="personne",
        decision="acceptee",
        decided_on=D(2019, 5, 1),
        start_date=D(2019, 5, 1),
        end_date=D(2020, 4, 30),
    )
    MailItem.objects.create(domiciliation=d, received_on=D(2019, 5, 3))
    for model in (DeskEntry, Locker, LockerAssignment, DomiciliaryBody, Domiciliation, MailItem):
        assert model.objects.visible_to(world.reception_a).count() == 1, model
        assert model.objects.visible_to(world.head_office).count() == 1, model
        assert model.objects.visible_to(world.worker_b).count() == 0, model
