"""Export: every file, deterministic, scoped; export → import into an empty database → export is identical."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command

from accounts.enums import Role
from admissions.models import AdmissionRequest
from audit.models import AuditEntry
from employment.models import Cohort, CohortMember, TigPlacement
from establishments.models import CapacityPeriod, Establishment, Service
from events.models import Event
from interchange.format import FILES
from interchange.services import export_records, import_records
from justice.models import JusticeMeasure
from people.models import Household, Person, Vulnerability
from stays.models import Stay
from tests.factories import (
    EventFactory,
    HouseholdFactory,
    JusticeMeasureFactory,
    PersonFactory,
    StayFactory,
    UserFactory,
    VulnerabilityFactory,
)

from .data import write_dataset

pytestmark = pytest.mark.django_db


def read_all(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def delete_all_records() -> None:
    for model in (
        CohortMember,
        Cohort,
        TigPlacement,
        AdmissionRequest,
        Event,
        Vulnerability,
        JusticeMeasure,
        Stay,
        Household,
        Person,
        CapacityPeriod,
        Service,
        Establishment,
    ):
        model.objects.all().delete()


def test_an_empty_database_exports_every_file_with_its_header(tmp_path):
    counts = export_records(path=tmp_path / "out")

    assert counts == dict.fromkeys(FILES, 0)
    files = read_all(tmp_path / "out")
    assert sorted(files) == sorted(FILES)
    assert files["persons.csv"] == b"person_id,last_name,first_name,birth_date,sex\r\n"


def test_round_trip_is_byte_identical(tmp_path):
    import_records(path=write_dataset(tmp_path / "d"), acting_user=None, source="ancien-logiciel")
    # Records typed in the application (no external id), and a person of another source whose id collides.
    chrs = Service.objects.get(external_id="aug_ins")
    household = HouseholdFactory()
    mother = PersonFactory(last_name="Leroy", first_name="Inès", sex="F")
    son = PersonFactory(last_name="Leroy", first_name="Noé", birth_date=datetime.date(2015, 1, 2))
    StayFactory(person=mother, service=chrs, household=household, start_date=datetime.date(2019, 9, 1))
    StayFactory(
        person=son, service=chrs, household=household, household_role="enfant", start_date=datetime.date(2019, 9, 1)
    )
    other = PersonFactory(last_name="Autre", first_name="Source", source="tableur", external_id="p1")
    JusticeMeasureFactory(person=other)
    VulnerabilityFactory(person=mother, kind="troubles_psychiques")
    EventFactory(person=mother, service=chrs, kind="entretien")
    first = export_records(path=tmp_path / "a")
    exported = read_all(tmp_path / "a")

    delete_all_records()
    result = import_records(path=tmp_path / "a", acting_user=None)
    assert result.errors == []
    second = export_records(path=tmp_path / "b")

    assert first == second
    assert read_all(tmp_path / "b") == exported
    persons = exported["persons.csv"].decode().splitlines()
    assert f"P{mother.pk},Leroy,Inès,1985-06-15,F" in persons
    assert f"P{other.pk},Autre,Source,1985-06-15,M" in persons  # "p1" is taken by the first source's person
    assert f"M{household.pk}" in exported["stays.csv"].decode()
    assert first["persons.csv"] == 6


def test_export_to_a_zip_can_be_imported_again_without_change(tmp_path):
    import_records(path=write_dataset(tmp_path / "d"), acting_user=None)
    export_records(path=tmp_path / "export.zip")
    export_records(path=tmp_path / "again.zip")

    result = import_records(path=tmp_path / "export.zip", acting_user=None)

    assert result.errors == []
    assert result.total_changes == 0
    assert (tmp_path / "export.zip").read_bytes() == (tmp_path / "again.zip").read_bytes()


def test_export_is_recorded_in_the_audit_log(tmp_path):
    user = UserFactory(role=Role.ADMIN)
    export_records(path=tmp_path / "out", user=user, year=2019)

    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == user
    assert entry.detail.startswith(f"Export interchange v1 (année 2019, périmètre de {user.username}) : ")


def lines(folder, name) -> list[str]:
    return (folder / name).read_text(encoding="utf-8").splitlines()[1:]


def test_a_user_exports_only_their_scope(tmp_path, world):
    VulnerabilityFactory(person=world.person_b)
    JusticeMeasureFactory(person=world.person_b)

    export_records(path=tmp_path / "out", user=world.worker_b)

    out = tmp_path / "out"
    assert [row.split(",")[1] for row in lines(out, "persons.csv")] == [world.person_b.last_name]
    assert [row.split(",")[0] for row in lines(out, "establishments.csv")] == ["chemin_vert"]
    assert len(lines(out, "stays.csv")) == 1
    assert len(lines(out, "justice_measures.csv")) == 1
    assert lines(out, "vulnerabilities.csv") == []  # worker_b has no access to health data


def test_reception_agents_export_no_justice_measures(tmp_path, world):
    JusticeMeasureFactory(person=world.person_a)

    export_records(path=tmp_path / "out", user=world.reception_a)

    assert len(lines(tmp_path / "out", "persons.csv")) == 1
    assert lines(tmp_path / "out", "justice_measures.csv") == []


def test_year_and_establishment_options(tmp_path):
    import_records(path=write_dataset(tmp_path / "d"), acting_user=None)

    call_command("export_records", str(tmp_path / "2018"), "--year", "2018")
    call_command("export_records", str(tmp_path / "passerelle"), "--establishment", "passerelle", "--year", "2019")

    # 2018: no stay was active; only r1 was received (p1 therefore exported), measures of exported persons follow.
    y2018 = tmp_path / "2018"
    assert lines(y2018, "stays.csv") == []
    assert [r.split(",")[0] for r in lines(y2018, "admission_requests.csv")] == ["r1"]
    assert [r.split(",")[0] for r in lines(y2018, "persons.csv")] == ["p1"]
    assert len(lines(y2018, "justice_measures.csv")) == 2
    assert lines(y2018, "events.csv") == []
    assert lines(y2018, "capacities.csv") == []
    assert len(lines(y2018, "services.csv")) == 4
    passerelle = tmp_path / "passerelle"
    assert [r.split(",")[0] for r in lines(passerelle, "stays.csv")] == ["s2"]
    assert [r.split(",")[0] for r in lines(passerelle, "events.csv")] == ["e1", "e2"]
    assert [r.split(",")[0] for r in lines(passerelle, "persons.csv")] == ["p1", "p2"]
    # r2 was reoriented to a service of Les Augustins: that service is exported so the file stays consistent.
    assert [r.split(",")[0] for r in lines(passerelle, "services.csv")] == ["aug_ins", "pas_aj", "pas_halte"]
    assert [r.split(",")[0] for r in lines(passerelle, "establishments.csv")] == ["augustins", "passerelle"]
    assert lines(passerelle, "cohorts.csv") == []
    # Each partial export can be imported on its own.
    assert import_records(path=passerelle, acting_user=None, source="partiel").errors == []


def test_establishment_option_accepts_a_generated_id(tmp_path, world):
    unnamed = Establishment.objects.create(name="Sans identifiant")
    Service.objects.create(establishment=unnamed, name="Urgence", modality="hebergement_urgence")

    call_command("export_records", str(tmp_path / "out"), "--establishment", f"E{unnamed.pk}")

    assert lines(tmp_path / "out", "establishments.csv") == [f"E{unnamed.pk},Sans identifiant,,"]
    assert len(lines(tmp_path / "out", "services.csv")) == 1


def test_unknown_establishment_or_user_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Établissement inconnu : nulle-part"):
        call_command("export_records", str(tmp_path / "out"), "--establishment", "nulle-part")
    with pytest.raises(CommandError, match="Utilisateur inconnu : personne"):
        call_command("export_records", str(tmp_path / "out"), "--user", "personne")
