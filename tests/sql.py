"""The SQL a page runs, normalised for snapshot tests (`tests/<app>/test_sql.py`, docs/decisions/012-syrupy.md).

Values (numbers, quoted strings, dates, the lists of an `IN`) become placeholders, so that the snapshot holds the
shape of each statement and their sequence: stable from run to run, and a new statement (an N+1) shows as a diff.
The casts PostgreSQL puts on values (`'2019-03-01'::date`) are left out too: the same snapshot then holds for
SQLite and PostgreSQL. Should the two engines ever run different statements for a page, keep one snapshot file per
engine (a snapshot extension per `connection.vendor`).
"""

from __future__ import annotations

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SAVEPOINT = re.compile(r'"s\d+_x\d+"')  # named after the thread and a counter
COLUMNS = re.compile(r"^SELECT (DISTINCT )?.+? FROM ")  # the selected columns: the joins show what is read
LITERAL = re.compile(r"'(?:[^']|'')*'")
NUMBER = re.compile(r"(?<![\w\"'.])-?\d+(?:\.\d+)?(?![\w\"'])")
VALUE_CAST = re.compile(r"(?<=['N])::\w+")  # PostgreSQL's casts of values ('…'::date)
VALUES_LIST = re.compile(r"\((?:'…'|N)(?:, (?:'…'|N))*\)")


def normalise(sql: str) -> str:
    """One statement with its values replaced: '…' for a quoted value, N for a number, (…) for a list of values; the
    columns of the outer SELECT, the names of savepoints and the casts of values left out."""
    sql = SAVEPOINT.sub('"savepoint"', sql)
    sql = COLUMNS.sub(lambda m: f"SELECT {m.group(1) or ''}… FROM ", sql)
    sql = LITERAL.sub("'…'", sql)
    sql = NUMBER.sub("N", sql)
    sql = VALUE_CAST.sub("", sql)
    return VALUES_LIST.sub("(…)", sql)


def page_sql(client: Client, url: str) -> list[str]:
    """The normalised statements run by a GET of `url` (which must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [normalise(query["sql"]) for query in queries.captured_queries]
