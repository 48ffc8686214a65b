"""The admissions page of CHU La Passerelle, on the imported 2019 demo data set, shows the report's funnel:
53 SPIP requests → 44 favourable, 9 unfavourable → 21 admitted, 3 reoriented, 20 no-shows."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.enums import Role
from establishments.models import Establishment
from generators.demo2019 import build_demo, write_demo
from interchange.services import import_records
from reports.scope import Scope
from reports.services import activity_report, report_to_json
from tests.factories import UserFactory


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("demo2019-admissions")
    write_demo(build_demo(), folder)
    with django_db_blocker.unblock(), transaction.atomic():
        result = import_records(path=folder, acting_user=None)
        assert result.applied, result.errors[:20]
        yield folder
        transaction.set_rollback(True)


def test_passerelle_funnel_on_the_admissions_page_and_in_the_report(demo, db, client):  # type: ignore[no-untyped-def]
    passerelle = Establishment.objects.get(external_id="passerelle")
    client.force_login(UserFactory(role=Role.ESTABLISHMENT_HEAD, establishments=[passerelle]))
    page = client.get(reverse("admissions:index", kwargs={"establishment_pk": passerelle.pk}) + "?annee=2019")
    shown = page.context["funnel"]
    assert shown.received == 53
    assert shown.received_by_prescriber["spip"] == 53
    assert (shown.decisions["favorable"], shown.decisions["defavorable"]) == (44, 9)
    assert (shown.outcomes["admis"], shown.outcomes["reoriente"], shown.outcomes["non_presente"]) == (21, 3, 20)
    assert 'data-testid="funnel-received">53<' in page.content.decode()
    indicators = report_to_json(activity_report(year=2019, scope=Scope.for_establishment(passerelle)))["indicators"]
    assert indicators["admissions"]["decisions"] == shown.decisions
    assert indicators["admissions"]["outcomes"] == shown.outcomes
