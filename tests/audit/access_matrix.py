from tests.access import NONE, row

ROWS = {
    "audit:list": row(NONE, 403, 403, 403, 403, 200),
}
