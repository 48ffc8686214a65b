from tests.access import GET_ONLY, NONE, row


def PERSON_A(w):  # noqa: N802
    return {"pk": w.person_a.pk}


WRITE = (200, 404, 403, 403, 200)

ROWS = {
    "people:search": row(NONE, 200, 200, 200, 200, 200, post=GET_ONLY),
    "people:create": row(NONE, 200, 200, 403, 403, 200, post=(200, 200, 403, 403, 200)),
    "people:edit": row(PERSON_A, *WRITE, post=WRITE),
    # Health data: the worker of A has the explicit grant, the head of A has not.
    "people:vulnerability_create": row(PERSON_A, *WRITE, post=WRITE, head_a=(403, 403)),
}
