"""The report as a file: a standalone HTML page, a printable PDF (WeasyPrint), a spreadsheet (openpyxl, one sheet per
section) or a CSV of every indicator value.

CSV: RFC 4180 (comma separator, double quotes when needed, CRLF line ends), UTF-8 with a byte order mark so that
Excel reads the accents; one row per indicator value: `indicator,key,sub_key,value`, numbers written as plain numbers
(a dot as decimal separator, no thousands separator), an empty value for a figure without denominator."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import Http404
from django.template.loader import render_to_string

from establishments.models import Establishment

from .charts import section_chart
from .establishment_table import COLUMNS, EstablishmentRow, establishment_rows
from .occupancy_months import occupancy_charts
from .presentation import Section, key_figures, report_sections
from .scope import ASSOCIATION
from .services import ActivityReport, report_to_json

FORMATS = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def association_name() -> str:
    return getattr(settings, "PARCOURS_ASSOCIATION_NAME", "") or "Association"


def report_json(report: ActivityReport, *, health: bool = True) -> dict[str, Any]:
    """The JSON form of the report; without health rights, the vulnerabilities (health data) are left out."""
    data = report_to_json(report)
    if not health:
        data["indicators"].pop("vulnerability_shares", None)
    return data


def indicator_rows(indicators: dict[str, Any]) -> Iterator[tuple[str, str, str, Any]]:
    """(indicator id, key, sub-key, value) of every value of the JSON indicators (nesting is at most two deep)."""
    for name, value in indicators.items():
        if not isinstance(value, dict):
            yield name, "", "", value
            continue
        for key, item in value.items():
            if not isinstance(item, dict):
                yield name, str(key), "", item
                continue
            for sub_key, leaf in item.items():
                yield name, str(key), str(sub_key), leaf


def plain(value: Any) -> Any:
    """A number as a spreadsheet/CSV number (Decimal → float), None stays None."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def render_csv(report: ActivityReport, *, health: bool = True) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["indicator", "key", "sub_key", "value"])
    for name, key, sub_key, value in indicator_rows(report_json(report, health=health)["indicators"]):
        writer.writerow([name, key, sub_key, "" if value is None else plain(value)])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def _rows_for(report: ActivityReport, rows: list[EstablishmentRow] | None) -> list[EstablishmentRow]:
    if report.scope.type != ASSOCIATION:
        return []
    if rows is None:
        rows = establishment_rows(year=report.year, establishments=Establishment.objects.all())
    return rows


ESTABLISHMENT_CHARTS = ("population", "justice", "exits")


def _establishment_charts(row: EstablishmentRow, health: bool) -> list[tuple[Section, Any]]:
    """The main sections of an establishment's own report, with their charts, for its pages of the PDF."""
    return [(s, section_chart(s)) for s in report_sections(row.report, health=health) if s.slug in ESTABLISHMENT_CHARTS]


def render_html(
    report: ActivityReport, *, health: bool = True, establishments: list[EstablishmentRow] | None = None
) -> str:
    sections = report_sections(report, health=health)
    rows = _rows_for(report, establishments)
    return render_to_string(
        "reports/export.html",
        {
            "association": association_name(),
            "year": report.year,
            "scope": report.scope,
            "keys": key_figures(report),
            "sections": [(s, section_chart(s)) for s in sections],
            "establishment_columns": COLUMNS,
            "establishments": [(row, key_figures(row.report), _establishment_charts(row, health)) for row in rows],
            "occupancy": occupancy_charts(report.year, report.nights),
            "generated": datetime.date.today(),
        },
    )


def sheet_title(title: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Feuille"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _write_figures(sheet: Any, figures: Iterable[Any]) -> None:
    for figure in figures:
        value = plain(figure.raw)
        sheet.append([figure.label, value, figure.unit, figure.indicator, figure.code])
        if isinstance(figure.raw, Decimal):
            sheet.cell(row=sheet.max_row, column=2).number_format = "0.0"


def render_xlsx(
    report: ActivityReport, *, health: bool = True, establishments: list[EstablishmentRow] | None = None
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    taken: set[str] = set()
    # "Rapport": the whole report on one sheet (key figures, then every section), for reading or printing.
    sheet = workbook.active
    sheet.title = sheet_title("Rapport", taken)
    sheet.append([f"Rapport d'activité {report.year} — {report.scope.label}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"Calculé le {datetime.date.today():%d/%m/%Y} selon les indicateurs v1."])
    sheet.append([])
    sheet.append(["Chiffres clés"])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    _write_figures(sheet, key_figures(report))
    sheet.append([])
    sections: list[Section] = report_sections(report, health=health)
    for section in sections:
        sheet.append([section.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        _write_figures(sheet, section.figures)
        sheet.append([])
    # Then one sheet per section.
    for section in sections:
        page = workbook.create_sheet(sheet_title(section.title, taken))
        page.append([section.title])
        page["A1"].font = Font(bold=True)
        if section.note:
            page.append([section.note])
        page.append(["Indicateur", "Valeur", "Unité", "Identifiant", "Code"])
        _write_figures(page, section.figures)
    rows = _rows_for(report, establishments)
    if rows:
        page = workbook.create_sheet(sheet_title("Par établissement", taken))
        page.append(["Établissement", *COLUMNS])
        for row in rows:
            page.append([row.establishment.name, *[plain(f.raw) for f in row.figures]])
            for column, figure in enumerate(row.figures, start=2):
                if isinstance(figure.raw, Decimal):
                    page.cell(row=page.max_row, column=column).number_format = "0.0"
    # "JSON": every indicator value (indicator id, key, value; a nested value as JSON text).
    data = workbook.create_sheet(sheet_title("JSON", taken))
    data.append(["indicateur", "clé", "valeur"])
    for name, value in report_json(report, health=health)["indicators"].items():
        if isinstance(value, dict):
            for key, item in value.items():
                data.append([name, key, json.dumps(item) if isinstance(item, dict) else item])
        else:
            data.append([name, "", value])
    for page in workbook.worksheets:
        page.column_dimensions["A"].width = 60
        page.column_dimensions["D"].width = 24
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_pdf(
    report: ActivityReport, *, health: bool = True, establishments: list[EstablishmentRow] | None = None
) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(report, health=health, establishments=establishments)).write_pdf()


def render_file(
    report: ActivityReport,
    fmt: str,
    *,
    health: bool = True,
    establishments: list[EstablishmentRow] | None = None,
) -> tuple[bytes | str, str]:
    """The report in `fmt`; `establishments`: the per-establishment rows of an association report (computed
    for every establishment when not given)."""
    if fmt == "json":
        return json.dumps(report_json(report, health=health), ensure_ascii=False, indent=2) + "\n", FORMATS[fmt]
    if fmt == "csv":
        return render_csv(report, health=health), FORMATS[fmt]
    if fmt == "html":
        return render_html(report, health=health, establishments=establishments), FORMATS[fmt]
    if fmt == "xlsx":
        return render_xlsx(report, health=health, establishments=establishments), FORMATS[fmt]
    if fmt == "pdf":
        return render_pdf(report, health=health, establishments=establishments), FORMATS[fmt]
    raise Http404("Format inconnu.")
