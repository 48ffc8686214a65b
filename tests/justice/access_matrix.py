from tests.access import row
from tests.factories import JusticeMeasureFactory


def setup(world):
    world.measure_a = JusticeMeasureFactory(person=world.person_a)


WRITE = (200, 404, 403, 403, 200)

ROWS = {
    "justice:create": row(lambda w: {"person_pk": w.person_a.pk}, *WRITE, post=WRITE),
    "justice:end": row(lambda w: {"pk": w.measure_a.pk}, *WRITE, post=WRITE),
}
