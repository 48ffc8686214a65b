"""Access to domiciliations: 404 outside the user's establishments, then the role (403): everyone working in the
establishment reads them (head office too); the reception desk and the team record requests and mail; the team
(social workers, heads) decides, renews and ends; only the head radiates."""

from __future__ import annotations

from enum import Enum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from establishments.access import establishment_for_user
from establishments.models import Establishment

from .models import Domiciliation, MailItem


class Act(Enum):
    READ = "read"
    MAIL = "mail"  # record a request, receive, hand over or return mail
    DECIDE = "decide"  # accept or refuse, renew, end
    RADIATE = "radiate"


def check_act(user: Any, act: Act) -> None:
    if act is Act.MAIL and not user.records_events:
        raise PermissionDenied("Votre rôle ne permet pas d'enregistrer une domiciliation ou du courrier.")
    if act is Act.DECIDE and not user.writes_records:
        raise PermissionDenied("Votre rôle ne permet pas de décider d'une domiciliation.")
    if act is Act.RADIATE and not user.is_establishment_head:
        raise PermissionDenied("La radiation est décidée par le chef d'établissement.")


def establishment_for_domiciliation(user: Any, pk: int, act: Act = Act.READ) -> Establishment:
    establishment = establishment_for_user(user, pk)
    check_act(user, act)
    return establishment


def domiciliation_for_user(user: Any, pk: int, act: Act = Act.READ) -> Domiciliation:
    domiciliation = get_object_or_404(
        Domiciliation.objects.visible_to(user).select_related("person", "service__establishment", "renewal_of"), pk=pk
    )
    check_act(user, act)
    return domiciliation


def mail_item_for_user(user: Any, pk: int, act: Act = Act.MAIL) -> MailItem:
    item = get_object_or_404(
        MailItem.objects.visible_to(user).select_related(
            "domiciliation__person", "domiciliation__service__establishment"
        ),
        pk=pk,
    )
    check_act(user, act)
    return item
