from tests.access import GET_ONLY, NONE, row

ROWS = {
    #                    worker_a worker_b reception head_office admin anonymous
    "home": row(NONE, 302, 302, 302, 200, 200, post=GET_ONLY),
    # Signed in, the login page sends home; anonymous, an empty login form is shown again with its errors.
    "login": row(NONE, 302, 302, 302, 302, 302, 200, post=(302, 302, 302, 302, 302, 200)),
    "logout": row(NONE, 405, 405, 405, 405, 405, 302, post=(302, 302, 302, 302, 302, 302)),
}
