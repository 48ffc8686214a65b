"""The report page as a reader sees it: the per-establishment table, the admission funnel, occupancy by month."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from establishments.enums import Modality, NightRecording
from establishments.models import Establishment
from reports.establishment_table import establishment_rows
from reports.occupancy_months import occupancy_by_month
from reports.presentation import report_sections
from reports.scope import Scope
from reports.services import activity_report, report_to_json
from tests.factories import AdmissionRequestFactory, CapacityPeriodFactory, EventFactory, JusticeMeasureFactory
from tests.reports.helpers import d, person, service, stay

pytestmark = pytest.mark.django_db

ROW_INDICATORS = [
    "persons",
    "mean_age",
    "mean_stay_months",
    "justice_share",
    "positive_housing_share",
    "positive_activity_share",
]


def populate(world):  # type: ignore[no-untyped-def]
    """A few stays in both establishments: leavers with and without housing or a job, a person under justice."""
    leaver = person(last_name="Sortant", birth_date="1970-05-01")
    stay(leaver, world.chrs_a, "2018-11-01", "2019-04-01", exit_housing="logement_autonome", exit_activity="cdi")
    JusticeMeasureFactory(person=leaver, measure="pse", start_date=d("2019-01-10"))
    other = person(last_name="Autre", birth_date="1990-01-01")
    stay(
        other,
        world.chrs_a,
        "2019-02-01",
        "2019-10-01",
        exit_housing="logement_adapte",
        exit_activity="recherche_emploi",
    )
    stay(person(last_name="Bleu", birth_date="2000-01-01"), world.chrs_b, "2019-03-01", "2019-05-01")
    stay(person(last_name="Vert", birth_date=None), world.chrs_b, "2019-01-01")


def url(scope: str) -> str:
    return reverse("reports:report", kwargs={"year": 2019, "scope": scope})


def test_each_row_equals_the_establishment_report(world):
    populate(world)
    rows = establishment_rows(year=2019, establishments=[world.est_b, world.est_a])
    assert [r.establishment for r in rows] == sorted([world.est_a, world.est_b], key=lambda e: e.name)
    for row in rows:
        expected = report_to_json(activity_report(year=2019, scope=Scope.for_establishment(row.establishment)))
        values = [None if f.raw is None else float(f.raw) for f in row.figures]
        assert values == [expected["indicators"][key] for key in ROW_INDICATORS]
        assert [f.indicator for f in row.figures] == ROW_INDICATORS
    by_establishment = {r.establishment: r for r in rows}
    assert by_establishment[world.est_a].figures[0].raw == 3  # Martin (world), Sortant, Autre
    assert by_establishment[world.est_a].figures[4].raw is not None


def test_head_office_sees_one_row_per_establishment_with_links(client, world):
    populate(world)
    client.force_login(world.head_office)
    page = html.unescape(client.get(url("association")).content.decode())
    assert "Par établissement" in page
    for establishment in (world.est_a, world.est_b):
        assert f'href="{url(f"e{establishment.pk}")}"' in page
        drill = reverse(
            "reports:drill", kwargs={"year": 2019, "scope": f"e{establishment.pk}", "indicator": "mean_age"}
        )
        assert f'href="{drill}"' in page


def test_a_worker_has_no_row_nor_link_for_another_establishment(client, world):
    populate(world)
    rows = establishment_rows(year=2019, establishments=Establishment.objects.visible_to(world.worker_a))
    assert [r.establishment for r in rows] == [world.est_a]
    client.force_login(world.worker_a)
    assert client.get(url("association")).status_code == 404
    page = client.get(url(f"e{world.est_a.pk}")).content.decode()
    assert "Par établissement" not in page
    assert f"/e{world.est_b.pk}/" not in page
    for indicator in ROW_INDICATORS:
        target = reverse("reports:drill", kwargs={"year": 2019, "scope": f"e{world.est_b.pk}", "indicator": indicator})
        assert client.get(target).status_code == 404


def test_the_admissions_are_drawn_as_a_funnel(client, world):
    for decision, outcome in [("favorable", "admis"), ("favorable", "desiste"), ("defavorable", "en_attente")]:
        AdmissionRequestFactory(service=world.chrs_a, received_on=d("2019-03-01"), decision=decision, outcome=outcome)
    report = activity_report(year=2019, scope=Scope.for_establishment(world.est_a))
    section = next(s for s in report_sections(report) if s.slug == "admissions")
    assert section.chart_kind == "funnel"
    assert [(f.label, f.raw) for f in section.chart] == [("Demandes reçues", 3), ("Avis favorable", 2), ("Admises", 1)]
    client.force_login(world.worker_a)
    page = html.unescape(client.get(url(f"e{world.est_a.pk}")).content.decode())
    funnel = re.search(r'<svg[^>]*class="chart funnel".*?</svg>', page, re.S)
    assert funnel is not None and "Avis favorable" in funnel.group(0) and "(67\u00a0%)" in funnel.group(0)


def test_occupancy_by_month_adds_up_to_the_nights_indicator(world):
    seasonal = service(capacity=None, name="Hiver", establishment=world.est_a)
    CapacityPeriodFactory(service=seasonal, start_date=d("2019-01-01"), end_date=d("2019-03-01"), places=2)
    night = service(Modality.HALTE_NUIT, night_recording=NightRecording.NUITEE, establishment=world.est_a, capacity=10)
    stay(person(), seasonal, "2018-12-20", "2019-02-10")
    stay(person(), world.chrs_a, "2019-01-31", "2019-02-02")
    EventFactory(service=night, kind="nuitee", date=d("2019-07-14"), quantity=4, person=None)
    report = activity_report(year=2019, scope=Scope.for_establishment(world.est_a))
    with CaptureQueriesContext(connection) as captured:
        months = {m.service_pk: m for m in occupancy_by_month(2019, report.nights)}
    assert len(captured.captured_queries) <= 4
    for service_nights in report.nights.services:
        rows = months[service_nights.service_pk].months
        assert sum(r.nights for r in rows) == service_nights.nights
        assert sum(r.place_nights for r in rows) == service_nights.place_nights
    winter = months[seasonal.pk].months
    assert [r.nights for r in winter[:3]] == [31, 9, 0]
    assert [r.place_nights for r in winter[:3]] == [62, 56, 0]
    assert winter[2].rate is None
    assert months[world.chrs_a.pk].months[0].nights == 1 and months[world.chrs_a.pk].months[1].nights == 1
    assert months[night.pk].months[6].nights == 4


def test_the_page_shows_the_months_with_their_data_table(client, world):
    client.force_login(world.worker_a)
    page = html.unescape(client.get(url(f"s{world.chrs_a.pk}")).content.decode())
    assert "Taux d'occupation par mois" in page
    assert 'class="chart months"' in page
    assert "Occupation par mois — CHRS Les Augustins — Insertion" in page
