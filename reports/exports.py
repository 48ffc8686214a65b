"""The report as a file: a standalone HTML page, a spreadsheet (openpyxl) or a PDF (WeasyPrint)."""

from __future__ import annotations

import datetime
import io
import json

from django.http import Http404
from django.template.loader import render_to_string

from .charts import bar_chart
from .presentation import key_figures, report_sections
from .services import ActivityReport, report_to_json

FORMATS = {
    "json": "application/json; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def render_html(report: ActivityReport, *, health: bool = True) -> str:
    sections = report_sections(report, health=health)
    return render_to_string(
        "reports/export.html",
        {
            "year": report.year,
            "scope": report.scope,
            "keys": key_figures(report),
            "sections": [(s, bar_chart(s.chart, title=s.title) if s.chart else None) for s in sections],
            "generated": datetime.date.today(),
        },
    )


def render_xlsx(report: ActivityReport, *, health: bool = True) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Rapport"
    sheet.append([f"Rapport d'activité {report.year} — {report.scope.label}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for section in report_sections(report, health=health):
        sheet.append([section.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for figure in section.figures:
            raw = figure.raw
            value: int | float | None = raw if raw is None or isinstance(raw, int) else float(raw)
            sheet.append([figure.label, value, figure.unit, figure.indicator, figure.code])
        sheet.append([])
    sheet.column_dimensions["A"].width = 70
    sheet.column_dimensions["D"].width = 24
    data = workbook.create_sheet("JSON")
    data.append(["indicateur", "clé", "valeur"])
    indicators = report_to_json(report)["indicators"]
    if not health:
        indicators.pop("vulnerability_shares", None)
    for name, value in indicators.items():
        if isinstance(value, dict):
            for key, item in value.items():
                data.append([name, key, json.dumps(item) if isinstance(item, dict) else item])
        else:
            data.append([name, "", value])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_pdf(report: ActivityReport, *, health: bool = True) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(report, health=health)).write_pdf()


def render_file(report: ActivityReport, fmt: str, *, health: bool = True) -> tuple[bytes | str, str]:
    if fmt == "json":
        return json.dumps(report_to_json(report), ensure_ascii=False, indent=2) + "\n", FORMATS[fmt]
    if fmt == "html":
        return render_html(report, health=health), FORMATS[fmt]
    if fmt == "xlsx":
        return render_xlsx(report, health=health), FORMATS[fmt]
    if fmt == "pdf":
        return render_pdf(report, health=health), FORMATS[fmt]
    raise Http404("Format inconnu.")
