"""The v1.1 clarifications of interchange-v1 (indicators-v1.md, "v1.1 clarifications"): a row repeating the key of
an earlier row of a file without ids is an error on the later row; last_name and first_name are required; a byte
that is not UTF-8 is reported on its line with the column it falls in."""

from __future__ import annotations

import pytest

from interchange.services import import_records

from .data import VALID, header, write_dataset

pytestmark = pytest.mark.django_db


def errors(tmp_path, **files: str | bytes) -> list[str]:
    dataset = {name: content for name, content in VALID.items() if name.removesuffix(".csv") not in files}
    folder = write_dataset(tmp_path / "d", dataset)
    for name, content in files.items():
        path = folder / f"{name}.csv"
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = import_records(path=folder, acting_user=None)
    assert not result.applied or not result.errors
    return result.errors


# --- Files without ids: a repeated key is an error on the later row -------------------------------------------------


def test_a_repeated_capacity_key_is_an_error_on_the_later_row(tmp_path):
    capacities = header("capacities.csv") + (
        "pas_halte,2019-11-01,2020-04-01,15\n"  # line 2
        "pas_halte,2019-12-01,,12\n"  # another start: fine
        "pas_aj,2019-11-01,,3\n"  # another service: fine
        "pas_halte,2019-11-01,2019-12-01,20\n"  # line 5: same service_id + start_date, other values
        "pas_halte,2019-11-01,,15\n"  # line 6: again, named after the first one
    )
    assert errors(tmp_path, capacities=capacities) == [
        "capacities.csv:5: service_id: ligne en double, déjà à la ligne 2 (pas_halte, 2019-11-01)",
        "capacities.csv:6: service_id: ligne en double, déjà à la ligne 2 (pas_halte, 2019-11-01)",
    ]


def test_a_repeated_vulnerability_key_is_an_error_on_the_later_row(tmp_path):
    vulnerabilities = header("vulnerabilities.csv") + (
        "p1,addiction_alcool,2019-02-01\n"
        "p1,addiction_alcool,2019-03-01\n"  # another day: fine
        "p1,troubles_psychiques,2019-02-01\n"  # another kind: fine
        "p2,addiction_alcool,2019-02-01\n"  # another person: fine
        "p1,addiction_alcool,2019-02-01\n"
    )
    assert errors(tmp_path, vulnerabilities=vulnerabilities) == [
        "vulnerabilities.csv:6: person_id: ligne en double, déjà à la ligne 2 (p1, addiction_alcool, 2019-02-01)"
    ]


def test_a_repeated_cohort_member_is_an_error_on_the_later_row(tmp_path):
    members = header("cohort_members.csv") + "c1,p1,1,1\nc1,p2,1,0\nc1,p1,0,0\n"
    assert errors(tmp_path, cohort_members=members) == [
        "cohort_members.csv:4: cohort_id: ligne en double, déjà à la ligne 2 (c1, p1)"
    ]


def test_rows_with_distinct_keys_import(tmp_path):
    capacities = header("capacities.csv") + "pas_halte,2019-11-01,2020-04-01,15\npas_halte,2019-12-01,,12\n"
    assert errors(tmp_path, capacities=capacities) == []


# --- Names --------------------------------------------------------------------------------------------------------


def test_last_name_and_first_name_are_required_only_the_birth_date_may_be_empty(tmp_path):
    persons = header("persons.csv") + (
        "p1,Martin,Éric,,M\n"  # no birth date: fine
        "p2,,Anne,1980-01-01,F\n"
        "p3,Durand,,1980-01-01,M\n"
        "p4,  ,  ,,F\n"  # blanks are empty
        "p5,X,Pseudonyme,,X\n"  # a pseudonym is fine
    )
    assert errors(tmp_path, persons=persons) == [
        "persons.csv:3: last_name: valeur obligatoire manquante",
        "persons.csv:4: first_name: valeur obligatoire manquante",
        "persons.csv:5: last_name: valeur obligatoire manquante",
        "persons.csv:5: first_name: valeur obligatoire manquante",
    ]


# --- A byte that is not UTF-8: its line and its column ------------------------------------------------------------


PERSONS_HEADER = header("persons.csv").encode()


def persons_errors(tmp_path, data: bytes) -> list[str]:
    return [e for e in errors(tmp_path, persons=data) if e.startswith("persons.csv")]


def test_a_latin_1_byte_is_reported_with_its_column(tmp_path):
    data = PERSONS_HEADER + "p1,Martin,Éric,,M\np2,Lefèvre,Anne,,F\np3,Durand,Hélène,,F\n".encode("latin-1")
    assert persons_errors(tmp_path, data) == [
        "persons.csv:2: first_name: encodage invalide, UTF-8 attendu (octet 0xc9)",
        "persons.csv:3: last_name: encodage invalide, UTF-8 attendu (octet 0xe8)",
        "persons.csv:4: first_name: encodage invalide, UTF-8 attendu (octet 0xe9)",
    ]


def test_the_first_bad_byte_of_the_line_names_the_column(tmp_path):
    data = PERSONS_HEADER + b"p1,Martin,Eric,1980-01-01,\xff\np2,Dur\xe9,L\xe9o,,M\n"
    assert persons_errors(tmp_path, data) == [
        "persons.csv:2: sex: encodage invalide, UTF-8 attendu (octet 0xff)",
        "persons.csv:3: last_name: encodage invalide, UTF-8 attendu (octet 0xe9)",
    ]


def test_a_bad_byte_in_a_quoted_cell_over_two_lines(tmp_path):
    data = PERSONS_HEADER + b'p1,"Martin\nde la Cl\xf4ture",Eric,,M\np2,Durand,Anne,,F\n'
    assert persons_errors(tmp_path, data) == ["persons.csv:2: last_name: encodage invalide, UTF-8 attendu (octet 0xf4)"]


def test_a_bad_byte_in_the_header_names_the_header_cell(tmp_path):
    data = b"person_id,last_name,first_name,birth_date,s\xe9x\np1,Martin,Eric,,M\n"
    assert persons_errors(tmp_path, data) == ["persons.csv:1: s\ufffdx: encodage invalide, UTF-8 attendu (octet 0xe9)"]


def test_a_wrong_cell_count_comes_before_the_bad_byte(tmp_path):
    data = PERSONS_HEADER + b"p1,Martin,Eric,,M,\xe9\n"
    assert persons_errors(tmp_path, data) == ["persons.csv:2: -: nombre de cellules incorrect (6 au lieu de 5)"]
