"""The rules of an insertion contract (CDDI), written once for every way a contract is made (hire, renewal, cohort
enrolment, hire after a TIG): hard errors, which nothing overrides, and warnings, which an establishment head may
override with a written reason. docs/employment.md gives the why of each."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from establishments.models import Service
from people.models import Person

from .enums import CONTRACT_MODALITIES, ContractKind, ContractWarning
from .models import MAX_WEEKLY_HOURS, Contract

MIN_WEEKLY_HOURS = 20  # a CDDI is of 20 hours a week at least, save exceptions (the head's override)
MAX_CUMULATED_DAYS = 731  # 24 months of contracts: two years, a 29 February included
DAYS_PER_MONTH = 30.4375  # as in indicators-v1 ("durations in months = days / 30.4375")


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


@dataclass(frozen=True)
class RuleWarning:
    code: str
    message: str


class ContractWarnings(ValidationError):
    """Warnings not (yet) overridden: nothing was saved. A view shows them, and to an establishment head the field
    to override them with a written reason (a second POST). Caught as a plain ValidationError, the messages show as
    the form's errors."""

    def __init__(self, warnings: list[RuleWarning]) -> None:
        super().__init__([w.message for w in warnings])
        self.warnings = warnings

    @property
    def codes(self) -> list[str]:
        return [w.code for w in self.warnings]


def check_service_takes_contracts(service: Service, field: str = "service") -> None:
    if service.modality not in CONTRACT_MODALITIES:
        raise ValidationError(
            {
                field: (
                    f"« {service} » est un service de modalité « {service.get_modality_display()} » : un contrat "
                    "d'insertion ne peut être conclu que dans un service « Contrat d'insertion » ou « Accompagnement "
                    "de projet professionnel »."
                )
            }
        )


def check_contract_terms(*, start_date: datetime.date, end_date: datetime.date, weekly_hours: int) -> None:
    """The hard errors that do not depend on the stay: hours from 1 to 35, end not before start."""
    errors: dict[str, str] = {}
    if not isinstance(weekly_hours, int) or not 1 <= weekly_hours <= MAX_WEEKLY_HOURS:
        errors["weekly_hours"] = (
            f"« Heures par semaine » : un nombre entier de 1 à {MAX_WEEKLY_HOURS} (saisi : {weekly_hours})."
        )
    if end_date < start_date:
        errors["end_date"] = f"« Fin » ({_d(end_date)}) est avant « Début » ({_d(start_date)})."
    if errors:
        raise ValidationError(errors)


def check_contract_in_stay(
    *,
    stay_start: datetime.date,
    stay_end: datetime.date | None,
    start_date: datetime.date,
    end_date: datetime.date,
    others: Iterable[Contract],
) -> None:
    """Contract days lie within the stay's days (both ends included; an ongoing stay runs on), and the contracts
    of one stay do not share a day."""
    errors: dict[str, str] = {}
    if start_date < stay_start:
        errors["start_date"] = f"« Début » ({_d(start_date)}) est avant l'entrée dans le parcours ({_d(stay_start)})."
    if stay_end is not None and end_date > stay_end:
        errors["end_date"] = f"« Fin » ({_d(end_date)}) est après la sortie du parcours ({_d(stay_end)})."
    for other in others:
        if other.start_date <= end_date and start_date <= other.end_date:
            errors.setdefault(
                "start_date",
                f"Ce contrat chevauche le contrat du {_d(other.start_date)} au {_d(other.end_date)} du même parcours.",
            )
    if errors:
        raise ValidationError(errors)


def cumulated_days(spans: Iterable[tuple[datetime.date, datetime.date]]) -> int:
    """Distinct days covered by contracts (start..end, both included): overlapping contracts count once."""
    total = 0
    covered_until: datetime.date | None = None
    for start, end in sorted(spans):
        if covered_until is not None and start <= covered_until:
            start = covered_until + datetime.timedelta(days=1)
        if end >= start:
            total += (end - start).days + 1
        covered_until = end if covered_until is None else max(covered_until, end)
    return total


def contract_warnings(
    *,
    person: Person,
    kind: str,
    start_date: datetime.date,
    end_date: datetime.date,
    weekly_hours: int,
    previous: Contract | None = None,
    exclude_pk: int | None = None,
) -> list[RuleWarning]:
    """What an establishment head must confirm before the contract is saved."""
    warnings: list[RuleWarning] = []
    if weekly_hours < MIN_WEEKLY_HOURS:
        warnings.append(
            RuleWarning(
                ContractWarning.HEURES_MOINS_20,
                f"{weekly_hours} heures par semaine : un CDDI est d'au moins {MIN_WEEKLY_HOURS} heures par semaine, "
                "sauf dérogation.",
            )
        )
    others = Contract.objects.filter(stay__person=person)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    spans = [*others.values_list("start_date", "end_date"), (start_date, end_date)]
    days = cumulated_days(spans)
    if days > MAX_CUMULATED_DAYS:
        warnings.append(
            RuleWarning(
                ContractWarning.CUMUL_PLUS_24_MOIS,
                f"Avec ce contrat, {person} cumule {days} jours de contrats d'insertion "
                f"(environ {days / DAYS_PER_MONTH:.1f} mois) : plus de 24 mois.",
            )
        )
    if kind == ContractKind.RENOUVELLEMENT and previous is not None:
        expected = previous.end_date + datetime.timedelta(days=1)
        if start_date != expected:
            warnings.append(
                RuleWarning(
                    ContractWarning.RENOUVELLEMENT_NON_CONSECUTIF,
                    f"Le renouvellement commence le {_d(start_date)} ; le contrat précédent finit le "
                    f"{_d(previous.end_date)} : un renouvellement commence le lendemain ({_d(expected)}).",
                )
            )
    return warnings


def settle_warnings(
    warnings: list[RuleWarning], *, override_reason: str, acknowledged: Collection[str], acting_user: User
) -> list[str]:
    """The codes overridden, or ContractWarnings when a warning was not overridden (or not seen: a warning the
    head did not acknowledge is raised again). Only an establishment head may override."""
    if not warnings:
        return []
    codes = [w.code for w in warnings]
    if not override_reason.strip():
        raise ContractWarnings(warnings)
    if not acting_user.is_establishment_head:
        raise PermissionDenied("Seul un chef d'établissement peut passer outre un avertissement.")
    if set(codes) - set(acknowledged):
        raise ContractWarnings(warnings)
    return codes
