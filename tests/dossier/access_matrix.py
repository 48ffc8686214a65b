from tests.access import row

ROWS = {
    "dossier:person": row(lambda w: {"pk": w.person_a.pk}, 200, 404, 200, 200, 200),
}
