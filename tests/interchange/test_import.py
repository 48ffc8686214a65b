"""Importing a valid data set: every file, idempotence, corrections, audit, overlaps with the database."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.enums import Role
from admissions.models import AdmissionRequest
from audit.models import AuditEntry
from employment.models import Cohort, CohortMember, TigPlacement
from establishments.models import CapacityPeriod, Establishment, Service
from events.models import Event
from interchange.services import import_records
from justice.models import JusticeMeasure
from people.models import Household, Person, Vulnerability
from stays.models import Stay
from tests.factories import StayFactory, UserFactory

from .data import VALID, all_counts, write_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(username="admin_import", role=Role.ADMIN)


def test_import_creates_every_record(tmp_path, admin):
    result = import_records(path=write_dataset(tmp_path / "d"), acting_user=admin)

    assert result.errors == []
    assert result.applied
    assert result.changes["persons.csv"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert result.total_changes == 26
    assert Establishment.objects.count() == 2
    assert Service.objects.count() == 4
    assert CapacityPeriod.objects.get().places == 15
    assert Person.objects.count() == 3
    assert Stay.objects.count() == 5
    assert JusticeMeasure.objects.count() == 2
    assert Vulnerability.objects.count() == 1
    assert Event.objects.count() == 2
    assert AdmissionRequest.objects.count() == 2
    assert Cohort.objects.count() == 1
    assert CohortMember.objects.count() == 2
    assert TigPlacement.objects.count() == 1

    anne = Person.objects.get(external_id="p2")
    assert (anne.first_name, anne.birth_date, anne.sex) == ("Anne, Marie", None, "F")
    assert anne.search_name == "durand anne marie"
    # Hosting is derived from the service's modality; defaults of empty cells are applied.
    assert {s.external_id: s.hosting for s in Stay.objects.all()} == {
        "s1": True,
        "s2": True,
        "s3": True,
        "s4": True,
        "s5": False,
    }
    assert Stay.objects.get(external_id="s1").household_role == "demandeur"
    household = Household.objects.get()
    assert household.external_id == "h1"
    assert set(household.stays.values_list("external_id", flat=True)) == {"s3", "s4"}
    assert Service.objects.get(external_id="aug_ins").night_recording == "sejour"
    assert JusticeMeasure.objects.get(external_id="m1").outcome == "terminee"
    assert JusticeMeasure.objects.get(external_id="m2").outcome == "en_cours"
    assert Event.objects.get(external_id="e2").quantity == 1
    assert Event.objects.get(external_id="e1").person is None
    request = AdmissionRequest.objects.get(external_id="r2")
    assert request.reoriented_to_service is not None
    assert request.reoriented_to_service.external_id == "aug_ins"
    assert TigPlacement.objects.get().hired_after is True
    # Columns outside the format get their model defaults.
    assert request.priority == "normale" and request.organisation == ""
    assert anne.created_at is not None and household.created_at is not None


def test_audit_rows_are_written_with_the_acting_user(tmp_path, admin):
    import_records(path=write_dataset(tmp_path / "d"), acting_user=admin)

    entries = AuditEntry.objects.filter(action="import")
    # 26 records and 1 household, one audit row each.
    assert entries.count() == 27
    assert set(entries.values_list("actor_id", flat=True)) == {admin.pk}
    eric = Person.objects.get(external_id="p1")
    entry = entries.get(object_type="people.person", object_id=str(eric.pk))
    assert entry.person_id == eric.pk
    assert entry.changes["last_name"] == [None, "Martin"]
    assert entry.changes["external_id"] == [None, "p1"]
    assert entry.detail == "Import de persons.csv : création"
    assert entry.actor_label == admin.username
    assert abs((timezone.now() - entry.at).total_seconds()) < 60
    stay_entry = entries.get(object_type="stays.stay", object_id=str(Stay.objects.get(external_id="s1").pk))
    assert stay_entry.person_id == eric.pk


def test_reimporting_the_same_files_changes_nothing(tmp_path, admin):
    folder = write_dataset(tmp_path / "d")
    import_records(path=folder, acting_user=admin)
    before = all_counts()

    result = import_records(path=folder, acting_user=admin)

    assert result.applied
    assert result.total_changes == 0
    assert result.summary() == "Import terminé : 0 modification."
    assert result.changes["stays.csv"] == {"created": 0, "updated": 0, "unchanged": 5}
    assert all_counts() == before


def test_a_corrected_file_updates_only_the_changed_row(tmp_path, admin):
    import_records(path=write_dataset(tmp_path / "d"), acting_user=admin)
    files = dict(VALID)
    files["persons.csv"] = files["persons.csv"].replace("p3,Durand,Léo,M,2012-05-01", "p3,Durand,Léon,M,2012-05-01")
    files["stays.csv"] = files["stays.csv"].replace(
        "s2,p1,pas_halte,2019-06-01,,,,,,", "s2,p1,pas_halte,2019-06-01,2019-08-01,,,,inconnu,inconnu"
    )

    result = import_records(path=write_dataset(tmp_path / "d2", files), acting_user=admin)

    assert result.errors == []
    assert result.total_changes == 2
    assert result.changes["persons.csv"] == {"created": 0, "updated": 1, "unchanged": 2}
    assert result.changes["stays.csv"] == {"created": 0, "updated": 1, "unchanged": 4}
    leo = Person.objects.get(external_id="p3")
    assert leo.first_name == "Léon"
    entry = AuditEntry.objects.get(action="import", object_type="people.person", detail__endswith="modification")
    assert entry.changes == {"first_name": ["Léo", "Léon"], "search_name": ["durand leo", "durand leon"]}
    assert entry.actor == admin
    stay = Stay.objects.get(external_id="s2")
    assert (stay.end_date, stay.hosting) == (datetime.date(2019, 8, 1), True)


def test_ids_are_kept_per_source(tmp_path, admin):
    folder = write_dataset(tmp_path / "d")
    import_records(path=folder, acting_user=admin, source="tableur")

    result = import_records(path=folder, acting_user=admin, source="ancien-logiciel")

    assert result.errors == []
    assert result.changes["persons.csv"]["created"] == 3
    assert Person.objects.filter(external_id="p1").count() == 2
    assert set(Person.objects.values_list("source", flat=True)) == {"tableur", "ancien-logiciel"}


def test_stays_in_the_database_count_for_overlaps(tmp_path, admin):
    import_records(path=write_dataset(tmp_path / "d"), acting_user=admin)
    files = {
        "persons.csv": "person_id,last_name,first_name,birth_date,sex\np1,Martin,Éric,1980-02-29,M\n",
        "stays.csv": VALID["stays.csv"].splitlines()[0] + "\ns9,p1,aug_ins,2019-07-01,,,,,,\n",
    }

    result = import_records(path=write_dataset(tmp_path / "d2", files), acting_user=admin)

    assert result.errors == [
        "stays.csv:2: start_date: hébergement la même nuit que le séjour s2 déjà enregistré, du 2019-06-01, "
        "en cours (2019-07-01)"
    ]
    assert not Stay.objects.filter(external_id="s9").exists()


def test_a_stay_being_updated_does_not_overlap_its_old_version(tmp_path, admin):
    import_records(path=write_dataset(tmp_path / "d"), acting_user=admin)
    header = VALID["stays.csv"].splitlines()[0]
    files = {
        "persons.csv": "person_id,last_name,first_name,birth_date,sex\np1,Martin,Éric,1980-02-29,M\n",
        # s9 moves into nights s1 and s2 held, on lines before the rows that move them away: on PostgreSQL the
        # exclusion constraint must not see the intermediate state.
        "stays.csv": header + "\n"
        "s9,p1,aug_ins,2019-03-01,2019-04-01,,,fin_accompagnement,inconnu,inconnu\n"
        "s2,p1,pas_halte,2019-04-01,,,,,,\n"
        "s1,p1,aug_ins,2019-01-10,2019-03-01,,,fin_accompagnement,logement_autonome,cdi\n",
    }

    result = import_records(path=write_dataset(tmp_path / "d2", files), acting_user=admin)

    assert result.errors == []
    assert result.changes["stays.csv"] == {"created": 1, "updated": 2, "unchanged": 0}
    assert list(
        Stay.objects.filter(person__external_id="p1", hosting=True)
        .values_list("external_id", flat=True)
        .order_by("start_date")
    ) == ["s1", "s9", "s2"]


def test_a_stay_recorded_in_the_application_is_named_by_its_number(tmp_path, admin):
    import_records(path=write_dataset(tmp_path / "d"), acting_user=admin)
    eric = Person.objects.get(external_id="p1")
    Stay.objects.filter(external_id="s2").update(
        end_date=datetime.date(2019, 6, 2), exit_housing="rue", exit_activity="inconnu"
    )
    manual = StayFactory(
        person=eric, service=Service.objects.get(external_id="aug_ins"), start_date=datetime.date(2020, 1, 1)
    )
    files = {
        "persons.csv": "person_id,last_name,first_name,birth_date,sex\np1,Martin,Éric,1980-02-29,M\n",
        "stays.csv": VALID["stays.csv"].splitlines()[0] + "\ns9,p1,pas_halte,2019-12-01,2020-02-01,,,,rue,inconnu\n",
    }

    result = import_records(path=write_dataset(tmp_path / "d2", files), acting_user=admin)

    assert result.errors == [
        f"stays.csv:2: start_date: hébergement la même nuit que le séjour n° {manual.pk} déjà enregistré, "
        "du 2020-01-01, en cours (2019-12-01)"
    ]


def test_a_missing_persons_file_is_an_error(tmp_path, admin):
    files = {"establishments.csv": VALID["establishments.csv"]}

    result = import_records(path=write_dataset(tmp_path / "d", files), acting_user=admin)

    assert result.errors == ["persons.csv:1: -: fichier obligatoire manquant"]
    assert not result.applied
    assert Establishment.objects.count() == 0


def test_bom_and_crlf_are_accepted(tmp_path, admin):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "persons.csv").write_bytes(
        "\ufeffperson_id,last_name,first_name,birth_date,sex\r\np1,Martin,Éric,,M\r\n".encode()
    )

    result = import_records(path=folder, acting_user=admin)

    assert result.errors == []
    assert Person.objects.get().first_name == "Éric"


def test_progress_is_reported_per_file(tmp_path, admin):
    seen = []

    import_records(path=write_dataset(tmp_path / "d"), acting_user=admin, progress=lambda f, n: seen.append((f, n)))

    assert ("persons.csv", 3) in seen
    assert ("stays.csv", 5) in seen


def test_the_command_says_when_nothing_changed(tmp_path, admin, capsys):
    folder = write_dataset(tmp_path / "d")
    call_command("import_records", str(folder), "--user", admin.username)

    call_command("import_records", str(folder), "--user", admin.username)

    out = capsys.readouterr().out
    assert "persons.csv : 0 créé(s), 0 modifié(s), 3 inchangé(s)" in out
    assert "Import terminé : 0 modification." in out
    assert AuditEntry.objects.filter(action="import", actor=admin).count() == 27


def test_overlaps_with_the_database_are_reported_even_when_persons_csv_has_errors(tmp_path, admin):
    import_records(path=write_dataset(tmp_path / "d"), acting_user=admin)
    files = {
        "persons.csv": "person_id,last_name,first_name,birth_date,sex\np1,Martin,Éric,1980-02-30,M\n",
        "stays.csv": VALID["stays.csv"].splitlines()[0] + "\ns9,p1,aug_ins,2019-07-01,,,,,,\n",
    }

    result = import_records(path=write_dataset(tmp_path / "d2", files), acting_user=admin)

    assert result.errors == [
        "persons.csv:2: birth_date: date invalide (1980-02-30)",
        "stays.csv:2: start_date: hébergement la même nuit que le séjour s2 déjà enregistré, du 2019-06-01, "
        "en cours (2019-07-01)",
    ]


def test_the_command_lists_every_error_and_fails(tmp_path, capsys):
    files = {"persons.csv": "person_id,last_name,first_name,birth_date,sex\np1,Martin,Éric,1980-02-30,X\np1,A,B,,Y\n"}

    with pytest.raises(CommandError, match="Import refusé : 3 erreurs, rien n'a été modifié."):
        call_command("import_records", str(write_dataset(tmp_path / "d", files)))

    assert capsys.readouterr().out.splitlines() == [
        "persons.csv:2: birth_date: date invalide (1980-02-30)",
        "persons.csv:3: person_id: identifiant en double, déjà à la ligne 2 (p1)",
        "persons.csv:3: sex: code inconnu (Y)",
    ]
