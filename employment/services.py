"""Writes of work and training: keyword-only, atomic, audited; French ValidationError naming the field; nothing
half-saved. Every way into an insertion path opens its stay through `places.services.admit` (which goes through
`stays.services.stay_open`), and every way out closes it through `stays.services.stay_close`."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from accounts.models import User
from audit.enums import AuditAction
from audit.services import audit_create, audit_update, audit_write, snapshot
from establishments.enums import Modality
from establishments.models import Service
from justice.enums import MeasureType
from justice.models import JusticeMeasure
from people.models import Person
from places.enums import IncidentKind
from places.models import Incident
from places.services import admit
from stays.models import Stay
from stays.services import stay_close

from .enums import (
    PERIOD_ACTIVITIES,
    AbsenceReason,
    CandidateDecision,
    CohortPrescriber,
    ContractEndReason,
    ContractKind,
    SheetStatus,
    SoaOutcome,
    TigOutcome,
)
from .models import (
    ActivityPeriod,
    Cohort,
    CohortCandidate,
    CohortMember,
    CompanyImmersion,
    Contract,
    MonthSheet,
    SoaInternship,
    SoaParticipant,
    SoaSession,
    TigAbsence,
    TigPlacement,
    TigSession,
    WorkHours,
)
from .rules import (
    check_contract_in_stay,
    check_contract_terms,
    check_service_takes_contracts,
    contract_warnings,
    settle_warnings,
)
from .sheets import contracts_of_month

MAX_TIG_HOURS = 400  # a TIG is ordered for 20 to 400 hours (280 before 2020)
MAX_TIG_SESSION_HOURS = 10  # a data-entry guard: a working day of 10 hours at most


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _today() -> datetime.date:
    return timezone.localdate()


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _require(errors: dict[str, str], field: str, value: object, label: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        errors[field] = f"« {label} » est obligatoire."


# --- Contracts ----------------------------------------------------------------------------------------------------


def _override_detail(codes: list[str], reason: str, user: User) -> str:
    if not codes:
        return ""
    return f"Avertissements passés outre par {user.get_username()} ({', '.join(codes)}) : {reason.strip()}"


def _create_contract(
    *,
    stay: Stay,
    kind: str,
    start_date: datetime.date,
    end_date: datetime.date,
    weekly_hours: int,
    position: str,
    agreement_reference: str,
    overridden: list[str],
    override_reason: str,
    acting_user: User,
) -> Contract:
    try:
        with transaction.atomic():
            contract = Contract.objects.create(
                stay=stay,
                kind=kind,
                start_date=start_date,
                end_date=end_date,
                planned_end_date=end_date,
                weekly_hours=weekly_hours,
                position=position.strip(),
                agreement_reference=agreement_reference.strip(),
                override_reason=override_reason.strip() if overridden else "",
                overridden_warnings=overridden,
                overridden_by=acting_user if overridden else None,
            )
    except IntegrityError as exc:  # the PostgreSQL exclusion constraint, under concurrency
        raise ValidationError({"start_date": "Ce contrat chevauche un autre contrat du même parcours."}) from exc
    detail = _override_detail(overridden, override_reason, acting_user)
    audit_create(actor=acting_user, obj=contract, person=stay.person, detail=detail)
    return contract


@transaction.atomic
def contract_hire(
    *,
    person: Person,
    service: Service,
    start_date: datetime.date,
    end_date: datetime.date,
    weekly_hours: int,
    acting_user: User,
    position: str = "",
    agreement_reference: str = "",
    override_reason: str = "",
    acknowledged_warnings: Collection[str] = (),
) -> Contract:
    """Hire a person in insertion: open the path (the stay, through `places.services.admit`) and its initial
    contract, in one go. Warnings (under 20 h a week, over 24 months cumulated) are raised as ContractWarnings
    unless an establishment head overrides them with a reason."""
    check_service_takes_contracts(service)
    check_contract_terms(start_date=start_date, end_date=end_date, weekly_hours=weekly_hours)
    other = (
        Stay.objects.filter(person=person, service=service)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start_date))
        .order_by("-start_date")
        .first()
    )
    if other is not None and other.end_date is None:
        raise ValidationError(
            {
                "service": (
                    f"{person} a déjà un parcours en cours dans « {service.name} » depuis le "
                    f"{_d(other.start_date)} : renouvelez son contrat plutôt."
                )
            }
        )
    if other is not None and other.end_date is not None:
        raise ValidationError(
            {
                "start_date": (
                    f"{person} était encore dans « {service.name} » jusqu'au {_d(other.end_date)} : "
                    "le nouveau parcours commence après."
                )
            }
        )
    warnings = contract_warnings(
        person=person, kind=ContractKind.INITIAL, start_date=start_date, end_date=end_date, weekly_hours=weekly_hours
    )
    overridden = settle_warnings(
        warnings, override_reason=override_reason, acknowledged=acknowledged_warnings, acting_user=acting_user
    )
    stay = admit(person=person, service=service, start_date=start_date, acting_user=acting_user)
    return _create_contract(
        stay=stay,
        kind=ContractKind.INITIAL,
        start_date=start_date,
        end_date=end_date,
        weekly_hours=weekly_hours,
        position=position,
        agreement_reference=agreement_reference,
        overridden=overridden,
        override_reason=override_reason,
        acting_user=acting_user,
    )


def _lock_stay(stay: Stay) -> Stay:
    return Stay.objects.select_for_update().select_related("person", "service__establishment").get(pk=stay.pk)


@transaction.atomic
def contract_renew(
    *,
    stay: Stay,
    start_date: datetime.date,
    end_date: datetime.date,
    weekly_hours: int,
    acting_user: User,
    position: str | None = None,
    agreement_reference: str | None = None,
    override_reason: str = "",
    acknowledged_warnings: Collection[str] = (),
) -> Contract:
    """A renewal (kind `renouvellement`) of the last contract of an ongoing path; it should start the day after
    the previous contract's end (a warning otherwise)."""
    stay = _lock_stay(stay)
    check_service_takes_contracts(stay.service, field="stay")
    if stay.end_date is not None:
        raise ValidationError({"stay": f"Ce parcours est clôturé depuis le {_d(stay.end_date)}."})
    check_contract_terms(start_date=start_date, end_date=end_date, weekly_hours=weekly_hours)
    contracts = list(Contract.objects.filter(stay=stay).order_by("end_date", "pk"))
    if not contracts:
        raise ValidationError({"stay": "Ce parcours n'a pas encore de contrat à renouveler."})
    previous = contracts[-1]
    check_contract_in_stay(
        stay_start=stay.start_date, stay_end=stay.end_date, start_date=start_date, end_date=end_date, others=contracts
    )
    warnings = contract_warnings(
        person=stay.person,
        kind=ContractKind.RENOUVELLEMENT,
        start_date=start_date,
        end_date=end_date,
        weekly_hours=weekly_hours,
        previous=previous,
    )
    overridden = settle_warnings(
        warnings, override_reason=override_reason, acknowledged=acknowledged_warnings, acting_user=acting_user
    )
    return _create_contract(
        stay=stay,
        kind=ContractKind.RENOUVELLEMENT,
        start_date=start_date,
        end_date=end_date,
        weekly_hours=weekly_hours,
        position=previous.position if position is None else position,
        agreement_reference=previous.agreement_reference if agreement_reference is None else agreement_reference,
        overridden=overridden,
        override_reason=override_reason,
        acting_user=acting_user,
    )


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _end_contract(contract: Contract, *, end_date: datetime.date, reason: str, acting_user: User, detail: str) -> None:
    if reason not in ContractEndReason.values:
        raise ValidationError({"reason": "« Motif de fin anticipée » est obligatoire (choisissez dans la liste)."})
    if end_date < contract.start_date:
        raise ValidationError(
            {"end_date": f"La fin ({_d(end_date)}) est avant le début du contrat ({_d(contract.start_date)})."}
        )
    if end_date >= contract.end_date:
        raise ValidationError(
            {"end_date": f"Une fin anticipée est avant la fin prévue du contrat ({_d(contract.end_date)})."}
        )
    late = WorkHours.objects.filter(contract=contract, month__gt=_month_start(end_date)).order_by("month").first()
    if late is not None:
        raise ValidationError(
            {
                "end_date": (
                    f"Des heures sont saisies pour {late.month:%m/%Y}, après cette date : corrigez d'abord la feuille."
                )
            }
        )
    before = snapshot(contract, ["end_date", "end_reason"])
    contract.end_date = end_date
    contract.end_reason = reason
    contract.save(update_fields=["end_date", "end_reason"])
    audit_update(actor=acting_user, obj=contract, before=before, person=contract.stay.person, detail=detail)


@transaction.atomic
def contract_end_early(*, contract: Contract, end_date: datetime.date, reason: str, acting_user: User) -> Contract:
    """Break a contract off before its planned end: `end_date` becomes the actual end (the planned end is kept)."""
    _lock_stay(contract.stay)  # one write on a path at a time
    contract = Contract.objects.select_related("stay__person").get(pk=contract.pk)
    _end_contract(contract, end_date=end_date, reason=reason, acting_user=acting_user, detail="Fin anticipée")
    return contract


@transaction.atomic
def path_exit(
    *,
    stay: Stay,
    end_date: datetime.date,
    exit_reason: str,
    exit_housing: str,
    exit_activity: str,
    acting_user: User,
    contract_end_reason: str = "",
) -> Stay:
    """Leave an insertion path: the contract running past that day ends that day (with its reason), then the stay
    closes with its three exit codes (`stays.services.stay_close`)."""
    stay = _lock_stay(stay)
    if stay.end_date is not None:
        raise ValidationError({"end_date": f"Ce parcours est déjà clôturé (sortie le {_d(stay.end_date)})."})
    contracts = list(Contract.objects.filter(stay=stay).select_related("stay__person").order_by("start_date"))
    later = [c for c in contracts if c.start_date > end_date]
    if later:
        raise ValidationError(
            {
                "end_date": (
                    f"Un contrat commence le {_d(later[0].start_date)}, après cette date de sortie : "
                    "la sortie ne peut pas le précéder."
                )
            }
        )
    for contract in contracts:
        if contract.end_date > end_date:
            if not contract_end_reason:
                raise ValidationError(
                    {
                        "contract_end_reason": (
                            f"Le contrat en cours va jusqu'au {_d(contract.end_date)} : indiquez le motif de sa fin "
                            "anticipée."
                        )
                    }
                )
            _end_contract(
                contract,
                end_date=end_date,
                reason=contract_end_reason,
                acting_user=acting_user,
                detail="Fin du contrat à la sortie du parcours",
            )
    return stay_close(
        stay=stay,
        end_date=end_date,
        exit_reason=exit_reason,
        exit_housing=exit_housing,
        exit_activity=exit_activity,
        acting_user=acting_user,
    )


# --- Monthly hours ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursLine:
    """One line of the month sheet: hours worked (None = not filled), absences and their reason."""

    hours: Decimal | None
    absence_hours: Decimal = Decimal(0)
    absence_reason: str = ""
    comment: str = ""


def _check_month(month: datetime.date) -> None:
    if month.day != 1:
        raise ValidationError({"month": "Le mois est donné par son premier jour."})


def _sheet(service: Service, month: datetime.date) -> MonthSheet | None:
    return MonthSheet.objects.select_for_update().filter(service=service, month=month).first()


def _two_decimals(value: Decimal) -> bool:
    exponent = value.normalize().as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -2


def _hours_values(row: WorkHours) -> dict[str, str]:
    """The line as the audit log keeps it (hours as text with two decimals)."""
    return {
        "hours": f"{Decimal(row.hours):.2f}",
        "absence_hours": f"{Decimal(row.absence_hours):.2f}",
        "absence_reason": row.absence_reason,
        "comment": row.comment,
    }


@transaction.atomic
def month_sheet_save(
    *, service: Service, month: datetime.date, lines: Mapping[int, HoursLine], acting_user: User
) -> int:
    """Record the month's hours of a workshop, {contract pk: line}; returns the number of lines written. A
    validated sheet is read-only until the head reopens it."""
    _check_month(month)
    if month > _today():
        raise ValidationError({"month": "Ce mois n'a pas encore commencé."})
    sheet = _sheet(service, month)
    if sheet is not None and sheet.is_validated:
        raise ValidationError(
            {
                "month": (
                    "Cette feuille a été validée par le chef d'établissement : elle doit être rouverte pour être "
                    "modifiée."
                )
            }
        )
    contracts = {c.pk: c for c in contracts_of_month(service, month)}
    existing = {w.contract_id: w for w in WorkHours.objects.filter(contract__in=list(contracts), month=month)}
    last_day = _month_end(month)
    errors: dict[str, str] = {}
    for pk, line in lines.items():
        contract = contracts.get(pk)
        if contract is None:
            errors[f"hours_{pk}"] = "Ce contrat n'est pas en vigueur ce mois-ci dans cet atelier."
            continue
        who = str(contract.stay.person)
        if line.hours is None:
            if pk in existing:
                errors[f"hours_{pk}"] = f"{who} : les heures saisies ne s'effacent pas ; saisissez 0 si besoin."
            elif line.absence_hours or line.absence_reason:
                errors[f"hours_{pk}"] = f"{who} : « Heures travaillées » est obligatoire (0 si aucune)."
            continue
        days = (min(contract.end_date, last_day) - max(contract.start_date, month)).days + 1
        for field, value, label in (
            ("hours", line.hours, "Heures travaillées"),
            ("absence_hours", line.absence_hours, "Heures d'absence"),
        ):
            if value < 0 or not _two_decimals(value):
                errors[f"{field}_{pk}"] = f"{who} : « {label} » est un nombre positif à deux décimales au plus."
            elif value > 24 * days:
                errors[f"{field}_{pk}"] = (
                    f"{who} : « {label} » dépasse {24 * days} h, les heures des {days} jour(s) du contrat ce mois-ci."
                )
        if line.absence_hours > 0 and line.absence_reason not in AbsenceReason.values:
            errors[f"absence_reason_{pk}"] = f"{who} : indiquez le motif des heures d'absence."
        elif line.absence_reason and line.absence_hours <= 0:
            errors[f"absence_hours_{pk}"] = f"{who} : indiquez les heures d'absence de ce motif."
    _raise(errors)
    written = 0
    for pk, line in lines.items():
        if line.hours is None:
            continue
        contract = contracts[pk]
        values = {
            "hours": line.hours,
            "absence_hours": line.absence_hours,
            "absence_reason": line.absence_reason,
            "comment": line.comment.strip(),
        }
        row = existing.get(pk)
        if row is None:
            row = WorkHours.objects.create(contract=contract, month=month, updated_by=acting_user, **values)
            created = {k: [None, v] for k, v in _hours_values(row).items() if v not in ("", "0.00")}
            audit_write(
                actor=acting_user, action=AuditAction.CREATE, obj=row, person=contract.stay.person, changes=created
            )
            written += 1
            continue
        before = _hours_values(row)
        for key, new in values.items():
            setattr(row, key, new)
        changes = {k: [before[k], v] for k, v in _hours_values(row).items() if before[k] != v}
        if changes:
            row.updated_by = acting_user
            row.save()
            audit_write(
                actor=acting_user, action=AuditAction.UPDATE, obj=row, person=contract.stay.person, changes=changes
            )
            written += 1
    return written


def _check_head(acting_user: User) -> None:
    if not acting_user.is_establishment_head:
        raise PermissionDenied("Seul le chef d'établissement valide ou rouvre une feuille d'heures.")


@transaction.atomic
def month_sheet_validate(*, service: Service, month: datetime.date, acting_user: User) -> MonthSheet:
    """The head validates the month: every contract in force that month has its line; the sheet is then
    read-only."""
    _check_head(acting_user)
    _check_month(month)
    if month > _today():
        raise ValidationError({"month": "Ce mois n'a pas encore commencé."})
    sheet = _sheet(service, month)
    if sheet is not None and sheet.is_validated:
        raise ValidationError({"month": "Cette feuille est déjà validée."})
    contracts = contracts_of_month(service, month)
    filled = set(WorkHours.objects.filter(contract__in=contracts, month=month).values_list("contract_id", flat=True))
    missing = [str(c.stay.person) for c in contracts if c.pk not in filled]
    if missing:
        raise ValidationError({"month": f"Heures non saisies pour : {', '.join(missing)}."})
    now = timezone.now()
    if sheet is None:
        sheet = MonthSheet.objects.create(
            service=service, month=month, status=SheetStatus.VALIDEE, validated_by=acting_user, validated_at=now
        )
        audit_create(actor=acting_user, obj=sheet, detail="Feuille d'heures validée")
        return sheet
    before = snapshot(sheet, ["status", "validated_by_id", "validated_at"])
    sheet.status, sheet.validated_by, sheet.validated_at = SheetStatus.VALIDEE, acting_user, now
    sheet.save()
    audit_update(actor=acting_user, obj=sheet, before=before, detail="Feuille d'heures validée")
    return sheet


@transaction.atomic
def month_sheet_reopen(*, service: Service, month: datetime.date, reason: str, acting_user: User) -> MonthSheet:
    """The head reopens a validated sheet, with a written reason (audited)."""
    _check_head(acting_user)
    sheet = _sheet(service, month)
    if sheet is None or not sheet.is_validated:
        raise ValidationError({"month": "Cette feuille n'est pas validée."})
    if not reason.strip():
        raise ValidationError({"reason": "« Motif de la réouverture » est obligatoire."})
    audit_write(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=sheet,
        changes={"status": [SheetStatus.VALIDEE.value, SheetStatus.BROUILLON.value]},
        detail=f"Feuille d'heures rouverte : {reason.strip()}",
    )
    sheet.status, sheet.validated_by, sheet.validated_at = SheetStatus.BROUILLON, None, None
    sheet.save()
    return sheet


# --- Activity periods ---------------------------------------------------------------------------------------------


def _check_period(activity: str, start_date: datetime.date, end_date: datetime.date | None) -> None:
    errors: dict[str, str] = {}
    if activity not in {value for value, _ in PERIOD_ACTIVITIES}:
        errors["activity"] = "« Activité » est obligatoire (choisissez dans la liste)."
    if end_date is not None and end_date < start_date:
        errors["end_date"] = f"« Fin » ({_d(end_date)}) est avant « Début » ({_d(start_date)})."
    if start_date > _today() + datetime.timedelta(days=366):
        errors["start_date"] = "« Début » est trop loin dans le futur."
    _raise(errors)


@transaction.atomic
def activity_period_record(
    *,
    person: Person,
    activity: str,
    start_date: datetime.date,
    acting_user: User,
    end_date: datetime.date | None = None,
    employer: str = "",
) -> ActivityPeriod:
    _check_period(activity, start_date, end_date)
    period = ActivityPeriod.objects.create(
        person=person, activity=activity, start_date=start_date, end_date=end_date, employer=employer.strip()
    )
    audit_create(actor=acting_user, obj=period, person=person)
    return period


@transaction.atomic
def activity_period_update(
    *,
    period: ActivityPeriod,
    activity: str,
    start_date: datetime.date,
    end_date: datetime.date | None,
    employer: str,
    acting_user: User,
) -> ActivityPeriod:
    _check_period(activity, start_date, end_date)
    period = ActivityPeriod.objects.select_for_update().get(pk=period.pk)
    before = snapshot(period, ["activity", "start_date", "end_date", "employer"])
    period.activity, period.start_date, period.end_date, period.employer = (
        activity,
        start_date,
        end_date,
        employer.strip(),
    )
    period.save()
    audit_update(actor=acting_user, obj=period, before=before, person=period.person)
    return period


# --- AQI cohorts --------------------------------------------------------------------------------------------------


@transaction.atomic
def cohort_create(
    *,
    service: Service,
    name: str,
    start_date: datetime.date,
    acting_user: User,
    end_date: datetime.date | None = None,
    exam_date: datetime.date | None = None,
    diploma_title: str = "",
) -> Cohort:
    """A cohort at a site (its service): trainees are hired in CDDI there, so the service takes contracts."""
    check_service_takes_contracts(service)
    errors: dict[str, str] = {}
    _require(errors, "name", name, "Nom")
    if end_date is not None and end_date < start_date:
        errors["end_date"] = f"« Fin » ({_d(end_date)}) est avant « Début » ({_d(start_date)})."
    if exam_date is not None and (exam_date < start_date or (end_date is not None and exam_date > end_date)):
        errors["exam_date"] = "« Date d'examen » tombe en dehors de la promotion."
    _raise(errors)
    cohort = Cohort.objects.create(
        service=service,
        name=name.strip(),
        start_date=start_date,
        end_date=end_date,
        exam_date=exam_date,
        diploma_title=diploma_title.strip(),
    )
    audit_create(actor=acting_user, obj=cohort)
    return cohort


@transaction.atomic
def candidate_add(
    *,
    cohort: Cohort,
    person: Person,
    prescriber: str,
    received_on: datetime.date,
    acting_user: User,
    prescriber_detail: str = "",
    note: str = "",
) -> CohortCandidate:
    errors: dict[str, str] = {}
    if prescriber not in CohortPrescriber.values:
        errors["prescriber"] = "« Prescripteur » est obligatoire (choisissez dans la liste)."
    if received_on > _today():
        errors["received_on"] = "« Reçue le » ne peut pas être dans le futur."
    if CohortCandidate.objects.filter(cohort=cohort, person=person).exists():
        errors["person"] = f"{person} est déjà candidat(e) à cette promotion."
    _raise(errors)
    candidate = CohortCandidate.objects.create(
        cohort=cohort,
        person=person,
        prescriber=prescriber,
        prescriber_detail=prescriber_detail.strip(),
        received_on=received_on,
        note=note.strip(),
    )
    audit_create(actor=acting_user, obj=candidate, person=person)
    return candidate


@transaction.atomic
def candidate_decide(
    *, candidate: CohortCandidate, decision: str, decided_on: datetime.date, acting_user: User, note: str = ""
) -> CohortCandidate:
    candidate = CohortCandidate.objects.select_for_update().select_related("person").get(pk=candidate.pk)
    errors: dict[str, str] = {}
    if decision not in CandidateDecision.values or decision == CandidateDecision.EN_ATTENTE:
        errors["decision"] = "« Décision » est obligatoire (choisissez dans la liste)."
    if decided_on < candidate.received_on:
        errors["decided_on"] = f"« Décidée le » est avant la réception de la candidature ({_d(candidate.received_on)})."
    if decided_on > _today():
        errors["decided_on"] = "« Décidée le » ne peut pas être dans le futur."
    if CohortMember.objects.filter(candidate=candidate).exists():
        errors["decision"] = f"{candidate.person} est déjà inscrit(e) : la décision ne change plus."
    _raise(errors)
    before = snapshot(candidate, ["decision", "decided_on", "note"])
    candidate.decision, candidate.decided_on = decision, decided_on
    if note.strip():
        candidate.note = note.strip()
    candidate.save()
    audit_update(actor=acting_user, obj=candidate, before=before, person=candidate.person)
    return candidate


@transaction.atomic
def candidate_enrol(
    *,
    candidate: CohortCandidate,
    start_date: datetime.date,
    end_date: datetime.date,
    weekly_hours: int,
    acting_user: User,
    position: str = "",
    agreement_reference: str = "",
    override_reason: str = "",
    acknowledged_warnings: Collection[str] = (),
) -> CohortMember:
    """Enrol a retained candidate: the hire service opens the training path and its CDDI at the cohort's site."""
    candidate = (
        CohortCandidate.objects.select_for_update().select_related("cohort__service", "person").get(pk=candidate.pk)
    )
    cohort = candidate.cohort
    if candidate.decision != CandidateDecision.RETENU:
        raise ValidationError({"decision": "Seul(e) un(e) candidat(e) retenu(e) peut être inscrit(e)."})
    if CohortMember.objects.filter(cohort=cohort, person=candidate.person).exists():
        raise ValidationError({"decision": f"{candidate.person} est déjà inscrit(e) dans cette promotion."})
    if start_date < cohort.start_date or (cohort.end_date is not None and start_date > cohort.end_date):
        raise ValidationError({"start_date": "« Début » du contrat tombe en dehors des dates de la promotion."})
    contract = contract_hire(
        person=candidate.person,
        service=cohort.service,
        start_date=start_date,
        end_date=end_date,
        weekly_hours=weekly_hours,
        position=position,
        agreement_reference=agreement_reference,
        override_reason=override_reason,
        acknowledged_warnings=acknowledged_warnings,
        acting_user=acting_user,
    )
    member = CohortMember.objects.create(
        cohort=cohort, person=candidate.person, stay=contract.stay, candidate=candidate
    )
    audit_create(actor=acting_user, obj=member, person=candidate.person)
    return member


@transaction.atomic
def immersion_add(
    *,
    member: CohortMember,
    company: str,
    start_date: datetime.date,
    end_date: datetime.date,
    acting_user: User,
    tutor: str = "",
) -> CompanyImmersion:
    cohort = member.cohort
    errors: dict[str, str] = {}
    _require(errors, "company", company, "Entreprise")
    if end_date < start_date:
        errors["end_date"] = f"« Fin » ({_d(end_date)}) est avant « Début » ({_d(start_date)})."
    if start_date < cohort.start_date or (cohort.end_date is not None and end_date > cohort.end_date):
        errors["start_date"] = "L'immersion tombe en dehors des dates de la promotion."
    _raise(errors)
    immersion = CompanyImmersion.objects.create(
        member=member, company=company.strip(), tutor=tutor.strip(), start_date=start_date, end_date=end_date
    )
    audit_create(actor=acting_user, obj=immersion, person=member.person)
    return immersion


@transaction.atomic
def member_exam_record(*, member: CohortMember, sat_exam: bool, graduated: bool, acting_user: User) -> CohortMember:
    member = CohortMember.objects.select_for_update().select_related("cohort", "person").get(pk=member.pk)
    if graduated and not sat_exam:
        raise ValidationError(
            {"graduated": "Diplômé(e) sans s'être présenté(e) à l'examen : cochez aussi la présence à l'examen."}
        )
    if member.cohort.exam_date is not None and member.cohort.exam_date > _today() and (sat_exam or graduated):
        raise ValidationError({"sat_exam": f"L'examen n'a pas encore eu lieu (le {_d(member.cohort.exam_date)})."})
    before = snapshot(member, ["sat_exam", "graduated"])
    member.sat_exam, member.graduated = sat_exam, graduated
    member.save(update_fields=["sat_exam", "graduated"])
    audit_update(actor=acting_user, obj=member, before=before, person=member.person)
    return member


# --- TIG hosting --------------------------------------------------------------------------------------------------


@transaction.atomic
def tig_create(
    *,
    person: Person,
    service: Service,
    start_date: datetime.date,
    hours_ordered: int,
    acting_user: User,
    deadline: datetime.date | None = None,
    tutor: str = "",
    spip: str = "",
) -> TigPlacement:
    """A placement sent by the SPIP: the hours ordered, the deadline, the tutor in the workshop."""
    errors: dict[str, str] = {}
    if not 1 <= hours_ordered <= MAX_TIG_HOURS:
        errors["hours_ordered"] = f"« Heures prononcées » : de 1 à {MAX_TIG_HOURS} heures."
    if deadline is not None and deadline < start_date:
        errors["deadline"] = f"« Date limite d'exécution » ({_d(deadline)}) est avant « Début » ({_d(start_date)})."
    if start_date > _today() + datetime.timedelta(days=366):
        errors["start_date"] = "« Début » est trop loin dans le futur."
    _require(errors, "spip", spip, "SPIP")
    _raise(errors)
    placement = TigPlacement.objects.create(
        person=person,
        service=service,
        start_date=start_date,
        hours_ordered=hours_ordered,
        deadline=deadline,
        tutor=tutor.strip(),
        spip=spip.strip(),
    )
    audit_create(actor=acting_user, obj=placement, person=person)
    return placement


def _lock_placement(placement: TigPlacement) -> TigPlacement:
    return (
        TigPlacement.objects.select_for_update().select_related("person", "service__establishment").get(pk=placement.pk)
    )


@transaction.atomic
def tig_session_record(
    *, placement: TigPlacement, date: datetime.date, hours: int, acting_user: User, activity: str = ""
) -> TigSession:
    """A day of TIG work; the placement's `hours_done` becomes the sum of its sessions."""
    placement = _lock_placement(placement)
    errors: dict[str, str] = {}
    if not 1 <= hours <= MAX_TIG_SESSION_HOURS:
        errors["hours"] = f"« Heures effectuées » : de 1 à {MAX_TIG_SESSION_HOURS} heures dans la journée."
    if date < placement.start_date:
        errors["date"] = f"« Date » est avant le début du TIG ({_d(placement.start_date)})."
    elif placement.end_date is not None and date > placement.end_date:
        errors["date"] = f"Le TIG est terminé depuis le {_d(placement.end_date)}."
    elif date > _today():
        errors["date"] = "« Date » ne peut pas être dans le futur."
    if TigSession.objects.filter(placement=placement, date=date).exists():
        errors["date"] = f"Une séance est déjà enregistrée le {_d(date)}."
    done = TigSession.objects.filter(placement=placement).aggregate(total=Sum("hours"))["total"] or 0
    if not errors and placement.hours_ordered is not None and done + hours > placement.hours_ordered:
        errors["hours"] = (
            f"Il reste {max(placement.hours_ordered - done, 0)} heure(s) à effectuer sur les "
            f"{placement.hours_ordered} prononcées."
        )
    _raise(errors)
    session = TigSession.objects.create(placement=placement, date=date, hours=hours, activity=activity.strip())
    audit_create(actor=acting_user, obj=session, person=placement.person)
    before = snapshot(placement, ["hours_done"])
    placement.hours_done = done + hours
    placement.save(update_fields=["hours_done"])
    audit_update(actor=acting_user, obj=placement, before=before, person=placement.person)
    return session


def tig_measure(person: Person, day: datetime.date) -> JusticeMeasure | None:
    """The person's TIG measure in force on `day`, if recorded."""
    return (
        JusticeMeasure.objects.filter(person=person, measure=MeasureType.TIG)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
        .order_by("-start_date", "-pk")
        .first()
    )


@transaction.atomic
def tig_absence_report(
    *,
    placement: TigPlacement,
    occurred_at: datetime.datetime,
    acting_user: User,
    description: str = "",
    spip_informed_at: datetime.datetime | None = None,
) -> Incident:
    """An absence at a TIG session, to report to the SPIP: an incident (as for a PSE) of kind `absence_tig`."""
    placement = _lock_placement(placement)
    day = timezone.localtime(occurred_at).date() if timezone.is_aware(occurred_at) else occurred_at.date()
    errors: dict[str, str] = {}
    if occurred_at > timezone.now():
        errors["occurred_at"] = "L'absence ne peut pas être dans le futur."
    elif day < placement.start_date or (placement.end_date is not None and day > placement.end_date):
        errors["occurred_at"] = "L'absence tombe en dehors des dates du TIG."
    if spip_informed_at is not None and spip_informed_at < occurred_at:
        errors["spip_informed_at"] = "Le SPIP ne peut pas avoir été informé avant l'absence."
    _raise(errors)
    incident = Incident.objects.create(
        person=placement.person,
        establishment=placement.service.establishment,
        measure=tig_measure(placement.person, day),
        kind=IncidentKind.ABSENCE_TIG,
        occurred_at=occurred_at,
        description=description.strip() or f"Absent(e) à la séance de TIG ({placement.service.name}).",
        spip_informed_at=spip_informed_at,
    )
    audit_create(actor=acting_user, obj=incident, person=placement.person)
    link = TigAbsence.objects.create(placement=placement, incident=incident)
    audit_create(actor=acting_user, obj=link, person=placement.person)
    return incident


@transaction.atomic
def tig_complete(*, placement: TigPlacement, end_date: datetime.date, outcome: str, acting_user: User) -> TigPlacement:
    """The placement ends: hours done (all of them), or interrupted (sent back to the SPIP)."""
    placement = _lock_placement(placement)
    errors: dict[str, str] = {}
    if placement.end_date is not None:
        errors["end_date"] = f"Ce TIG est déjà terminé (le {_d(placement.end_date)})."
    elif end_date < placement.start_date:
        errors["end_date"] = f"« Fin » est avant le début du TIG ({_d(placement.start_date)})."
    elif end_date > _today():
        errors["end_date"] = "« Fin » ne peut pas être dans le futur."
    last = TigSession.objects.filter(placement=placement).order_by("-date").first()
    if not errors and last is not None and end_date < last.date:
        errors["end_date"] = f"Une séance a eu lieu le {_d(last.date)}, après cette date."
    if outcome not in TigOutcome.values:
        errors["outcome"] = "« Issue » est obligatoire (choisissez dans la liste)."
    elif (
        outcome == TigOutcome.EFFECTUE
        and placement.hours_ordered is not None
        and placement.hours_done < placement.hours_ordered
    ):
        errors["outcome"] = (
            f"Il reste {placement.hours_ordered - placement.hours_done} heure(s) à effectuer : "
            "choisissez « Interrompu » ou enregistrez les séances."
        )
    _raise(errors)
    before = snapshot(placement, ["end_date", "outcome"])
    placement.end_date, placement.outcome = end_date, outcome
    placement.save(update_fields=["end_date", "outcome"])
    audit_update(actor=acting_user, obj=placement, before=before, person=placement.person)
    return placement


@transaction.atomic
def tig_hire(
    *,
    placement: TigPlacement,
    service: Service,
    start_date: datetime.date,
    end_date: datetime.date,
    weekly_hours: int,
    acting_user: User,
    position: str = "",
    agreement_reference: str = "",
    override_reason: str = "",
    acknowledged_warnings: Collection[str] = (),
) -> Contract:
    """Hired in insertion after the TIG: the hire service opens the path; the placement is marked `hired_after`."""
    placement = _lock_placement(placement)
    if placement.end_date is None:
        raise ValidationError({"start_date": "Terminez d'abord le TIG : l'embauche vient après."})
    if placement.hired_after:
        raise ValidationError({"start_date": f"{placement.person} a déjà été embauché(e) après ce TIG."})
    if start_date < placement.end_date:
        raise ValidationError({"start_date": f"L'embauche suit le TIG, terminé le {_d(placement.end_date)}."})
    contract = contract_hire(
        person=placement.person,
        service=service,
        start_date=start_date,
        end_date=end_date,
        weekly_hours=weekly_hours,
        position=position,
        agreement_reference=agreement_reference,
        override_reason=override_reason,
        acknowledged_warnings=acknowledged_warnings,
        acting_user=acting_user,
    )
    before = snapshot(placement, ["hired_after", "hired_stay_id"])
    placement.hired_after, placement.hired_stay = True, contract.stay
    placement.save(update_fields=["hired_after", "hired_stay"])
    audit_update(actor=acting_user, obj=placement, before=before, person=placement.person)
    return contract


# --- SOA sessions -------------------------------------------------------------------------------------------------


@transaction.atomic
def soa_session_create(
    *, service: Service, name: str, start_date: datetime.date, end_date: datetime.date, acting_user: User
) -> SoaSession:
    errors: dict[str, str] = {}
    if service.modality != Modality.PROJET_PROFESSIONNEL:
        errors["service"] = (
            f"« {service} » n'est pas un service « Accompagnement de projet professionnel » : la SOA y est rattachée."
        )
    _require(errors, "name", name, "Nom")
    if end_date < start_date:
        errors["end_date"] = f"« Fin » ({_d(end_date)}) est avant « Début » ({_d(start_date)})."
    _raise(errors)
    session = SoaSession.objects.create(service=service, name=name.strip(), start_date=start_date, end_date=end_date)
    audit_create(actor=acting_user, obj=session)
    return session


@transaction.atomic
def soa_enrol(*, session: SoaSession, person: Person, start_date: datetime.date, acting_user: User) -> SoaParticipant:
    """Enrol a participant: their stay in the SOA service opens (`places.services.admit`)."""
    if SoaParticipant.objects.filter(session=session, person=person).exists():
        raise ValidationError({"person": f"{person} participe déjà à cette session."})
    if not session.start_date <= start_date <= session.end_date:
        raise ValidationError({"start_date": "« Entrée le » tombe en dehors des dates de la session."})
    if Stay.objects.filter(person=person, service=session.service, end_date__isnull=True).exists():
        raise ValidationError({"person": f"{person} a déjà un parcours en cours dans « {session.service.name} »."})
    stay = admit(person=person, service=session.service, start_date=start_date, acting_user=acting_user)
    participant = SoaParticipant.objects.create(session=session, person=person, stay=stay)
    audit_create(actor=acting_user, obj=participant, person=person)
    return participant


@transaction.atomic
def soa_internship_add(
    *,
    participant: SoaParticipant,
    company: str,
    start_date: datetime.date,
    end_date: datetime.date,
    acting_user: User,
) -> SoaInternship:
    session = participant.session
    errors: dict[str, str] = {}
    _require(errors, "company", company, "Entreprise")
    if end_date < start_date:
        errors["end_date"] = f"« Fin » ({_d(end_date)}) est avant « Début » ({_d(start_date)})."
    elif start_date < participant.stay.start_date or end_date > session.end_date:
        errors["start_date"] = "Le stage tombe en dehors de la session."
    _raise(errors)
    internship = SoaInternship.objects.create(
        participant=participant, company=company.strip(), start_date=start_date, end_date=end_date
    )
    audit_create(actor=acting_user, obj=internship, person=participant.person)
    return internship


@transaction.atomic
def soa_complete(
    *,
    participant: SoaParticipant,
    end_date: datetime.date,
    outcome: str,
    exit_reason: str,
    exit_housing: str,
    exit_activity: str,
    acting_user: User,
    project_validated: bool = False,
    project: str = "",
    follow_up: bool = False,
) -> SoaParticipant:
    """The end of a participant's session: its outcome, the professional project validated, then the stay closes
    with its exit codes."""
    participant = SoaParticipant.objects.select_for_update().select_related("stay", "person").get(pk=participant.pk)
    errors: dict[str, str] = {}
    if participant.outcome != SoaOutcome.EN_COURS:
        errors["outcome"] = "La fin de session de cette personne est déjà enregistrée."
    elif outcome not in SoaOutcome.values or outcome == SoaOutcome.EN_COURS:
        errors["outcome"] = "« Issue » est obligatoire (choisissez dans la liste)."
    if project_validated and not project.strip():
        errors["project"] = "Un projet validé : indiquez le métier visé."
    _raise(errors)
    path_exit(
        stay=participant.stay,
        end_date=end_date,
        exit_reason=exit_reason,
        exit_housing=exit_housing,
        exit_activity=exit_activity,
        acting_user=acting_user,
    )
    before = snapshot(participant, ["outcome", "project_validated", "project", "follow_up"])
    participant.outcome = outcome
    participant.project_validated = project_validated
    participant.project = project.strip()
    participant.follow_up = follow_up
    participant.save()
    audit_update(actor=acting_user, obj=participant, before=before, person=participant.person)
    return participant
