from tests.access import GET_ONLY, NONE, row

ROWS = {
    "audit:list": row(NONE, 403, 403, 403, 403, 200, post=GET_ONLY),
}
