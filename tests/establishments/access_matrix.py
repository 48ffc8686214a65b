from tests.access import row

ROWS = {
    "establishments:detail": row(lambda w: {"pk": w.est_a.pk}, 200, 404, 200, 200, 200),
}
