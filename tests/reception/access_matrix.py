import datetime

from django.utils import timezone

from establishments.enums import Modality
from reception.models import Locker, LockerAssignment
from reception.services import desk_tap
from tests.access import GET_ONLY, row
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


def _est(w):
    return {"establishment_pk": w.est_a.pk}


# The desk records events (reception agent and team); head office reads the lockers but records nothing (403).
# The desk itself only reads (405 to a POST); its taps and undos are POST-only URLs (405 to a GET once access is
# granted) with nothing to fill in: an empty tap records nothing and goes back to the desk with its message (302).
# A form posted empty is shown again with its errors (200).
DESK = (200, 404, 200, 403, 200)
ROWS = {
    "reception:desk": row(_est, *DESK, post=GET_ONLY),
    "reception:tap": row(_est, 405, 404, 405, 403, 405, post=(302, 404, 302, 403, 302)),
    "reception:undo": row(lambda w: {"pk": w.entry_a.pk}, 405, 404, 405, 403, 405, post=(302, 404, 302, 403, 302)),
    "reception:new_person": row(_est, *DESK, post=DESK),
    "reception:lockers": row(_est, 200, 404, 200, 200, 200, post=DESK),
    "reception:locker_assign": row(lambda w: {**_est(w), "person_pk": w.person_a.pk}, *DESK, post=DESK),
    "reception:locker_release": row(lambda w: {"pk": w.assignment_a.pk}, *DESK, post=DESK),
}
