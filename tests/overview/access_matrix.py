from tests.access import GET_ONLY, row

ROWS = {
    "overview:establishment": row(lambda w: {"pk": w.est_a.pk}, 200, 404, 200, 200, 200, post=GET_ONLY),
    "overview:board": row(lambda w: {"establishment_pk": w.est_a.pk}, 200, 404, 200, 200, 200, post=GET_ONLY),
}
