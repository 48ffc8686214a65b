"""The month sheet of a workshop: one line per contract in force that month, its totals, and the CSV and XLSX files
for payroll (cells guarded against formula injection)."""

from __future__ import annotations

import calendar
import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from establishments.models import Establishment, Service

from .enums import CONTRACT_MODALITIES, SheetStatus
from .models import Contract, MonthSheet, WorkHours

MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
FORMULA_PREFIXES = ("=", "+", "-", "@")


def month_label(month: datetime.date) -> str:
    return f"{MONTHS_FR[month.month - 1]} {month.year}"


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def previous_month(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month_end(month) + datetime.timedelta(days=1)).replace(day=1)


def contracts_of_month(service: Service, month: datetime.date) -> list[Contract]:
    """The service's contracts in force on at least one day of the month, by employee."""
    return list(
        Contract.objects.filter(stay__service=service, start_date__lte=month_end(month), end_date__gte=month)
        .select_related("stay__person")
        .order_by("stay__person__last_name", "stay__person__first_name", "start_date", "pk")
    )


def insertion_services(establishment: Establishment) -> list[Service]:
    """The establishment's services that carry contracts (workshops, training sites)."""
    return list(
        Service.objects.filter(establishment=establishment, modality__in=list(CONTRACT_MODALITIES)).order_by(
            "name", "pk"
        )
    )


@dataclass
class SheetLine:
    contract: Contract
    hours: WorkHours | None


@dataclass
class Sheet:
    service: Service
    month: datetime.date
    record: MonthSheet | None
    lines: list[SheetLine]

    @property
    def is_validated(self) -> bool:
        return self.record is not None and self.record.is_validated

    @property
    def label(self) -> str:
        return month_label(self.month)

    @property
    def total_hours(self) -> Decimal:
        return sum((line.hours.hours for line in self.lines if line.hours), Decimal(0))

    @property
    def total_absence_hours(self) -> Decimal:
        return sum((line.hours.absence_hours for line in self.lines if line.hours), Decimal(0))

    @property
    def missing(self) -> int:
        return sum(1 for line in self.lines if line.hours is None)


def month_sheet(service: Service, month: datetime.date) -> Sheet:
    """Three queries, whatever the number of employees."""
    contracts = contracts_of_month(service, month)
    hours = {w.contract_id: w for w in WorkHours.objects.filter(contract__in=contracts, month=month)}
    record = MonthSheet.objects.filter(service=service, month=month).select_related("validated_by").first()
    return Sheet(
        service=service,
        month=month,
        record=record,
        lines=[SheetLine(contract=c, hours=hours.get(c.pk)) for c in contracts],
    )


@dataclass(frozen=True)
class SheetSummary:
    service: Service
    month: datetime.date
    contracts: int
    filled: int
    total_hours: Decimal
    validated: bool

    @property
    def label(self) -> str:
        return month_label(self.month)


def establishment_summaries(establishment: Establishment, months: list[datetime.date]) -> list[SheetSummary]:
    """Per workshop and month: contracts in force, lines filled, total hours, validated — a constant number of
    queries per month."""
    services = insertion_services(establishment)
    validated = set(
        MonthSheet.objects.filter(service__in=services, month__in=months, status=SheetStatus.VALIDEE).values_list(
            "service_id", "month"
        )
    )
    out: list[SheetSummary] = []
    for month in months:
        in_force = Contract.objects.filter(
            stay__service__in=services, start_date__lte=month_end(month), end_date__gte=month
        )
        contracts: dict[int, int] = {}
        for service_id in in_force.values_list("stay__service_id", flat=True):
            contracts[service_id] = contracts.get(service_id, 0) + 1
        filled: dict[int, tuple[int, Decimal]] = {}
        for row in (
            WorkHours.objects.filter(contract__in=in_force, month=month)
            .values("contract__stay__service_id")
            .annotate(n=Count("pk"), total=Sum("hours"))
            .order_by()
        ):
            filled[row["contract__stay__service_id"]] = (row["n"], row["total"] or Decimal(0))
        for service in services:
            n, total = filled.get(service.pk, (0, Decimal(0)))
            out.append(
                SheetSummary(
                    service=service,
                    month=month,
                    contracts=contracts.get(service.pk, 0),
                    filled=n,
                    total_hours=total,
                    validated=(service.pk, month) in validated,
                )
            )
    return out


# --- Payroll files --------------------------------------------------------------------------------------------------


def safe_cell(value: Any) -> Any:
    """A text cell starting with = + - @ is prefixed with an apostrophe, so that no spreadsheet reads it as a
    formula; numbers and dates are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


HEADER = [
    "Nom",
    "Prénom",
    "N° de dossier",
    "Poste",
    "Début du contrat",
    "Fin du contrat",
    "Heures par semaine",
    "Heures travaillées",
    "Heures d'absence",
    "Motif d'absence",
    "Commentaire",
]


def sheet_rows(sheet: Sheet) -> list[list[Any]]:
    """The lines for payroll (typed values), then the workshop's total."""
    rows: list[list[Any]] = []
    for line in sheet.lines:
        c, w = line.contract, line.hours
        person = c.stay.person
        rows.append(
            [
                person.last_name,
                person.first_name,
                person.pk,
                c.position,
                c.start_date,
                c.end_date,
                c.weekly_hours,
                w.hours if w else None,
                w.absence_hours if w else None,
                w.get_absence_reason_display() if w and w.absence_reason else "",
                w.comment if w else "",
            ]
        )
    rows.append(["Total", sheet.service.name, "", "", "", "", "", sheet.total_hours, sheet.total_absence_hours, "", ""])
    return rows


def file_name(sheet: Sheet, extension: str) -> str:
    state = "validee" if sheet.is_validated else "non-validee"
    return f"heures-{sheet.service.pk}-{sheet.month:%Y-%m}-{state}.{extension}"


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(safe_cell(value))


def sheet_csv(sheet: Sheet) -> str:
    """For a French spreadsheet: UTF-8 with BOM, semicolons, decimal commas, dates JJ/MM/AAAA."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in sheet_rows(sheet):
        writer.writerow([_csv_text(v) for v in row])
    return buffer.getvalue()


def sheet_xlsx(sheet: Sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = f"Heures {sheet.month:%Y-%m}"
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in sheet_rows(sheet):
        ws.append([float(v) if isinstance(v, Decimal) else safe_cell(v) for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.append([])
    if sheet.is_validated and sheet.record is not None and sheet.record.validated_at is not None:
        state = (
            f"Feuille validée le {timezone.localtime(sheet.record.validated_at):%d/%m/%Y} "
            f"par {safe_cell(str(sheet.record.validated_by or ''))}"
        )
    else:
        state = "Feuille non validée par le chef d'établissement"
    ws.append([safe_cell(f"{sheet.service} — {sheet.label}"), state])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def in_force_q(day: datetime.date) -> Q:
    """Contracts in force on `day` (both ends included)."""
    return Q(start_date__lte=day, end_date__gte=day)
