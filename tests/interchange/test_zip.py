"""Data sets as .zip archives: a zipped folder works; unsafe archives are refused before reading anything."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping

import pytest

from interchange.services import import_records
from people.models import Person

from .data import VALID, all_counts

pytestmark = pytest.mark.django_db


def make_zip(path, members: Mapping[str, str | bytes]):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def test_a_zipped_folder_is_imported_and_other_files_are_ignored(tmp_path):
    members = {f"export-2019/{name}": content for name, content in VALID.items()}
    members["export-2019/README.txt"] = "Export de l'ancien logiciel."
    archive = make_zip(tmp_path / "export.zip", members)

    result = import_records(path=archive, acting_user=None)

    assert result.errors == []
    assert result.changes["stays.csv"]["created"] == 5
    assert Person.objects.count() == 3


def test_files_at_the_root_of_the_zip_are_imported(tmp_path):
    archive = make_zip(tmp_path / "export.zip", dict(VALID))

    assert import_records(path=archive, acting_user=None).errors == []


def test_an_unknown_csv_file_is_an_error(tmp_path):
    archive = make_zip(tmp_path / "export.zip", {**VALID, "stay.csv": "stay_id\n", "notes.md": "# notes"})

    result = import_records(path=archive, acting_user=None)

    assert result.errors == ["stay.csv:1: -: fichier inconnu"]
    assert Person.objects.count() == 0


def test_a_path_outside_the_folder_is_refused(tmp_path):
    archive = make_zip(tmp_path / "export.zip", {**VALID, "../persons.csv": VALID["persons.csv"]})

    result = import_records(path=archive, acting_user=None)

    assert result.errors == ["export.zip:1: -: chemin hors du dossier refusé (../persons.csv)"]
    assert all(n == 0 for n in all_counts().values())


def test_an_absolute_path_is_refused(tmp_path):
    archive = make_zip(tmp_path / "export.zip", {"/etc/persons.csv": VALID["persons.csv"]})

    assert import_records(path=archive, acting_user=None).errors == [
        "export.zip:1: -: chemin hors du dossier refusé (/etc/persons.csv)"
    ]


def test_a_nested_archive_is_refused(tmp_path):
    inner = make_zip(tmp_path / "inner.zip", dict(VALID))
    archive = make_zip(tmp_path / "export.zip", {"persons.csv": VALID["persons.csv"], "more.zip": inner.read_bytes()})

    assert import_records(path=archive, acting_user=None).errors == [
        "export.zip:1: -: archive imbriquée refusée (more.zip)"
    ]


def test_a_zip_bomb_is_refused(tmp_path, settings):
    settings.PARCOURS_IMPORT_MAX_UNCOMPRESSED_BYTES = 1_000_000
    archive = make_zip(tmp_path / "export.zip", {"persons.csv": VALID["persons.csv"] + "\n" * 2_000_000})

    assert archive.stat().st_size < 20_000
    assert import_records(path=archive, acting_user=None).errors == [
        "export.zip:1: -: archive trop volumineuse une fois décompressée (1,9 Mo > 1,0 Mo)"
    ]


def test_a_corrupt_zip_is_refused(tmp_path):
    archive = tmp_path / "export.zip"
    archive.write_bytes(b"PK\x03\x04 not really a zip")

    assert import_records(path=archive, acting_user=None).errors == ["export.zip:1: -: archive zip illisible"]


def test_in_a_folder_too_csv_files_of_sub_folders_are_errors(tmp_path):
    folder = tmp_path / "d"
    (folder / "2018").mkdir(parents=True)
    (folder / "persons.csv").write_text(VALID["persons.csv"], encoding="utf-8")
    (folder / "2018" / "persons.csv").write_text(VALID["persons.csv"], encoding="utf-8")
    (folder / "2018" / "notes.txt").write_text("à lire", encoding="utf-8")

    assert import_records(path=folder, acting_user=None).errors == ["2018/persons.csv:1: -: fichier inconnu"]
