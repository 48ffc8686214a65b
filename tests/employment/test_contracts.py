"""Insertion contracts (CDDI): hire, renewal, early end and exit; warnings an establishment head may override with a
reason; hard errors that nothing overrides; nothing half-saved."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TypedDict

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from audit.models import AuditEntry
from employment import services
from employment.models import Contract
from employment.rules import ContractWarnings, check_contract_in_stay, cumulated_days
from stays.models import Stay
from tests.employment.conftest import hire
from tests.factories import ContractFactory, PersonFactory, StayFactory

pytestmark = pytest.mark.django_db
D = datetime.date


class _Exit(TypedDict):
    """The exit of an insertion path (`services.path_exit`), without its contract's end reason."""

    end_date: datetime.date
    exit_reason: str
    exit_housing: str
    exit_activity: str


def _counts() -> tuple[int, int, int]:
    return Stay.objects.count(), Contract.objects.count(), AuditEntry.objects.count()


def test_a_hire_opens_the_path_and_its_initial_contract_in_one_call(ins):
    contract = hire(ins)
    stay = contract.stay
    assert (stay.person, stay.service, stay.start_date, stay.end_date) == (
        ins.person_a,
        ins.restaurant_a,
        D(2019, 4, 1),
        None,
    )
    assert (contract.kind, contract.start_date, contract.end_date, contract.planned_end_date) == (
        "initial",
        D(2019, 4, 1),
        D(2019, 9, 30),
        D(2019, 9, 30),
    )
    assert contract.weekly_hours == 26 and contract.agreement_reference == "PASS IAE 99999 19 00001"
    assert contract.overridden_warnings == [] and contract.override_reason == ""
    types = list(AuditEntry.objects.filter(person=ins.person_a).values_list("object_type", flat=True))
    assert types.count("stays.stay") == 1 and types.count("employment.contract") == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"weekly_hours": 0}, "weekly_hours", "de 1 à 35"),
        ({"weekly_hours": 36}, "weekly_hours", "de 1 à 35"),
        ({"end_date": D(2019, 3, 31)}, "end_date", "est avant « Début »"),
    ],
)
def test_hard_errors_name_the_field_and_save_nothing(ins, fields, field, message):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        hire(ins, user=ins.head_a, override_reason="Dérogation", **fields)
    assert message in exc.value.message_dict[field][0]
    assert _counts() == before


def test_a_contract_in_a_service_of_another_modality_is_refused(ins):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        hire(ins, service=ins.chrs_a)
    assert "Hébergement et réinsertion sociale" in exc.value.message_dict["service"][0]
    assert _counts() == before


def test_a_second_path_in_the_same_workshop_is_a_renewal_not_a_hire(ins):
    hire(ins)
    with pytest.raises(ValidationError, match="renouvelez son contrat"):
        hire(ins, start_date=D(2019, 10, 1), end_date=D(2020, 3, 31))


def test_under_20_hours_a_week_is_a_warning_the_worker_sees_but_cannot_override(ins):
    before = _counts()
    with pytest.raises(ContractWarnings) as exc:
        hire(ins, weekly_hours=15)
    assert exc.value.codes == ["heures_moins_20"]
    assert "15 heures par semaine" in exc.value.warnings[0].message
    assert _counts() == before
    with pytest.raises(PermissionDenied):
        hire(ins, weekly_hours=15, override_reason="Reprise progressive", acknowledged_warnings=["heures_moins_20"])
    assert _counts() == before


def test_the_head_overrides_with_a_written_reason_stored_and_audited(ins):
    contract = hire(
        ins,
        user=ins.head_a,
        weekly_hours=15,
        override_reason="Reprise progressive après hospitalisation (médecin du travail).",
        acknowledged_warnings=["heures_moins_20"],
    )
    assert contract.weekly_hours == 15
    assert contract.overridden_warnings == ["heures_moins_20"]
    assert contract.overridden_by == ins.head_a
    assert contract.override_reason.startswith("Reprise progressive")
    entry = AuditEntry.objects.get(object_type="employment.contract", object_id=str(contract.pk))
    assert "passés outre par head_a" in entry.detail and "Reprise progressive" in entry.detail
    assert entry.changes["override_reason"][1].startswith("Reprise progressive")


def test_a_warning_the_head_did_not_see_is_raised_again(ins):
    with pytest.raises(ContractWarnings):
        hire(ins, user=ins.head_a, weekly_hours=15, override_reason="Vu", acknowledged_warnings=[])
    assert not Contract.objects.exists()


def test_an_empty_reason_overrides_nothing(ins):
    with pytest.raises(ContractWarnings):
        hire(ins, user=ins.head_a, weekly_hours=15, override_reason="   ", acknowledged_warnings=["heures_moins_20"])


def _previous_path(w, start, end):  # type: ignore[no-untyped-def]
    stay = StayFactory(
        person=w.person_a,
        service=w.garage_a,
        start_date=start,
        end_date=end,
        exit_reason="fin_accompagnement",
        exit_housing="inconnu",
        exit_activity="inconnu",
    )
    return ContractFactory(stay=stay, start_date=start, end_date=end)


def test_cumulated_contracts_over_24_months_is_a_warning(ins):
    # 2018-01-01..2019-06-30 = 546 days; 2019-09-01..2020-03-03 = 185 days: 731 days, exactly 24 months.
    _previous_path(ins, D(2018, 1, 1), D(2019, 6, 30))
    contract = hire(ins, start_date=D(2019, 9, 1), end_date=D(2020, 3, 3))
    assert contract.overridden_warnings == []
    contract.delete()
    Stay.objects.filter(service=ins.restaurant_a).delete()
    # One more day: 732 days.
    with pytest.raises(ContractWarnings) as exc:
        hire(ins, start_date=D(2019, 9, 1), end_date=D(2020, 3, 4))
    assert exc.value.codes == ["cumul_plus_24_mois"]
    assert "732 jours" in exc.value.warnings[0].message


def test_cumulated_days_count_overlapping_contracts_once():
    assert cumulated_days([(D(2019, 1, 1), D(2019, 1, 10)), (D(2019, 1, 5), D(2019, 1, 20))]) == 20
    assert cumulated_days([(D(2019, 1, 1), D(2019, 1, 31)), (D(2019, 1, 10), D(2019, 1, 12))]) == 31
    assert cumulated_days([(D(2019, 1, 1), D(2019, 1, 1)), (D(2019, 1, 3), D(2019, 1, 3))]) == 2
    assert cumulated_days([]) == 0


def test_a_renewal_the_day_after_needs_no_confirmation(ins):
    first = hire(ins)
    renewal = services.contract_renew(
        stay=first.stay,
        start_date=D(2019, 10, 1),
        end_date=D(2020, 3, 31),
        weekly_hours=26,
        acting_user=ins.worker_a,
    )
    assert renewal.kind == "renouvellement" and renewal.position == "Commis de cuisine"
    assert renewal.agreement_reference == first.agreement_reference


def test_a_renewal_after_a_gap_is_a_warning_and_an_overlap_an_error(ins):
    first = hire(ins)
    with pytest.raises(ContractWarnings) as exc:
        services.contract_renew(
            stay=first.stay, start_date=D(2019, 10, 7), end_date=D(2020, 3, 31), weekly_hours=26, acting_user=ins.head_a
        )
    assert exc.value.codes == ["renouvellement_non_consecutif"]
    assert "(01/10/2019)" in exc.value.warnings[0].message
    before = _counts()
    with pytest.raises(ValidationError) as err:
        services.contract_renew(
            stay=first.stay,
            start_date=D(2019, 9, 30),
            end_date=D(2020, 3, 31),
            weekly_hours=26,
            acting_user=ins.head_a,
            override_reason="x",
            acknowledged_warnings=["renouvellement_non_consecutif"],
        )
    assert "chevauche le contrat du 01/04/2019 au 30/09/2019" in err.value.message_dict["start_date"][0]
    assert _counts() == before
    gap = services.contract_renew(
        stay=first.stay,
        start_date=D(2019, 10, 7),
        end_date=D(2020, 3, 31),
        weekly_hours=26,
        acting_user=ins.head_a,
        override_reason="Attente du renouvellement de l'agrément PASS IAE.",
        acknowledged_warnings=["renouvellement_non_consecutif"],
    )
    assert gap.overridden_warnings == ["renouvellement_non_consecutif"]


def test_contract_days_lie_within_the_stay_days():
    with pytest.raises(ValidationError) as exc:
        check_contract_in_stay(
            stay_start=D(2019, 4, 1),
            stay_end=D(2019, 6, 30),
            start_date=D(2019, 3, 31),
            end_date=D(2019, 7, 1),
            others=[],
        )
    assert "avant l'entrée dans le parcours" in exc.value.message_dict["start_date"][0]
    assert "après la sortie du parcours (30/06/2019)" in exc.value.message_dict["end_date"][0]
    # both ends are days of the stay
    check_contract_in_stay(
        stay_start=D(2019, 4, 1), stay_end=D(2019, 6, 30), start_date=D(2019, 4, 1), end_date=D(2019, 6, 30), others=[]
    )


def test_a_renewal_of_a_closed_path_or_a_path_without_contract_is_refused(ins):
    stay = StayFactory(person=ins.person_a, service=ins.restaurant_a, start_date=D(2019, 4, 1))
    with pytest.raises(ValidationError, match="pas encore de contrat"):
        services.contract_renew(
            stay=stay, start_date=D(2019, 4, 1), end_date=D(2019, 9, 30), weekly_hours=26, acting_user=ins.worker_a
        )
    with pytest.raises(ValidationError) as exc:
        services.contract_renew(
            stay=ins.stay_a,
            start_date=D(2019, 4, 1),
            end_date=D(2019, 9, 30),
            weekly_hours=26,
            acting_user=ins.worker_a,
        )
    assert "Contrat d'insertion" in exc.value.message_dict["stay"][0]


def test_an_early_end_keeps_the_planned_end_and_needs_a_reason(ins):
    contract = hire(ins)
    with pytest.raises(ValidationError) as exc:
        services.contract_end_early(contract=contract, end_date=D(2019, 6, 14), reason="", acting_user=ins.worker_a)
    assert "motif" in exc.value.message_dict["reason"][0].lower()
    with pytest.raises(ValidationError, match="avant la fin prévue"):
        services.contract_end_early(
            contract=contract, end_date=D(2019, 9, 30), reason="embauche", acting_user=ins.worker_a
        )
    services.contract_end_early(contract=contract, end_date=D(2019, 6, 14), reason="embauche", acting_user=ins.worker_a)
    contract.refresh_from_db()
    assert (contract.end_date, contract.planned_end_date, contract.end_reason) == (
        D(2019, 6, 14),
        D(2019, 9, 30),
        "embauche",
    )
    entry = AuditEntry.objects.filter(object_type="employment.contract", action="update").get()
    assert entry.changes["end_date"] == ["2019-09-30", "2019-06-14"]


def test_an_early_end_before_recorded_hours_is_refused(ins):
    contract = hire(ins)
    services.month_sheet_save(
        service=ins.restaurant_a,
        month=D(2019, 7, 1),
        lines={contract.pk: services.HoursLine(hours=Decimal("100"))},
        acting_user=ins.worker_a,
    )
    with pytest.raises(ValidationError, match="07/2019"):
        services.contract_end_early(
            contract=contract, end_date=D(2019, 6, 14), reason="embauche", acting_user=ins.worker_a
        )


def test_the_exit_ends_the_open_contract_that_day_and_closes_the_stay(ins):
    contract = hire(ins)
    exit_values: _Exit = {
        "end_date": D(2019, 8, 15),
        "exit_reason": "fin_accompagnement",
        "exit_housing": "logement_autonome",
        "exit_activity": "cdi",
    }
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.path_exit(stay=contract.stay, acting_user=ins.worker_a, **exit_values)
    assert "30/09/2019" in exc.value.message_dict["contract_end_reason"][0]
    assert _counts() == before
    contract.refresh_from_db()
    assert contract.end_date == D(2019, 9, 30) and contract.stay.end_date is None
    stay = services.path_exit(
        stay=contract.stay, acting_user=ins.worker_a, contract_end_reason="embauche", **exit_values
    )
    contract.refresh_from_db()
    assert (stay.end_date, stay.exit_activity) == (D(2019, 8, 15), "cdi")
    assert (contract.end_date, contract.end_reason) == (D(2019, 8, 15), "embauche")


def test_an_exit_on_the_contract_end_day_changes_no_contract(ins):
    contract = hire(ins)
    services.path_exit(
        stay=contract.stay,
        end_date=D(2019, 9, 30),
        exit_reason="fin_accompagnement",
        exit_housing="inconnu",
        exit_activity="recherche_emploi",
        acting_user=ins.worker_a,
    )
    contract.refresh_from_db()
    assert contract.end_date == D(2019, 9, 30) and contract.end_reason == ""


def test_an_exit_before_a_contract_already_recorded_is_refused(ins):
    first = hire(ins)
    services.contract_renew(
        stay=first.stay, start_date=D(2019, 10, 1), end_date=D(2020, 3, 31), weekly_hours=26, acting_user=ins.worker_a
    )
    with pytest.raises(ValidationError, match="commence le 01/10/2019"):
        services.path_exit(
            stay=first.stay,
            end_date=D(2019, 9, 30),
            exit_reason="abandon",
            exit_housing="inconnu",
            exit_activity="inconnu",
            acting_user=ins.worker_a,
        )


def test_the_database_refuses_inconsistent_contracts(ins):
    stay = StayFactory(person=PersonFactory(), service=ins.restaurant_a)
    base = {"stay": stay, "kind": "initial", "start_date": D(2019, 3, 1), "end_date": D(2019, 8, 31)}
    for bad in (
        {"weekly_hours": 36, "planned_end_date": D(2019, 8, 31)},
        {"weekly_hours": 26, "planned_end_date": D(2019, 8, 31), "kind": "avenant"},
        {"weekly_hours": 26, "planned_end_date": D(2019, 9, 30)},  # ended early without a reason
        {"weekly_hours": 26, "planned_end_date": D(2019, 8, 31), "end_reason": "embauche"},  # a reason, not early
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Contract.objects.create(**{**base, **bad})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraint exists on PostgreSQL only")
def test_postgresql_refuses_two_contracts_of_a_stay_sharing_a_day(ins):
    stay = StayFactory(person=PersonFactory(), service=ins.restaurant_a)
    ContractFactory(stay=stay, start_date=D(2019, 3, 1), end_date=D(2019, 8, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractFactory(stay=stay, start_date=D(2019, 8, 31), end_date=D(2019, 12, 31))
    ContractFactory(stay=stay, start_date=D(2019, 9, 1), end_date=D(2019, 12, 31))  # the day after is fine


def test_a_new_path_in_the_same_workshop_starts_after_the_previous_one(ins):
    contract = hire(ins)
    services.path_exit(
        stay=contract.stay,
        end_date=D(2019, 9, 30),
        exit_reason="fin_accompagnement",
        exit_housing="inconnu",
        exit_activity="recherche_emploi",
        acting_user=ins.worker_a,
    )
    with pytest.raises(ValidationError) as exc:
        hire(ins, start_date=D(2019, 9, 30), end_date=D(2020, 3, 31))
    assert "jusqu'au 30/09/2019" in exc.value.message_dict["start_date"][0]
    again = hire(ins, start_date=D(2019, 10, 1), end_date=D(2020, 3, 31))
    assert again.stay != contract.stay
