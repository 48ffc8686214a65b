"""Reminder gateways. The default one records the message in a file (var/reminders.log); a real SMS or e-mail provider
is plugged in with the dotted-path setting PARCOURS_REMINDER_GATEWAY (a class with `send(*, channel, recipient, text)`
returning a label of the gateway, raising on failure)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_GATEWAY = "accompaniment.reminders.FileGateway"


class ReminderGateway(Protocol):
    def send(self, *, channel: str, recipient: str, text: str) -> str: ...


class FileGateway:
    """Sends nothing: appends one line per message to PARCOURS_REMINDER_LOG (default var/reminders.log)."""

    def send(self, *, channel: str, recipient: str, text: str) -> str:
        path = Path(getattr(settings, "PARCOURS_REMINDER_LOG", Path(settings.BASE_DIR) / "var" / "reminders.log"))
        path.parent.mkdir(parents=True, exist_ok=True)
        line = f"{timezone.now().isoformat()}\t{channel}\t{recipient}\t{text.replace(chr(10), ' ')}\n"
        with path.open("a", encoding="utf-8") as out:
            out.write(line)
        return "fichier"


def get_gateway() -> ReminderGateway:
    return import_string(getattr(settings, "PARCOURS_REMINDER_GATEWAY", DEFAULT_GATEWAY))()
