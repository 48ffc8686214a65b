from tests.access import row

WRITE = (200, 404, 403, 403, 200)

ROWS = {
    "stays:close": row(lambda w: {"pk": w.stay_a.pk}, *WRITE, post=WRITE),
}
