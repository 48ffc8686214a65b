from tests.access import NONE, row


def scope_a(w):
    return {"year": 2019, "scope": f"e{w.est_a.pk}"}


ROWS = {
    #                                       worker_a worker_b reception head_office admin anonymous
    "reports:index": row(NONE, 200, 200, 200, 200, 200),
    "reports:report": row(scope_a, 200, 404, 200, 200, 200),
    "reports:drill": row(lambda w: {**scope_a(w), "indicator": "persons"}, 200, 404, 200, 200, 200),
    "reports:download": row(lambda w: {**scope_a(w), "fmt": "json"}, 200, 404, 200, 200, 200),
}
