"""How the day-reception desk (`reception`) shows and hands over a domiciled person's waiting mail, though the
`domiciliation` app sits beside it in the same layer and neither imports the other: `domiciliation` registers its
implementation of `MailDesk` when the apps are ready (`domiciliation/apps.py`). Without it, the desk shows no mail."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class WaitingMail:
    """Mail received for a person and neither handed over nor returned to sender."""

    count: int
    summary: str  # e.g. "3 plis dont 1 recommandé"


class MailDesk(Protocol):
    def waiting(self, *, establishment: Any, person_ids: Iterable[int]) -> dict[int, WaitingMail]:
        """The waiting mail of these persons, domiciled in this establishment (one query)."""
        ...

    def hand_over(self, *, establishment: Any, person: Any, service: Any, day: datetime.date, acting_user: Any) -> Any:
        """Hand every waiting item over to the person on `day`, recording one `courrier` event in `service`;
        returns that event. ValidationError({"kind": …}) when nothing is waiting."""
        ...

    def undo_hand_over(self, *, event: Any, acting_user: Any) -> int:
        """The items handed over with `event` are waiting again (a desk correction); returns how many."""
        ...


_registry: dict[str, MailDesk] = {}


def register_mail_desk(implementation: MailDesk) -> None:
    _registry["mail"] = implementation


def mail_desk() -> MailDesk | None:
    return _registry.get("mail")
