"""The report files: CSV, XLSX (one sheet per section), PDF (title page, rendered pages), and the command."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.exports import sheet_title
from reports.presentation import report_sections
from reports.scope import Scope
from reports.services import activity_report, report_to_json
from tests.factories import JusticeMeasureFactory, VulnerabilityFactory
from tests.reports.helpers import d, person, stay

pytestmark = pytest.mark.django_db


def download(client, user, scope: str, fmt: str):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.get(reverse("reports:download", kwargs={"year": 2019, "scope": scope, "fmt": fmt}))


def populate(world):  # type: ignore[no-untyped-def]
    leaver = person(last_name="Sortant", birth_date="1970-05-01")
    stay(leaver, world.chrs_a, "2019-01-01", "2019-04-01", exit_housing="logement_autonome", exit_activity="cdi")
    JusticeMeasureFactory(person=leaver, measure="pse", start_date=d("2019-01-10"))
    VulnerabilityFactory(person=leaver)


def test_csv_has_one_row_per_indicator_value(client, world):
    populate(world)
    response = download(client, world.head_office, "association", "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].endswith('.csv"')
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in body
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["indicator", "key", "sub_key", "value"]
    values = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    expected = report_to_json(activity_report(year=2019, scope=Scope.association()))["indicators"]
    assert values[("persons", "", "")] == str(expected["persons"]) == "3"
    assert values[("mean_age", "", "")] == str(expected["mean_age"])
    assert values[("persons_by_modality", "hebergement_insertion", "")] == "3"
    groups = expected["justice_by_situation"]["groups"]
    assert values[("justice_by_situation", "groups", "amenagement_peine")] == str(groups["amenagement_peine"])
    assert ("vulnerability_shares", "addiction_alcool", "share") in values
    assert all("," not in v and "\u202f" not in v for v in values.values())  # plain numbers


def test_csv_without_health_rights_leaves_out_the_vulnerabilities(client, world):
    populate(world)
    response = download(client, world.reception_a, f"e{world.est_a.pk}", "csv")
    assert b"vulnerability_shares" not in response.content


def test_xlsx_has_one_sheet_per_section_with_numbers(client, world):
    from openpyxl import load_workbook

    populate(world)
    response = download(client, world.head_office, "association", "xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sections = report_sections(activity_report(year=2019, scope=Scope.association()))
    taken: set[str] = set()
    names = [sheet_title(s.title, taken) for s in sections]
    assert set(names) <= set(workbook.sheetnames)
    assert {"Rapport", "Par établissement", "JSON"} <= set(workbook.sheetnames)
    assert len(workbook.sheetnames) == len(sections) + 3
    population = workbook["Personnes accompagnées"]
    cells = {row[0].value: row[1] for row in population.iter_rows() if row[0].value}
    assert cells["Personnes accompagnées"].value == 3 and isinstance(cells["Personnes accompagnées"].value, int)
    assert isinstance(cells["Âge moyen"].value, int | float) and cells["Âge moyen"].number_format == "0.0"
    justice = workbook["Personnes sous main de justice"]
    shares = [row[1] for row in justice.iter_rows(min_row=3) if row[2].value == "%"]
    assert shares and all(c.value is None or isinstance(c.value, int | float) for c in shares)
    assert all(c.number_format == "0.0" for c in shares if c.value is not None)
    table = workbook["Par établissement"]
    names_in_table = [row[0].value for row in table.iter_rows(min_row=2)]
    assert names_in_table == sorted([world.est_a.name, world.est_b.name])


def test_pdf_is_a_printable_report_with_a_title_page(client, world, tmp_path):
    populate(world)
    response = download(client, world.head_office, "association", "pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(response.content)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
        first_page = text.decode().split("\f")[0]
        assert "Rapport d'activité 2019" in first_page and "Toute l'association" in first_page
        assert world.est_b.name in text.decode()  # one section per establishment
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "p")], check=True
        )
        assert len(list(Path(tmp_path).glob("p*.png"))) == 2


def test_a_worker_downloads_only_their_establishment(client, world):
    assert download(client, world.worker_a, f"e{world.est_b.pk}", "csv").status_code == 404
    assert download(client, world.worker_a, "association", "pdf").status_code == 404
    assert download(client, world.worker_a, f"e{world.est_a.pk}", "csv").status_code == 200
    assert download(client, world.worker_a, f"e{world.est_a.pk}", "exe").status_code == 404


def test_the_command_writes_csv(world, tmp_path):
    target = tmp_path / "rapport.csv"
    call_command("activity_report", "--year", "2019", "--format", "csv", "--output", str(target))
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["indicator", "key", "sub_key", "value"] and ["persons", "", "", "2"] in rows
