from tests.access import NONE, row

ROWS = {
    #                    worker_a worker_b reception head_office admin anonymous
    "home": row(NONE, 302, 302, 302, 200, 200),
    "login": row(NONE, 302, 302, 302, 302, 302, 200),
    "logout": row(NONE, 405, 405, 405, 405, 405, 302),
}
