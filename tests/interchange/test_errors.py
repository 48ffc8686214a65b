"""A folder of deliberately broken files: every error listed, in French, and nothing applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from interchange.services import import_records
from tests.factories import UserFactory

from .data import VALID, all_counts, write_dataset

pytestmark = pytest.mark.django_db

BROKEN = Path(__file__).parent / "broken"

EXPECTED = [
    "personnes.csv:1: -: fichier inconnu",
    "services.csv:3: capacity: nombre entier invalide (x)",
    "services.csv:4: establishment_id: identifiant inconnu (e9)",
    "services.csv:5: night_recording: code inconnu (parfois)",
    "capacities.csv:2: places: valeur obligatoire manquante",
    "persons.csv:2: birth_date: date invalide (1985-02-30)",
    "persons.csv:3: sex: code inconnu (Z)",
    "persons.csv:4: person_id: identifiant en double, déjà à la ligne 2 (p1)",
    "persons.csv:5: last_name: valeur obligatoire manquante",
    "persons.csv:5: birth_date: date invalide (1970-13-01)",
    "persons.csv:7: -: nombre de cellules incorrect (6 au lieu de 5)",
    "persons.csv:8: last_name: encodage invalide, UTF-8 attendu (octet 0xe9)",
    "stays.csv:2: end_date: avant start_date (2019-02-28 < 2019-03-01)",
    "stays.csv:3: exit_housing: obligatoire quand end_date est renseignée",
    "stays.csv:3: exit_activity: obligatoire quand end_date est renseignée",
    "stays.csv:4: exit_reason: doit rester vide tant que end_date est vide (abandon)",
    "stays.csv:5: start_date: hébergement la même nuit que le séjour s3 de la ligne 4, du 2019-02-01, en cours "
    "(2019-05-01)",
    "stays.csv:6: person_id: identifiant inconnu (p9)",
    "stays.csv:7: service_id: identifiant inconnu (xx)",
    "stays.csv:8: household_role: code inconnu (chef)",
    # s8 (0 night) and s9 (starting the day s7 ends) overlap nothing.
    "stays.csv:11: start_date: hébergement la même nuit que le séjour s7 de la ligne 8, du 2019-01-01 au 2019-04-01 "
    "(2019-03-31)",
    "stays.csv:12: stay_id: identifiant en double, déjà à la ligne 2 (s1)",
    "stays.csv:13: start_date: hébergement la même nuit que le séjour s3 de la ligne 4, du 2019-02-01, en cours "
    "(2019-03-01)",
    "stays.csv:13: exit_activity: code inconnu (libre)",
    "justice_measures.csv:1: spip_name: colonne inconnue",
    "justice_measures.csv:1: spip: colonne manquante",
    "vulnerabilities.csv:3: person_id: ligne en double, déjà à la ligne 2 (p4, addiction_alcool, 2019-01-01)",
    "events.csv:2: quantity: nombre entier positif attendu (0)",
    "events.csv:3: kind: code inconnu (diner)",
    "events.csv:3: quantity: nombre entier invalide (-1)",
    "events.csv:4: date: date invalide (02/05/2019)",
    "admission_requests.csv:2: decided_on: avant received_on (2019-01-15 < 2019-02-01)",
    "admission_requests.csv:2: reoriented_to_service_id: identifiant inconnu (zz)",
    "cohort_members.csv:2: sat_exam: booléen invalide, 0 ou 1 attendu (oui)",
    "cohort_members.csv:3: cohort_id: ligne en double, déjà à la ligne 2 (c1, p4)",
    "tig_placements.csv:2: hours_ordered: nombre entier invalide (abc)",
    "tig_placements.csv:2: hired_after: booléen invalide, 0 ou 1 attendu (2)",
]


def test_every_error_is_listed_and_nothing_is_applied(tmp_path):
    user = UserFactory(role="admin")
    import_records(path=write_dataset(tmp_path / "valid"), acting_user=user)
    before = all_counts()

    result = import_records(path=BROKEN, acting_user=user)

    assert result.errors == EXPECTED
    assert not result.applied
    assert result.changes == {}
    assert result.summary() == f"Import refusé : {len(EXPECTED)} erreurs, rien n'a été modifié."
    assert all_counts() == before


def test_an_error_in_the_last_file_undoes_the_first_ones(tmp_path):
    files = dict(VALID)
    files["tig_placements.csv"] = files["tig_placements.csv"].replace(",1\n", ",oui\n")

    result = import_records(path=write_dataset(tmp_path / "d", files), acting_user=None)

    assert result.errors == ["tig_placements.csv:2: hired_after: booléen invalide, 0 ou 1 attendu (oui)"]
    assert all(n == 0 for n in all_counts().values())


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", ["persons.csv:1: -: fichier vide, ligne d'en-tête attendue"]),
        (
            b"person_id,last_name,first_name,birth_date,sex,sex\n",
            ["persons.csv:1: sex: colonne en double"],
        ),
        (
            b'person_id,last_name,first_name,birth_date,sex\np1,"Mar"tin,Eric,,M\n',
            ["persons.csv:2: -: CSV illisible (',' expected after '\"')"],
        ),
        (
            b"person_id,last_name,first_name,birth_date,sex\n" + b"p1," + b"x" * 151 + b",Eric,1985-2-3,M\n",
            [
                "persons.csv:2: last_name: texte trop long, 150 caractères au plus (" + "x" * 40 + "…)",
                "persons.csv:2: birth_date: date invalide (1985-2-3)",
            ],
        ),
    ],
    ids=["empty", "duplicate-column", "bad-quoting", "too-long"],
)
def test_unreadable_persons_files(tmp_path, content, expected):
    (tmp_path / "persons.csv").write_bytes(content)

    assert import_records(path=tmp_path, acting_user=None).errors == expected
