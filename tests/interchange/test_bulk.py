"""Writes are done in bulk: the number of queries does not follow the number of rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interchange import importing, reading
from interchange.services import import_records
from stays.models import Stay

from .data import VALID, header, write_dataset

pytestmark = pytest.mark.django_db


def dataset(folder: Path, n: int) -> Path:
    files = {name: VALID[name] for name in ("establishments.csv", "services.csv")}
    files["persons.csv"] = header("persons.csv") + "".join(f"p{i},Nom{i},Prénom,1980-01-01,M\n" for i in range(n))
    files["stays.csv"] = header("stays.csv") + "".join(
        f"s{i},p{i},aug_ins,2019-01-01,2019-02-01,h{i // 2},,,inconnu,inconnu\nt{i},p{i},pas_halte,2019-02-01,,,,,,\n"
        for i in range(n)
    )
    files["events.csv"] = header("events.csv") + "".join(f"e{i},p{i},pas_aj,2019-05-02,repas,2\n" for i in range(n))
    return write_dataset(folder, files)


def count_queries(path: Path, source: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        result = import_records(path=path, acting_user=None, source=source)
    assert result.errors == []
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_each_row(tmp_path):
    small = count_queries(dataset(tmp_path / "small", 5), "petit")
    large = count_queries(dataset(tmp_path / "large", 300), "grand")

    # 295 more rows in each of 3 files (plus their audit rows): one query per row would add 1,770 queries.
    # Bulk writes add about one per 100 rows on SQLite (999 parameters per query), fewer on PostgreSQL.
    assert large - small < 40
    assert Stay.objects.filter(source="grand", hosting=True).count() == 600


def test_every_message_is_documented():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "interchange.md").read_text(encoding="utf-8")
    messages = [
        value
        for module in (importing, reading)
        for name, value in vars(module).items()
        if name.startswith("MSG_") and isinstance(value, str)
    ]
    assert len(messages) > 30
    for message in messages:
        fixed = re.split(r"\{", message)[0].strip(" ,")
        assert fixed in docs, message
