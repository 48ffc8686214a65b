from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from audit.services import audit_create, audit_update, snapshot
from establishments.enums import HOSTING_MODALITIES
from establishments.models import Service
from establishments.services import capacity_on
from people.models import Household, Person

from .enums import ExitActivity, ExitHousing, ExitReason, HouseholdRole
from .models import Stay


def overlapping_hosting_stay(
    *, person: Person, start_date: datetime.date, end_date: datetime.date | None, exclude_pk: int | None = None
) -> Stay | None:
    """Another hosting stay of the person sharing a night with [start_date, end_date) (`stays.rules.share_a_night`)."""
    qs = Stay.objects.filter(person=person, hosting=True).sharing_a_night_with(start_date, end_date)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.select_related("service__establishment").first()


def _overlap_error(person: Person, other: Stay) -> ValidationError:
    until = f"au {other.end_date:%d/%m/%Y}" if other.end_date else "en cours"
    return ValidationError(
        {
            "start_date": (
                f"{person} est déjà hébergé(e) ces nuits-là : séjour « {other.service} » "
                f"du {other.start_date:%d/%m/%Y} {until}."
            )
        }
    )


def _check_exit_codes(*, exit_reason: str, exit_housing: str, exit_activity: str) -> None:
    errors: dict[str, str] = {}
    if exit_reason not in ExitReason.values:
        errors["exit_reason"] = "Le motif de sortie est obligatoire (choisissez dans la liste)."
    if exit_housing not in ExitHousing.values:
        errors["exit_housing"] = "Le logement à la sortie est obligatoire (« Inconnu » si vous ne savez pas)."
    if exit_activity not in ExitActivity.values:
        errors["exit_activity"] = "L'activité à la sortie est obligatoire (« Inconnu » si vous ne savez pas)."
    if errors:
        raise ValidationError(errors)


def places_held(service: Service, day: datetime.date) -> int:
    """Stays of the service holding a place on the night of `day` or later: not left by then (future arrivals
    already recorded included)."""
    return Stay.objects.filter(service=service).holding_a_place_from(day).count()


def _lock_and_check_places(service: Service, start_date: datetime.date, needed: int, *, field: str = "service") -> None:
    """The capacity rule of every way into a hosting service (admission, admission from a request, transfer,
    walk-in): the service row is locked, so that two admissions run one after the other and the second sees the
    first's stay; then the capacity in force on the first night must hold everyone already holding a place and
    the `needed` newcomers. A service without capacity has no limit."""
    Service.objects.select_for_update().filter(pk=service.pk).first()
    if service.modality not in HOSTING_MODALITIES:
        return
    capacity = capacity_on(service, start_date)
    if capacity is not None and places_held(service, start_date) + needed > capacity:
        raise ValidationError(
            {
                field: (
                    f"« {service} » est complet : {capacity} place(s), toutes occupées au {start_date:%d/%m/%Y} "
                    f"({needed} personne(s) à accueillir)."
                )
            }
        )


def _create_stay(
    *,
    person: Person,
    service: Service,
    start_date: datetime.date,
    household: Household | None,
    household_role: str,
    acting_user: User,
    detail: str = "",
) -> Stay:
    hosting = service.modality in HOSTING_MODALITIES
    if hosting and (other := overlapping_hosting_stay(person=person, start_date=start_date, end_date=None)):
        raise _overlap_error(person, other)
    try:
        with transaction.atomic():
            stay = Stay.objects.create(
                person=person,
                service=service,
                start_date=start_date,
                household=household,
                household_role=household_role,
                hosting=hosting,
            )
    except IntegrityError as exc:  # the PostgreSQL exclusion constraint, under concurrency
        raise ValidationError({"start_date": f"{person} est déjà hébergé(e) ces nuits-là."}) from exc
    audit_create(actor=acting_user, obj=stay, person=person, detail=detail)
    return stay


@transaction.atomic
def stay_open(
    *,
    person: Person,
    service: Service,
    start_date: datetime.date,
    acting_user: User,
    household_members: Sequence[tuple[Person, str]] = (),
) -> Stay:
    """Admit a person (and the household members arriving with them) into a service, within its places."""
    if start_date > datetime.date.today() + datetime.timedelta(days=366):
        raise ValidationError({"start_date": "La date d'entrée est trop loin dans le futur."})
    errors: dict[str, str] = {}
    for member, role in household_members:
        if member.pk == person.pk:
            errors["household_members"] = "La personne ne peut pas être membre de son propre ménage."
        if role not in HouseholdRole.values or role == HouseholdRole.DEMANDEUR:
            errors["household_members"] = f"Rôle dans le ménage invalide ({role})."
    if errors:
        raise ValidationError(errors)
    _lock_and_check_places(service, start_date, 1 + len(household_members))
    household = None
    if household_members:
        household = Household.objects.create()
        audit_create(actor=acting_user, obj=household, person=person)
    stay = _create_stay(
        person=person,
        service=service,
        start_date=start_date,
        household=household,
        household_role=HouseholdRole.DEMANDEUR,
        acting_user=acting_user,
    )
    for member, role in household_members:
        _create_stay(
            person=member,
            service=service,
            start_date=start_date,
            household=household,
            household_role=role,
            acting_user=acting_user,
            detail=f"Admis(e) avec le ménage de {person}",
        )
    return stay


@transaction.atomic
def stay_close(
    *,
    stay: Stay,
    end_date: datetime.date,
    exit_reason: str,
    exit_housing: str,
    exit_activity: str,
    acting_user: User,
    detail: str = "",
) -> Stay:
    stay = Stay.objects.select_for_update().get(pk=stay.pk)
    if stay.end_date is not None:
        raise ValidationError({"end_date": f"Ce séjour est déjà clôturé (sortie le {stay.end_date:%d/%m/%Y})."})
    if end_date < stay.start_date:
        raise ValidationError(
            {
                "end_date": (
                    f"La date de sortie ({end_date:%d/%m/%Y}) est avant la date d'entrée ({stay.start_date:%d/%m/%Y})."
                )
            }
        )
    _check_exit_codes(exit_reason=exit_reason, exit_housing=exit_housing, exit_activity=exit_activity)
    before = snapshot(stay, ["end_date", "exit_reason", "exit_housing", "exit_activity"])
    stay.end_date = end_date
    stay.exit_reason = exit_reason
    stay.exit_housing = exit_housing
    stay.exit_activity = exit_activity
    stay.save(update_fields=["end_date", "exit_reason", "exit_housing", "exit_activity"])
    audit_update(actor=acting_user, obj=stay, before=before, person=stay.person, detail=detail)
    return stay


@transaction.atomic
def stay_transfer(
    *,
    stay: Stay,
    to_service: Service,
    date: datetime.date,
    exit_housing: str,
    exit_activity: str,
    acting_user: User,
) -> Stay:
    """Close a stay and open the next one on the same date, household included, within the places of the new
    service: the thread does not break."""
    if to_service.pk == stay.service_id:
        raise ValidationError({"to_service": "Choisissez un autre service que le service actuel."})
    movers = [stay]
    if stay.household_id:
        movers += list(
            Stay.objects.filter(household_id=stay.household_id, service_id=stay.service_id, end_date__isnull=True)
            .exclude(pk=stay.pk)
            .select_related("person")
        )
    _lock_and_check_places(to_service, date, len(movers), field="to_service")
    detail = f"Transfert vers « {to_service} »"
    for old in movers:
        stay_close(
            stay=old,
            end_date=date,
            exit_reason=ExitReason.REORIENTATION,
            exit_housing=exit_housing,
            exit_activity=exit_activity if old.pk == stay.pk else ExitActivity.INCONNU,
            acting_user=acting_user,
            detail=detail,
        )
    new_stays = [
        _create_stay(
            person=old.person,
            service=to_service,
            start_date=date,
            household=old.household,
            household_role=old.household_role,
            acting_user=acting_user,
            detail=f"Transfert depuis « {stay.service} »",
        )
        for old in movers
    ]
    return new_stays[0]
