import datetime

from places.models import Incident
from tests.access import GET_ONLY, row
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


def EST_A(w):  # noqa: N802
    return {"establishment_pk": w.est_a.pk}


# The night agent sees the board and does the roll-call; justice facts (incidents, hours) are not for them.
RECORD = (200, 404, 200, 403, 200)
READ = (200, 404, 403, 200, 200)
WRITE = (200, 404, 403, 403, 200)

ROWS = {
    # Posted empty (no action: every button of the form names one): nothing is recorded, the form is shown again
    # with a French message.
    "places:rollcall": row(EST_A, *RECORD, post=RECORD),
    "places:walkin": row(EST_A, *RECORD, post=RECORD),
    "places:occupancy": row(EST_A, 200, 404, 200, 200, 200, post=GET_ONLY),
    "places:absence": row(lambda w: {"person_pk": w.person_a.pk}, *WRITE, post=WRITE),
    "places:incident": row(lambda w: {"pk": w.incident_a.pk}, *READ, post=WRITE),
    "places:units": row(EST_A, *READ, post=WRITE),
    "places:placement": row(lambda w: {"stay_pk": w.stay_a.pk}, *WRITE, post=WRITE),
    "places:stay_open": row(lambda w: {"person_pk": w.person_a.pk}, *WRITE, post=WRITE),
    "places:stay_transfer": row(lambda w: {"pk": w.stay_a.pk}, *WRITE, post=WRITE),
    "places:conditions": row(lambda w: {"measure_pk": w.pse_a.pk}, *READ, post=WRITE),
}
