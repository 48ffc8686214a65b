from tests.access import row

# Nights, meals and visits are recorded by the staff of the establishment, night agent included; not by head office.
RECORD = (200, 404, 200, 403, 200)

ROWS = {
    "events:create": row(lambda w: {"person_pk": w.person_a.pk}, *RECORD, post=RECORD),
    "events:meals": row(lambda w: {"establishment_pk": w.est_a.pk}, *RECORD, post=RECORD),
}
