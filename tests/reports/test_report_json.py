"""The JSON contract, the management command, and a query count that does not grow with the records."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from establishments.enums import Modality, NightRecording
from reports.scope import Scope
from reports.services import activity_report, report_to_json
from tests.factories import (
    AdmissionRequestFactory,
    CapacityPeriodFactory,
    CohortMemberFactory,
    EstablishmentFactory,
    EventFactory,
    HouseholdFactory,
    JusticeMeasureFactory,
    TigPlacementFactory,
    VulnerabilityFactory,
)
from tests.reports.helpers import d, person, service, stay

pytestmark = pytest.mark.django_db

INDICATOR_KEYS = {
    "persons",
    "persons_by_modality",
    "justice_share",
    "justice_by_situation",
    "households",
    "mean_age",
    "mean_stay_months",
    "mean_stay_days",
    "median_stay_days",
    "mean_stay_months_all",
    "positive_exits",
    "positive_housing_share",
    "positive_activity_share",
    "dynamic_exit_share",
    "vulnerability_shares",
    "nights",
    "occupancy",
    "meals",
    "domiciliations",
    "admissions",
    "measure_completion",
    "pse_employment",
    "cohorts",
    "tig",
}


def populate(n: int, est):
    """n families' worth of every kind of record in one establishment."""
    chrs = service(Modality.HEBERGEMENT_INSERTION, establishment=est, capacity=20)
    shelter = service(Modality.HALTE_NUIT, establishment=est, night_recording=NightRecording.NUITEE, capacity=None)
    day = service(Modality.ACCUEIL_JOUR, establishment=est)
    CapacityPeriodFactory(service=shelter, start_date=d("2019-01-01"), end_date=d("2019-04-01"), places=10)
    for i in range(n):
        household = HouseholdFactory()
        adult = person(birth_date="1980-01-01", sex="F")
        child = person(birth_date="2012-01-01", sex="M")
        stay(adult, chrs, f"2019-01-0{1 + i % 9}", household=household)
        stay(child, chrs, f"2019-01-0{1 + i % 9}", household=household, household_role="enfant")
        leaver = person()
        stay(leaver, day, "2018-05-01", f"2019-0{1 + i % 9}-15", exit_housing="logement_autonome")
        JusticeMeasureFactory(person=adult, measure=["pse", "sme", "incarceration"][i % 3], start_date=d("2018-06-01"))
        JusticeMeasureFactory(person=leaver, measure="pse", start_date=d("2018-01-01"), end_date=d("2019-02-01"))
        VulnerabilityFactory(person=adult, kind="addiction_alcool")
        EventFactory(person=adult, service=shelter, kind="nuitee", date=d("2019-02-02"))
        EventFactory(person=None, service=day, kind="repas", quantity=3)
        EventFactory(person=leaver, service=day, kind="domiciliation")
        AdmissionRequestFactory(person=adult, service=chrs)
        CohortMemberFactory(cohort__service=day, sat_exam=True, graduated=bool(i % 2))
        TigPlacementFactory(person=leaver, service=day, hours_done=10)


def report_queries(scope: Scope) -> int:
    with CaptureQueriesContext(connection) as queries:
        report_to_json(activity_report(year=2019, scope=scope))
    return len(queries)


def test_query_count_does_not_grow_with_the_records(django_assert_max_num_queries):
    est = EstablishmentFactory()
    populate(2, est)
    small = report_queries(Scope.association())
    small_est = report_queries(Scope.for_establishment(est))
    populate(12, est)
    with django_assert_max_num_queries(small):
        report_to_json(activity_report(year=2019, scope=Scope.association()))
    assert report_queries(Scope.association()) == small
    assert report_queries(Scope.for_establishment(est)) == small_est
    assert small <= 20


def test_json_shape_has_every_code(db):
    est = EstablishmentFactory(external_id="CV")
    populate(3, est)
    result = report_to_json(activity_report(year=2019, scope=Scope.for_establishment(est)))
    assert result["year"] == 2019
    assert result["scope"] == {"type": "establishment", "id": "CV"}
    indicators = result["indicators"]
    assert set(indicators) == INDICATOR_KEYS
    assert len(indicators["persons_by_modality"]) == 9
    assert len(indicators["justice_by_situation"]["groups"]) == 6
    assert len(indicators["justice_by_situation"]["measures"]) == 16
    assert set(indicators["households"]) == {"households", "persons"}
    assert len(indicators["admissions"]["received_by_prescriber"]) == 9
    assert set(indicators["measure_completion"]) == {
        "semi_liberte",
        "pse",
        "liberation_conditionnelle",
        "placement_exterieur",
    }
    assert set(indicators["vulnerability_shares"]) == {
        "addiction_alcool",
        "addiction_drogues",
        "troubles_psychiques",
        "handicap",
    }
    assert indicators["persons"] == 9
    assert isinstance(indicators["persons"], int)
    assert isinstance(indicators["justice_share"], float)
    assert json.loads(json.dumps(result)) == result


def test_command_writes_json_for_an_establishment_or_a_service(tmp_path):
    est = EstablishmentFactory(external_id="augustins")
    chrs = service(establishment=est, external_id="aug-chrs")
    stay(person(), chrs, "2019-02-01")
    out = StringIO()
    call_command("activity_report", "--year", "2019", "--establishment", "augustins", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["scope"] == {"type": "establishment", "id": "augustins"}
    assert data["indicators"]["persons"] == 1
    target = tmp_path / "rapport.json"
    call_command("activity_report", "--year", "2019", "--service", "aug-chrs", "--output", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["scope"] == {"type": "service", "id": "aug-chrs"}
    assert data["indicators"]["nights"] == {"aug-chrs": 334}  # 2019-02-01 → 2020-01-01
    call_command("activity_report", "--year", "2019", "--output", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["scope"] == {"type": "association", "id": None}


def test_command_refuses_an_unknown_id():
    with pytest.raises(CommandError, match="introuvable"):
        call_command("activity_report", "--year", "2019", "--establishment", "nope", stdout=StringIO())


def test_records_without_interchange_id_get_the_export_generated_ids():
    est = EstablishmentFactory(external_id="")
    chrs = service(establishment=est, external_id="", capacity=None)
    stay(person(), chrs, "2019-12-01")
    out = StringIO()
    call_command("activity_report", "--year", "2019", "--establishment", f"E{est.pk}", stdout=out)
    data = json.loads(out.getvalue())
    assert data["scope"] == {"type": "establishment", "id": f"E{est.pk}"}
    assert data["indicators"]["nights"] == {f"S{chrs.pk}": 31}
    assert data["indicators"]["occupancy"] == {f"S{chrs.pk}": None}


def test_command_writes_xlsx_html_and_pdf_files(tmp_path):
    from openpyxl import load_workbook

    stay(person(), service(external_id="chrs"), "2019-02-01")
    xlsx = tmp_path / "rapport.xlsx"
    call_command("activity_report", "--year", "2019", "--format", "xlsx", "--output", str(xlsx))
    sheet = load_workbook(xlsx)["Rapport"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Personnes accompagnées"] == 1
    json_sheet = load_workbook(xlsx)["JSON"]
    assert ("persons", None, 1) in list(json_sheet.iter_rows(values_only=True))
    page = tmp_path / "rapport.html"
    call_command("activity_report", "--year", "2019", "--format", "html", "--output", str(page))
    assert "Rapport d'activité 2019" in page.read_text(encoding="utf-8")
    pdf = tmp_path / "rapport.pdf"
    call_command("activity_report", "--year", "2019", "--format", "pdf", "--output", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="--output"):
        call_command("activity_report", "--year", "2019", "--format", "pdf", stdout=StringIO())
