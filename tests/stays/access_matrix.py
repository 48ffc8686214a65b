from tests.access import row

ROWS = {
    "stays:close": row(lambda w: {"pk": w.stay_a.pk}, 200, 404, 403, 403, 200),
}
