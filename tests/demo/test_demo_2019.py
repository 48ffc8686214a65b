"""The 2019 demo data set reproduces the figures of the association's 2019 activity report.

Each expected value is the report's own figure, read through `activity_report` + `report_to_json` (JSON values
have one decimal); where the report contradicts itself the data set follows its counts and the expected value is
the one those counts give (see docs/demo-data.md, "Contradictions").
"""

from __future__ import annotations

import csv
import filecmp
import pathlib
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction

from establishments.models import Establishment, Service
from generators.demo2019 import build_demo, write_demo
from interchange.services import import_records
from reports.scope import Scope
from reports.services import activity_report, report_to_json

YEAR = 2019


def shown(value: float | None, decimals: int = 0) -> Decimal:
    """A JSON figure as the report shows it (half-up to `decimals`)."""
    assert value is not None
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The demo imported once for the module, inside a transaction rolled back at the end."""
    folder = tmp_path_factory.mktemp("demo2019")
    write_demo(build_demo(), folder)
    with django_db_blocker.unblock(), transaction.atomic():
        result = import_records(path=folder, acting_user=None)
        assert result.applied, result.errors[:20]
        yield folder
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_module, db):  # type: ignore[no-untyped-def]
    return demo_module


def report(scope: Scope) -> tuple[Any, dict[str, Any]]:
    r = activity_report(year=YEAR, scope=scope)
    return r, report_to_json(r)["indicators"]


def establishment(ident: str) -> Scope:
    return Scope.for_establishment(Establishment.objects.get(external_id=ident))


def test_association_figures(demo) -> None:  # type: ignore[no-untyped-def]
    r, j = report(Scope.association())
    assert j["persons"] == 1329
    assert j["persons_by_modality"] == {
        "accueil_jour": 244,
        "contrat_insertion": 140,
        "hebergement_urgence": 318,
        "logement_adapte": 40,
        "halte_nuit": 142,
        "hebergement_insertion": 282,
        "lhss": 37,
        "hebergement_urgence_accompagne": 89,
        "projet_professionnel": 37,
    }
    # 56.3% of the 625 persons outside emergency-only modalities would be 352, but the situations below only
    # fit 350 justice-linked persons: 350 / 625 = 56.0%.
    assert (r.justice.base_persons, r.justice.base_linked) == (625, 350)
    assert j["justice_share"] == 56.0
    assert j["justice_by_situation"]["groups"] == {
        "peine_alternative": 36.6,
        "amenagement_peine": 19.7,
        "attente_jugement": 2.3,
        "peine_hors_prison": 21.7,
        "peine_terminee": 19.7,
        "incarceration": 0.0,
    }
    measures = j["justice_by_situation"]["measures"]
    assert {k: measures[k] for k in ("sme", "tig", "composition_penale")} == {
        "sme": 22.9,
        "tig": 12.9,
        "composition_penale": 0.3,
    }
    assert measures["contrainte_penale"] == 0.6  # report: 0.5 (no whole count of 350 gives 0.5)
    assert {k: measures[k] for k in ("semi_liberte", "pse", "liberation_conditionnelle")} == {
        "semi_liberte": 0.9,
        "pse": 17.4,
        "liberation_conditionnelle": 1.4,
    }
    assert (measures["controle_judiciaire"], measures["arse"]) == (2.0, 0.3)
    assert (measures["ssj"], measures["sursis_simple"]) == (21.4, 0.3)
    assert (
        measures["fin_amenagement_ou_alternative"],
        measures["sortie_prison_6_mois"],
        measures["condamnation_anterieure"],
    ) == (0.9, 11.4, 7.4)
    households = j["households"]["households"]
    assert households["homme_seul"] == 1007
    assert households["femme_seule"] == 236
    assert households["couple_sans_enfant"] == 14
    assert households["famille_monoparentale"] + households["couple_avec_enfants"] == 23
    assert sum(j["households"]["persons"].values()) == 1329
    assert shown(j["mean_stay_months"]) == 10
    assert j["meals"] == 85506
    vulnerabilities = j["vulnerability_shares"]
    assert vulnerabilities["addiction_alcool"] == {"share": 18.4, "justice_share": 55.5}
    assert shown(vulnerabilities["addiction_drogues"]["share"]) == 16  # 214 / 1,329 = 16.1%
    assert vulnerabilities["addiction_drogues"]["justice_share"] == 56.5
    assert vulnerabilities["troubles_psychiques"] == {"share": 13.6, "justice_share": 60.2}


def test_chemin_vert(demo) -> None:  # type: ignore[no-untyped-def]
    r, j = report(establishment("chemin_vert"))
    assert j["persons"] == 113
    assert j["households"]["households"]["homme_seul"] == 113  # 113 men
    assert shown(j["mean_age"]) == 36
    assert shown(j["mean_stay_months"]) == 12
    assert j["justice_share"] == 100.0
    assert shown(j["positive_housing_share"]) == 93
    assert shown(j["positive_activity_share"]) == 37
    assert (r.justice.groups["amenagement_peine"], r.justice.groups["peine_alternative"]) == (32, 40)
    assert j["pse_employment"] == {"measures": 31, "count": 16, "share": 51.6}  # 31 PSE, 16 employed: 52%
    assert shown(j["measure_completion"]["pse"]["completed_share"]) == 84


def test_val_de_marne(demo) -> None:  # type: ignore[no-untyped-def]
    r, j = report(establishment("val_de_marne"))
    assert j["persons"] == 59
    assert j["households"]["households"] == {
        "homme_seul": 0,
        "femme_seule": 35,
        "couple_sans_enfant": 11,
        "famille_monoparentale": 0,
        "couple_avec_enfants": 0,
        "autre": 1,  # the mother and her adult son
    }
    assert shown(j["mean_age"]) == 39
    assert shown(j["mean_stay_months"]) == 14
    assert (r.justice.base_linked, r.justice.base_persons) == (5, 59)  # 8% (8.47%)
    assert shown(j["positive_housing_share"]) == 74
    assert shown(j["positive_activity_share"]) == 79


def test_thuillier(demo) -> None:  # type: ignore[no-untyped-def]
    r, j = report(establishment("thuillier"))
    assert j["persons"] == 172
    households = j["households"]
    assert households["households"]["femme_seule"] == 106
    assert households["households"]["famille_monoparentale"] == 19
    assert households["households"]["famille_monoparentale"] + households["households"]["couple_avec_enfants"] == 22
    minors = households["persons"]["famille_monoparentale"] + households["persons"]["couple_avec_enfants"] - 19 - 2 * 3
    assert minors == 28
    assert shown(j["mean_age"]) == 35
    assert shown(j["mean_stay_months"]) == 14
    assert shown(j["justice_share"]) == 17
    assert shown(j["positive_housing_share"]) == 95
    assert shown(j["positive_activity_share"]) == 34


def test_augustins(demo) -> None:  # type: ignore[no-untyped-def]
    r, j = report(establishment("augustins"))
    assert j["persons"] == 117
    assert shown(j["mean_age"]) == 43
    assert shown(j["mean_stay_months"]) == 10
    assert shown(j["justice_share"]) == 49
    # The report: 34 positive exits, 11 with a job or training ("37%" in the report: 11/34 = 32.4%); 89% with
    # autonomous housing cannot be a count of 34 (30/34 = 88.2%).
    assert r.exits.positive == 34
    assert r.exits.positive_activity == 11
    assert j["positive_activity_share"] == 32.4
    assert j["positive_housing_share"] == 88.2
    assert j["tig"]["placements"] == 10


def test_passerelle(demo) -> None:  # type: ignore[no-untyped-def]
    r, j = report(establishment("passerelle"))
    assert j["persons"] == 756
    by_modality = j["persons_by_modality"]
    assert by_modality["hebergement_urgence"] == 268
    assert by_modality["accueil_jour"] == 249
    assert by_modality["hebergement_urgence_accompagne"] == 94
    assert by_modality["halte_nuit"] == 145  # 756 − 268 − 249 − 94 (142 at association level)
    assert shown(j["mean_age"]) == 35
    assert j["nights"]["pas_halte"] == 1475
    assert j["domiciliations"] == {"count": 28, "justice_linked": 23}
    admissions = j["admissions"]
    assert admissions["received_by_prescriber"]["spip"] == 53
    assert admissions["decisions"]["favorable"] == 44
    assert admissions["decisions"]["defavorable"] == 9
    assert {k: admissions["outcomes"][k] for k in ("admis", "reoriente", "non_presente")} == {
        "admis": 21,
        "reoriente": 3,
        "non_presente": 20,
    }
    capacity = Service.objects.get(external_id="pas_urgence").capacity
    assert capacity is not None and capacity + 14 == 46  # 46 places (55 in winter): emergency + follow-up


def test_workshops(demo) -> None:  # type: ignore[no-untyped-def]
    r, j = report(establishment("ateliers"))
    assert j["persons"] == 95
    for service, persons in (("ate_restaurant", 45), ("ate_garage", 36), ("ate_menuiserie", 14)):
        assert report(Scope.for_service(Service.objects.get(external_id=service)))[1]["persons"] == persons
    assert shown(j["mean_age"]) == 40
    assert 6 <= j["mean_stay_months"] <= 12
    assert r.justice.base_linked == 66  # 66 people under justice…
    assert r.justice.groups["amenagement_peine"] == 3  # …3 of them in a sentence adjustment
    assert j["dynamic_exit_share"] == 38.0
    assert (j["tig"]["placements"], j["tig"]["hired_after"]) == (31, 2)


def test_aqi(demo) -> None:  # type: ignore[no-untyped-def]
    r, j = report(establishment("aqi"))
    assert j["persons"] == 39
    assert j["cohorts"]["members"] == 39
    assert shown(j["cohorts"]["sat_exam_share"]) == 67
    assert shown(j["cohorts"]["graduated_share"]) == 92
    assert shown(j["mean_age"]) == 34
    assert shown(j["justice_share"]) == 72  # 28 of 39
    assert shown(j["dynamic_exit_share"]) == 44  # "44% positive for employment": 17 of 39


def test_reimport_changes_nothing(demo) -> None:  # type: ignore[no-untyped-def]
    again = import_records(path=demo, acting_user=None)
    assert again.applied
    assert again.total_changes == 0


def without_names(path: pathlib.Path) -> list[tuple[str, ...]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(r["person_id"], r["birth_date"], r["sex"]) for r in csv.DictReader(handle)]


def test_committed_files_are_the_generated_ones(tmp_path: pathlib.Path) -> None:
    """demo/2019 is what the generator writes (names aside: they come from Faker's lists, which may change
    between Faker releases without changing anything else). After changing the generator: make_demo --no-import."""
    folder = tmp_path / "demo"
    write_demo(build_demo(), folder)
    committed = pathlib.Path(settings.BASE_DIR) / "demo" / "2019"
    names = sorted(p.name for p in folder.glob("*.csv"))
    assert names == sorted(p.name for p in committed.glob("*.csv"))
    others = [n for n in names if n != "persons.csv"]
    _, mismatch, errors = filecmp.cmpfiles(folder, committed, others, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert without_names(folder / "persons.csv") == without_names(committed / "persons.csv")
