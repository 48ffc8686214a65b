import datetime

from places.models import Incident
from tests.access import row
from tests.factories import JusticeMeasureFactory


def setup(world):
    world.pse_a = JusticeMeasureFactory(person=world.person_a, measure="pse")
    world.incident_a = Incident.objects.create(
        person=world.person_a,
        establishment=world.est_a,
        measure=world.pse_a,
        kind="absence_nuit",
        occurred_at=datetime.datetime(2019, 5, 1, 22, tzinfo=datetime.UTC),
    )


# The night agent sees the board and does the roll-call; justice facts (incidents, hours) are not for them.
ROWS = {
    "places:rollcall": row(lambda w: {"establishment_pk": w.est_a.pk}, 200, 404, 200, 403, 200),
    "places:walkin": row(lambda w: {"establishment_pk": w.est_a.pk}, 200, 404, 200, 403, 200),
    "places:occupancy": row(lambda w: {"establishment_pk": w.est_a.pk}, 200, 404, 200, 200, 200),
    "places:absence": row(lambda w: {"person_pk": w.person_a.pk}, 200, 404, 403, 403, 200),
    "places:incident": row(lambda w: {"pk": w.incident_a.pk}, 200, 404, 403, 200, 200),
    "places:units": row(lambda w: {"establishment_pk": w.est_a.pk}, 200, 404, 403, 200, 200),
    "places:placement": row(lambda w: {"stay_pk": w.stay_a.pk}, 200, 404, 403, 403, 200),
    "places:stay_open": row(lambda w: {"person_pk": w.person_a.pk}, 200, 404, 403, 403, 200),
    "places:stay_transfer": row(lambda w: {"pk": w.stay_a.pk}, 200, 404, 403, 403, 200),
    "places:conditions": row(lambda w: {"measure_pk": w.pse_a.pk}, 200, 404, 403, 200, 200),
}
