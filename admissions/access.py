"""Access to admission requests: 404 outside the user's establishments, 403 for the night/reception agent
(requests and their documents are not theirs to read) and, to write, for read-only roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import User
from establishments.access import establishment_for_user
from establishments.models import Establishment

from .models import AdmissionRequest, RequestDocument


def _check_role(user: User, write: bool) -> None:
    if not user.sees_accompaniment:
        raise PermissionDenied("Les demandes d'admission ne sont pas accessibles à l'accueil de nuit.")
    if write and not user.writes_records:
        raise PermissionDenied("Votre rôle ne permet pas de modifier les demandes d'admission.")


def request_for_user(user: User, pk: int, *, write: bool = False) -> AdmissionRequest:
    request = get_object_or_404(
        AdmissionRequest.objects.visible_to(user).select_related("person", "service__establishment"), pk=pk
    )
    _check_role(user, write)
    return request


def document_for_user(user: User, pk: int) -> RequestDocument:
    document = get_object_or_404(RequestDocument.objects.visible_to(user), pk=pk)
    _check_role(user, False)
    return document


def admissions_establishment_for_user(user: User, pk: int, *, write: bool = False) -> Establishment:
    establishment = establishment_for_user(user, pk)
    _check_role(user, write)
    return establishment
