"""The domiciliation's side of the day-reception desk (`reception` sits above this app and calls these): the
waiting mail of the persons shown, handing it over (one `courrier` event), and undoing a hand-over of the day."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count

from .enums import MailKind
from .models import MailItem
from .services import mail_hand_over, mail_hand_over_undo


@dataclass(frozen=True)
class WaitingMail:
    """Mail received for a person and neither handed over nor returned to sender."""

    count: int
    summary: str  # e.g. "3 plis dont 1 recommandé"


def _summary(by_kind: dict[str, int]) -> str:
    total = sum(by_kind.values())
    text = f"{total} pli(s)"
    extras = [f"{n} {MailKind(kind).label.lower()}" for kind, n in sorted(by_kind.items()) if kind != MailKind.SIMPLE]
    return text + (" dont " + ", ".join(extras) if extras else "")


def _waiting_items(establishment: Any) -> Any:
    return MailItem.objects.waiting().filter(domiciliation__service__establishment=establishment)


def waiting_mail(*, establishment: Any, person_ids: Iterable[int]) -> dict[int, WaitingMail]:
    """The waiting mail of these persons, domiciled in this establishment (one query)."""
    rows = (
        _waiting_items(establishment)
        .filter(domiciliation__person_id__in=list(person_ids))
        .values("domiciliation__person_id", "kind")
        .annotate(n=Count("pk"))
    )
    by_person: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        by_person[row["domiciliation__person_id"]][row["kind"]] = row["n"]
    return {pk: WaitingMail(sum(kinds.values()), _summary(kinds)) for pk, kinds in by_person.items()}


def hand_over_waiting_mail(
    *, establishment: Any, person: Any, service: Any, day: datetime.date, acting_user: Any
) -> Any:
    """Hand every waiting item over to the person on `day`, recording one `courrier` event in `service`; returns
    that event. ValidationError({"kind": …}) when nothing is waiting."""
    items = list(_waiting_items(establishment).filter(domiciliation__person=person, received_on__lte=day))
    if not items:
        raise ValidationError({"kind": f"Aucun courrier en attente pour {person}."})
    return mail_hand_over(items=items, on=day, service=service, acting_user=acting_user)


def undo_mail_hand_over(*, event: Any, acting_user: Any) -> int:
    """The items handed over with `event` are waiting again (a desk correction); returns how many."""
    return mail_hand_over_undo(event=event, acting_user=acting_user)
