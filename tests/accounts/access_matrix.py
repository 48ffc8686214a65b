"""Access matrix rows of the accounts pages (tests/access.py): the second factor, one's own account and password.

The personas are signed in as after both factors (tests/conftest.py: VerifiedClient), so the two-factor pages send
them on (302): to where they were going, or to their account when their app is already enrolled. The reception
agent needs no second factor (302 too) and has no recovery codes (403)."""

from tests.access import GET_ONLY, NONE, row

ROWS = {
    "accounts:two_factor_verify": row(NONE, 302, 302, 302, 302, 302, post=(302, 302, 302, 302, 302)),
    "accounts:two_factor_setup": row(NONE, 302, 302, 302, 302, 302, post=(302, 302, 302, 302, 302)),
    "accounts:account": row(NONE, 200, 200, 200, 200, 200, post=GET_ONLY),
    # Posted: ten new recovery codes, shown once.
    "accounts:recovery_codes": row(NONE, 200, 200, 403, 200, 200, post=(200, 200, 403, 200, 200)),
    # Posted empty: the form again, with its errors.
    "accounts:password_change": row(NONE, 200, 200, 200, 200, 200, post=(200, 200, 200, 200, 200)),
    "accounts:password_change_done": row(NONE, 200, 200, 200, 200, 200, post=GET_ONLY),
}
