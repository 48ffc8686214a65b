"""make_scale writes valid interchange v1 files that import without errors (a small smoke test)."""

from __future__ import annotations

import csv
import pathlib

from django.core.management import call_command

from interchange.format import FILES
from interchange.services import import_records
from people.models import Person
from stays.models import Stay


def test_scaled_data_set_imports_cleanly(db, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "scale"
    call_command("make_scale", "--persons", "200", "--output", str(folder), "--years", "2018-2019", skip_checks=True)
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert tuple(header) == FILES[path.name]
    result = import_records(path=folder, acting_user=None)
    assert result.applied, result.errors[:20]
    assert Person.objects.count() == 200
    assert 1.5 <= Stay.objects.count() / 200 <= 4


def test_scale_is_deterministic(tmp_path: pathlib.Path) -> None:
    for name in ("a", "b"):
        call_command("make_scale", "--persons", "50", "--output", str(tmp_path / name), skip_checks=True)
    for path in (tmp_path / "a").glob("*.csv"):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
