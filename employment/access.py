"""Access to work and training: the scope first (404 outside the user's establishments, exactly as for a record that
does not exist), then the role (403): the reception / night role sees none of it; read-only roles cannot write;
validating or reopening a month sheet is the establishment head's."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import User
from establishments.access import establishment_for_user
from establishments.models import Establishment, Service
from people.access import person_for_user
from people.models import Person
from stays.models import Stay

from .enums import CONTRACT_MODALITIES
from .models import (
    ActivityPeriod,
    Cohort,
    CohortCandidate,
    CohortMember,
    Contract,
    SoaParticipant,
    SoaSession,
    TigPlacement,
)


def check_employment_access(user: User, *, write: bool = False) -> None:
    if user.is_reception:
        raise PermissionDenied("Le travail et la formation ne sont pas accessibles à votre rôle.")
    if write and not user.writes_records:
        raise PermissionDenied("Votre rôle ne permet pas de modifier le travail et la formation.")


def check_head(user: User) -> None:
    if not user.is_establishment_head:
        raise PermissionDenied("Seul le chef d'établissement valide ou rouvre une feuille d'heures.")


def check_justice(user: User) -> None:
    if not user.sees_justice:
        raise PermissionDenied("Les informations judiciaires ne sont pas accessibles à votre rôle.")


def writable_insertion_services(user: User) -> Any:
    """Services where the user may hire in insertion (CDDI)."""
    if not user.writes_records or user.is_reception:
        return Service.objects.none()
    return (
        Service.objects.visible_to(user)
        .filter(modality__in=list(CONTRACT_MODALITIES))
        .select_related("establishment")
        .order_by("establishment__name", "name")
    )


def establishment_for_employment(user: User, pk: int, *, write: bool = False) -> Establishment:
    establishment = establishment_for_user(user, pk)
    check_employment_access(user, write=write)
    return establishment


def service_for_employment(user: User, pk: int, *, write: bool = False) -> Service:
    """A workshop or training site: a service of the user's establishments that takes contracts (404 otherwise)."""
    service = get_object_or_404(
        Service.objects.visible_to(user).filter(modality__in=list(CONTRACT_MODALITIES)).select_related("establishment"),
        pk=pk,
    )
    check_employment_access(user, write=write)
    return service


def person_for_employment(user: User, pk: int, *, write: bool = False) -> Person:
    person = person_for_user(user, pk)
    check_employment_access(user, write=write)
    return person


def path_for_user(user: User, pk: int, *, write: bool = False) -> Stay:
    """An insertion path: a stay of the user's establishments in a service that takes contracts (404 otherwise)."""
    stay = get_object_or_404(
        Stay.objects.visible_to(user)
        .filter(service__modality__in=list(CONTRACT_MODALITIES))
        .select_related("person", "service__establishment"),
        pk=pk,
    )
    check_employment_access(user, write=write)
    return stay


def contract_for_user(user: User, pk: int, *, write: bool = False) -> Contract:
    contract = get_object_or_404(
        Contract.objects.visible_to(user).select_related("stay__person", "stay__service__establishment"), pk=pk
    )
    check_employment_access(user, write=write)
    return contract


def activity_period_for_user(user: User, pk: int, *, write: bool = False) -> ActivityPeriod:
    period = get_object_or_404(ActivityPeriod.objects.visible_to(user).select_related("person"), pk=pk)
    check_employment_access(user, write=write)
    return period


def cohort_for_user(user: User, pk: int, *, write: bool = False) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.visible_to(user).select_related("service__establishment"), pk=pk)
    check_employment_access(user, write=write)
    return cohort


def candidate_for_user(user: User, pk: int, *, write: bool = False) -> CohortCandidate:
    candidate = get_object_or_404(
        CohortCandidate.objects.visible_to(user).select_related("cohort__service__establishment", "person"), pk=pk
    )
    check_employment_access(user, write=write)
    return candidate


def member_for_user(user: User, pk: int, *, write: bool = False) -> CohortMember:
    member = get_object_or_404(
        CohortMember.objects.visible_to(user).select_related("cohort__service__establishment", "person"), pk=pk
    )
    check_employment_access(user, write=write)
    return member


def tig_for_user(user: User, pk: int, *, write: bool = False) -> TigPlacement:
    placement = get_object_or_404(
        TigPlacement.objects.visible_to(user).select_related("person", "service__establishment", "hired_stay"), pk=pk
    )
    check_employment_access(user, write=write)
    check_justice(user)
    return placement


def soa_session_for_user(user: User, pk: int, *, write: bool = False) -> SoaSession:
    session = get_object_or_404(SoaSession.objects.visible_to(user).select_related("service__establishment"), pk=pk)
    check_employment_access(user, write=write)
    return session


def soa_participant_for_user(user: User, pk: int, *, write: bool = False) -> SoaParticipant:
    participant = get_object_or_404(
        SoaParticipant.objects.visible_to(user).select_related("session__service__establishment", "person", "stay"),
        pk=pk,
    )
    check_employment_access(user, write=write)
    return participant
