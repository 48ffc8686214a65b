"""Writing interchange v1 CSV files (UTF-8, comma-separated, one header row, RFC 4180 quoting), streamed."""

from __future__ import annotations

import csv
import datetime
import pathlib
from collections.abc import Iterable
from typing import Any

from admissions.enums import Decision, RequestOutcome
from interchange.format import FILES
from justice.enums import MeasureOutcome
from stays.enums import HouseholdRole


def cell(value: Any) -> str:
    """A value as an interchange cell: empty for None, ISO dates, 0/1 booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class CsvSet:
    """Opens one writer per file of the data set on demand; rows are dicts keyed by the file's columns."""

    def __init__(self, folder: pathlib.Path) -> None:
        self.folder = pathlib.Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, Any] = {}
        self._writers: dict[str, Any] = {}
        self.counts: dict[str, int] = {}

    def writer(self, name: str) -> Any:
        if name not in self._writers:
            handle = open(self.folder / name, "w", encoding="utf-8", newline="")  # noqa: SIM115
            writer = csv.writer(handle, lineterminator="\r\n")  # RFC 4180, as the exporter
            writer.writerow(FILES[name])
            self._files[name] = handle
            self._writers[name] = writer
            self.counts[name] = 0
        return self._writers[name]

    def row(self, name: str, values: dict[str, Any]) -> None:
        self.writer(name).writerow([cell(values.get(column)) for column in FILES[name]])
        self.counts[name] += 1

    def tuple_row(self, name: str, values: Iterable[Any]) -> None:
        """A row given in the file's column order (the fast path of the scale generator)."""
        self.writer(name).writerow([cell(v) for v in values])
        self.counts[name] += 1

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
        self._files.clear()
        self._writers.clear()

    def __enter__(self) -> CsvSet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# The exporter's canonical form (interchange/exporting.py): defaults written out, rows ordered by id — or by the
# natural key for the files without one. A data set in this form comes back byte for byte from import + export.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "capacities.csv": ("service_id", "start_date"),
    "vulnerabilities.csv": ("person_id", "kind", "recorded_on"),
    "cohort_members.csv": ("cohort_id", "person_id"),
}
DEFAULTS: dict[str, dict[str, str]] = {
    "stays.csv": {"household_role": HouseholdRole.DEMANDEUR},
    "events.csv": {"quantity": "1"},
    "admission_requests.csv": {"decision": Decision.EN_ATTENTE, "outcome": RequestOutcome.EN_ATTENTE},
    "cohort_members.csv": {"sat_exam": "0", "graduated": "0"},
    "tig_placements.csv": {"hours_done": "0", "hired_after": "0"},
}


def canonicalize(folder: pathlib.Path) -> None:
    """Rewrite a (small) data set in the exporter's canonical form. Loads each file in memory: demo sizes only."""
    for name, columns in FILES.items():
        path = pathlib.Path(folder) / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            for column, default in DEFAULTS.get(name, {}).items():
                if not row[column]:
                    row[column] = default
            if name == "justice_measures.csv" and not row["outcome"]:
                row["outcome"] = MeasureOutcome.TERMINEE if row["end_date"] else MeasureOutcome.EN_COURS
        keys = SORT_KEYS.get(name, (columns[0],))
        rows.sort(key=lambda r: tuple(r[k] for k in keys))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(columns)
            writer.writerows([row[c] for c in columns] for row in rows)
