from tests.access import row

ROWS = {
    "stays:open": row(lambda w: {"person_pk": w.person_a.pk}, 200, 404, 403, 403, 200),
    "stays:close": row(lambda w: {"pk": w.stay_a.pk}, 200, 404, 403, 403, 200),
    "stays:transfer": row(lambda w: {"pk": w.stay_a.pk}, 200, 404, 403, 403, 200),
}
