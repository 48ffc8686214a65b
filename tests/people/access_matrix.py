from tests.access import NONE, row


def PERSON_A(w):  # noqa: N802
    return {"pk": w.person_a.pk}


ROWS = {
    "people:search": row(NONE, 200, 200, 200, 200, 200),
    "people:create": row(NONE, 200, 200, 403, 403, 200),
    "people:edit": row(PERSON_A, 200, 404, 403, 403, 200),
    "people:vulnerability_create": row(PERSON_A, 200, 404, 403, 403, 200),
}
