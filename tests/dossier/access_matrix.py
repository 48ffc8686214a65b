from tests.access import GET_ONLY, row

ROWS = {
    "dossier:person": row(lambda w: {"pk": w.person_a.pk}, 200, 404, 200, 200, 200, post=GET_ONLY),
}
