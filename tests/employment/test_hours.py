"""Monthly hours: the month sheet of a workshop, filled by the supervisor, validated by the head (then read-only
until reopened, audited), with its totals and its CSV/XLSX files for payroll, guarded against formula injection."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from audit.models import AuditEntry
from employment import services
from employment.models import MonthSheet, WorkHours
from employment.services import HoursLine
from employment.sheets import month_sheet, safe_cell, sheet_csv, sheet_rows, sheet_xlsx
from tests.employment.conftest import hire
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
D = datetime.date
MAY = D(2019, 5, 1)


@pytest.fixture
def two(ins):  # type: ignore[no-untyped-def]
    """Two employees of the restaurant in May 2019: one since April, one hired on 20 May."""
    ins.c1 = hire(ins)
    ins.bob = PersonFactory(last_name="Zola", first_name="Bob")
    ins.c2 = hire(ins, ins.bob, start_date=D(2019, 5, 20), end_date=D(2019, 11, 19), weekly_hours=24)
    return ins


def _save(w, lines, month=MAY, user=None):  # type: ignore[no-untyped-def]
    return services.month_sheet_save(service=w.restaurant_a, month=month, lines=lines, acting_user=user or w.worker_a)


def test_the_sheet_has_one_line_per_contract_in_force_that_month(two):
    assert [line.contract for line in month_sheet(two.restaurant_a, MAY).lines] == [two.c1, two.c2]
    assert [line.contract for line in month_sheet(two.restaurant_a, D(2019, 4, 1)).lines] == [two.c1]
    assert month_sheet(two.restaurant_a, D(2019, 12, 1)).lines == []


def test_the_supervisor_fills_the_month_and_the_totals_add_up(two):
    written = _save(
        two,
        {
            two.c1.pk: HoursLine(hours=Decimal("98.5"), absence_hours=Decimal("14"), absence_reason="maladie"),
            two.c2.pk: HoursLine(hours=Decimal("43.25")),
        },
    )
    assert written == 2
    sheet = month_sheet(two.restaurant_a, MAY)
    assert sheet.total_hours == Decimal("141.75") and sheet.total_absence_hours == Decimal("14")
    assert sheet.missing == 0 and not sheet.is_validated
    entry = AuditEntry.objects.get(object_type="employment.workhours", person=two.person_a)
    assert entry.changes["hours"] == [None, "98.50"] and entry.changes["absence_reason"] == [None, "maladie"]
    # a correction is an update, audited with the old and new value
    _save(two, {two.c2.pk: HoursLine(hours=Decimal("45"))})
    update = AuditEntry.objects.get(object_type="employment.workhours", action="update")
    assert update.changes == {"hours": ["43.25", "45.00"]}
    assert WorkHours.objects.count() == 2


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        (HoursLine(hours=Decimal("86.555")), "hours", "deux décimales au plus"),
        (HoursLine(hours=Decimal("-1")), "hours", "positif"),
        (HoursLine(hours=Decimal("745")), "hours", "dépasse 744 h"),
        (HoursLine(hours=Decimal("80"), absence_hours=Decimal("7")), "absence_reason", "motif"),
        (HoursLine(hours=Decimal("80"), absence_reason="conges"), "absence_hours", "heures d'absence"),
        (HoursLine(hours=None, absence_hours=Decimal("7"), absence_reason="conges"), "hours", "obligatoire"),
    ],
)
def test_bad_lines_are_refused_and_nothing_is_saved(two, line, field, message):
    audit = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        _save(two, {two.c2.pk: HoursLine(hours=Decimal("40")), two.c1.pk: line})
    assert message in exc.value.message_dict[f"{field}_{two.c1.pk}"][0]
    assert not WorkHours.objects.exists() and AuditEntry.objects.count() == audit


def test_hours_cannot_exceed_the_days_of_the_contract_in_the_month(two):
    # Bob's contract starts on 20 May: 12 days in May, 288 hours at most.
    with pytest.raises(ValidationError, match="dépasse 288 h"):
        _save(two, {two.c2.pk: HoursLine(hours=Decimal("289"))})


def test_a_contract_not_in_force_that_month_has_no_line(two):
    with pytest.raises(ValidationError) as exc:
        _save(two, {two.c2.pk: HoursLine(hours=Decimal("10"))}, month=D(2019, 4, 1))
    assert "pas en vigueur" in exc.value.message_dict[f"hours_{two.c2.pk}"][0]


def test_hours_once_written_are_not_blanked(two):
    _save(two, {two.c1.pk: HoursLine(hours=Decimal("98"))})
    with pytest.raises(ValidationError, match="saisissez 0"):
        _save(two, {two.c1.pk: HoursLine(hours=None)})


def test_the_head_validates_a_complete_sheet_then_it_is_read_only(two):
    _save(two, {two.c1.pk: HoursLine(hours=Decimal("98"))})
    with pytest.raises(PermissionDenied):
        services.month_sheet_validate(service=two.restaurant_a, month=MAY, acting_user=two.worker_a)
    with pytest.raises(ValidationError, match="Heures non saisies pour : ZOLA Bob"):
        services.month_sheet_validate(service=two.restaurant_a, month=MAY, acting_user=two.head_a)
    assert not MonthSheet.objects.exists()
    _save(two, {two.c2.pk: HoursLine(hours=Decimal("0"), absence_hours=Decimal("24"), absence_reason="maladie")})
    sheet = services.month_sheet_validate(service=two.restaurant_a, month=MAY, acting_user=two.head_a)
    assert sheet.is_validated and sheet.validated_by == two.head_a
    assert AuditEntry.objects.filter(object_type="employment.monthsheet", detail="Feuille d'heures validée").exists()
    with pytest.raises(ValidationError, match="rouverte"):
        _save(two, {two.c1.pk: HoursLine(hours=Decimal("99"))})
    assert WorkHours.objects.get(contract=two.c1).hours == Decimal("98")


def test_the_head_reopens_with_a_reason_audited(two):
    _save(two, {two.c1.pk: HoursLine(hours=Decimal("98")), two.c2.pk: HoursLine(hours=Decimal("40"))})
    services.month_sheet_validate(service=two.restaurant_a, month=MAY, acting_user=two.head_a)
    with pytest.raises(PermissionDenied):
        services.month_sheet_reopen(service=two.restaurant_a, month=MAY, reason="Erreur", acting_user=two.worker_a)
    with pytest.raises(ValidationError, match="Motif"):
        services.month_sheet_reopen(service=two.restaurant_a, month=MAY, reason=" ", acting_user=two.head_a)
    services.month_sheet_reopen(
        service=two.restaurant_a, month=MAY, reason="Heures supplémentaires oubliées", acting_user=two.head_a
    )
    entry = AuditEntry.objects.filter(object_type="employment.monthsheet").latest("pk")
    assert entry.detail == "Feuille d'heures rouverte : Heures supplémentaires oubliées"
    assert entry.changes == {"status": ["validee", "brouillon"]}
    _save(two, {two.c1.pk: HoursLine(hours=Decimal("104"))})
    # and validated again
    services.month_sheet_validate(service=two.restaurant_a, month=MAY, acting_user=two.head_a)
    assert MonthSheet.objects.get().is_validated


def test_a_future_month_cannot_be_filled(two):
    with pytest.raises(ValidationError, match="pas encore commencé"):
        _save(two, {}, month=D(2099, 1, 1))


def test_payroll_files_hold_the_lines_and_the_total(two):
    two.person_a.last_name = '=HYPERLINK("http://x")'
    two.person_a.save()
    _save(
        two,
        {
            two.c1.pk: HoursLine(hours=Decimal("98.5"), comment="-2 h rattrapées"),
            two.c2.pk: HoursLine(hours=Decimal("43.25"), absence_hours=Decimal("3.5"), absence_reason="conges"),
        },
    )
    sheet = month_sheet(two.restaurant_a, MAY)
    rows = sheet_rows(sheet)
    assert rows[-1][:2] == ["Total", two.restaurant_a.name] and rows[-1][7] == Decimal("141.75")
    text = sheet_csv(sheet)
    assert text.startswith("\ufeffNom;Prénom;")
    assert "'=HYPERLINK" in text and ";'-2 h rattrapées" in text
    assert ";98,50;" in text and ";Congés payés;" in text and ";141,75;" in text
    workbook = load_workbook(io.BytesIO(sheet_xlsx(sheet)))
    ws = workbook.active
    values = [[c.value for c in r] for r in ws.iter_rows()]
    assert values[0][0] == "Nom"
    assert values[1][0].startswith("'=HYPERLINK") and values[1][7] == 98.5 and values[1][10] == "'-2 h rattrapées"
    assert values[3][7] == 141.75
    assert all(not (isinstance(v, str) and v.startswith(("=", "+", "-", "@"))) for r in values for v in r)
    assert "non validée" in str(values[-1][1])


def test_safe_cell_prefixes_only_text_that_could_be_a_formula():
    assert [safe_cell(v) for v in ("=1+1", "+33 6", "-x", "@SUM", "Martin", 12, Decimal("-3"))] == [
        "'=1+1",
        "'+33 6",
        "'-x",
        "'@SUM",
        "Martin",
        12,
        Decimal("-3"),
    ]
