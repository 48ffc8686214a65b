import datetime

from django.utils import timezone

from establishments.enums import Modality
from reception.models import Locker, LockerAssignment
from reception.services import desk_tap
from tests.access import row
from tests.factories import ServiceFactory


def setup(world):
    if not hasattr(world, "day_a"):
        world.day_a = ServiceFactory(establishment=world.est_a, name="Accueil de jour", modality=Modality.ACCUEIL_JOUR)
    world.entry_a = desk_tap(
        establishment=world.est_a,
        service=world.day_a,
        kind="repas",
        day=timezone.localdate(),
        acting_user=world.reception_a,
    )
    world.locker_a = Locker.objects.create(establishment=world.est_a, number=1)
    world.assignment_a = LockerAssignment.objects.create(
        locker=world.locker_a,
        person=world.person_a,
        start_date=datetime.date(2019, 3, 1),
        planned_end=datetime.date(2019, 4, 1),
    )


# The desk records events (reception agent and team); head office reads the lockers but records nothing (403).
# POST-only URLs answer 405 to a GET once access is granted.
ROWS = {
    "reception:desk": row(lambda w: {"establishment_pk": w.est_a.pk}, 200, 404, 200, 403, 200),
    "reception:tap": row(lambda w: {"establishment_pk": w.est_a.pk}, 405, 404, 405, 403, 405),
    "reception:undo": row(lambda w: {"pk": w.entry_a.pk}, 405, 404, 405, 403, 405),
    "reception:new_person": row(lambda w: {"establishment_pk": w.est_a.pk}, 200, 404, 200, 403, 200),
    "reception:lockers": row(lambda w: {"establishment_pk": w.est_a.pk}, 200, 404, 200, 200, 200),
    "reception:locker_assign": row(
        lambda w: {"establishment_pk": w.est_a.pk, "person_pk": w.person_a.pk}, 200, 404, 200, 403, 200
    ),
    "reception:locker_release": row(lambda w: {"pk": w.assignment_a.pk}, 200, 404, 200, 403, 200),
}
