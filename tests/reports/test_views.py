"""The report pages: who sees which scope, the drill-down lists, the files."""

from __future__ import annotations

import html
import json

import pytest
from django.urls import reverse

from reports.drilldown import INDICATORS
from reports.scope import interchange_id
from tests.factories import EventFactory, JusticeMeasureFactory, VulnerabilityFactory
from tests.reports.helpers import d

pytestmark = pytest.mark.django_db


def url(scope: str, year: int = 2019) -> str:
    return reverse("reports:report", kwargs={"year": year, "scope": scope})


def drill(scope: str, indicator: str, code: str = "") -> str:
    target = reverse("reports:drill", kwargs={"year": 2019, "scope": scope, "indicator": indicator})
    return f"{target}?code={code}" if code else target


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(url("association"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_head_office_sees_the_association_and_every_establishment(client, world):
    client.force_login(world.head_office)
    response = client.get(url("association"))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Rapport d'activité 2019 — Toute l'association" in page
    assert "<svg" in page and "Personnes accompagnées" in page
    assert client.get(url(f"e{world.est_b.pk}")).status_code == 200
    assert client.get(url(f"s{world.chrs_a.pk}")).status_code == 200


def test_index_shows_the_first_report_the_user_may_see(client, world):
    client.force_login(world.worker_a)
    response = client.get(reverse("reports:index"), {"year": "2019"})
    assert response.status_code == 200
    assert "Rapport d'activité 2019 — CHRS Les Augustins" in html.unescape(response.content.decode())


def test_a_worker_sees_only_their_establishments(client, world):
    client.force_login(world.worker_a)
    assert client.get(url(f"e{world.est_a.pk}")).status_code == 200
    assert client.get(url(f"s{world.shelter_a.pk}")).status_code == 200
    assert client.get(url("association")).status_code == 404
    assert client.get(url(f"e{world.est_b.pk}")).status_code == 404
    assert client.get(url(f"s{world.chrs_b.pk}")).status_code == 404
    assert client.get(drill(f"e{world.est_b.pk}", "persons")).status_code == 404
    assert client.get(url("nimporte")).status_code == 404


def test_drill_down_lists_the_persons_behind_a_figure_with_the_reason(client, world):
    client.force_login(world.worker_a)
    response = client.get(drill(f"e{world.est_a.pk}", "persons"))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "MARTIN Éric" in page and "BERNARD" not in page
    assert "séjour de référence" in page


def test_justice_drill_down_gives_the_rule(client, world):
    JusticeMeasureFactory(person=world.person_a, measure="pse", start_date=d("2019-01-01"))
    client.force_login(world.worker_a)
    page = html.unescape(
        client.get(drill(f"e{world.est_a.pk}", "justice_by_situation", "amenagement_peine")).content.decode()
    )
    assert "MARTIN Éric" in page and "Règle 1" in page


def test_reception_cannot_list_justice_and_health(client, world):
    client.force_login(world.reception_a)
    assert client.get(drill(f"e{world.est_a.pk}", "justice_by_situation")).status_code == 403
    assert client.get(drill(f"e{world.est_a.pk}", "vulnerability_shares")).status_code == 403
    page = html.unescape(client.get(url(f"e{world.est_a.pk}")).content.decode())
    assert "Vulnérabilités" not in page


def test_every_drill_down_answers(client, world):
    VulnerabilityFactory(person=world.person_a)
    EventFactory(person=world.person_a, service=world.chrs_a, kind="domiciliation", date=d("2019-04-01"))
    client.force_login(world.admin)
    for indicator in INDICATORS:
        code = interchange_id(world.chrs_a) if indicator in {"nights", "occupancy"} else ""
        response = client.get(drill("association", indicator, code))
        assert response.status_code == 200, indicator
    assert client.get(drill("association", "domiciliations", "justice")).status_code == 200
    assert client.get(drill("association", "admissions", "prescriber:spip")).status_code == 200
    assert client.get(drill("association", "inconnu")).status_code == 404


def test_years_out_of_range_are_not_found(client, world):
    client.force_login(world.admin)
    assert client.get(url("association", year=1999)).status_code == 404
    assert client.get(url("association", year=2999)).status_code == 404


@pytest.mark.parametrize(
    ("fmt", "content_type", "start"),
    [
        ("json", "application/json", b"{"),
        ("html", "text/html", b"<!doctype html>"),
        ("xlsx", "application/vnd.openxmlformats", b"PK"),
        ("pdf", "application/pdf", b"%PDF"),
    ],
)
def test_downloads(client, world, fmt, content_type, start):
    client.force_login(world.head_office)
    target = reverse("reports:download", kwargs={"year": 2019, "scope": "association", "fmt": fmt})
    response = client.get(target)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response.content.startswith(start)
    if fmt == "json":
        assert json.loads(response.content)["indicators"]["persons"] == 2


def test_unknown_format_is_not_found(client, world):
    client.force_login(world.head_office)
    target = reverse("reports:download", kwargs={"year": 2019, "scope": "association", "fmt": "doc"})
    assert client.get(target).status_code == 404
