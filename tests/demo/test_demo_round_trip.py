"""Issue #3, must show 1: the committed demo files, imported into an empty database and exported again, come back
byte for byte — and the activity report computed after a second round trip is the same."""

from __future__ import annotations

import pathlib

from interchange.services import export_records, import_records
from reports.scope import Scope
from reports.services import activity_report, report_to_json

DEMO = pathlib.Path(__file__).resolve().parents[2] / "demo" / "2019"


def test_demo_import_then_export_is_byte_identical(db, tmp_path: pathlib.Path) -> None:
    result = import_records(path=DEMO, acting_user=None)
    assert result.applied and not result.errors
    export_records(path=tmp_path)
    for committed in sorted(DEMO.glob("*.csv")):
        exported = tmp_path / committed.name
        assert exported.read_bytes() == committed.read_bytes(), committed.name
    before = report_to_json(activity_report(year=2019, scope=Scope.association()))
    again = import_records(path=tmp_path, acting_user=None)
    assert again.applied and again.total_changes == 0
    assert report_to_json(activity_report(year=2019, scope=Scope.association())) == before
