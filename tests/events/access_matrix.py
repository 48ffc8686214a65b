from tests.access import row

ROWS = {
    "events:create": row(lambda w: {"person_pk": w.person_a.pk}, 200, 404, 200, 403, 200),
    "events:meals": row(lambda w: {"establishment_pk": w.est_a.pk}, 200, 404, 200, 403, 200),
}
