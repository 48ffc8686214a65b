"""An iCalendar (RFC 5545) text of a worker's appointments, written by hand: CRLF line ends, escaped text,
lines folded at 75 octets."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from .enums import Attendance
from .models import Appointment


def escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = " " + char
            limit = 75
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_text(appointments: Iterable[Appointment], *, host: str) -> str:
    now = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Parcours//Agenda des rendez-vous//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Parcours — mes rendez-vous",
    ]
    for a in appointments:
        end = a.starts_at + datetime.timedelta(minutes=a.duration_minutes)
        summary = f"{a.person} — {a.purpose}"
        description = f"{a.get_partner_display() if a.partner else 'Entretien'} — {a.get_attendance_display()}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:rdv-{a.pk}@{host.split(':')[0] or 'parcours'}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_utc(a.starts_at)}",
            f"DTEND:{_utc(end)}",
            f"SUMMARY:{escape(summary)}",
            f"LOCATION:{escape(a.place)}",
            f"DESCRIPTION:{escape(description)}",
            f"STATUS:{'CANCELLED' if a.attendance == Attendance.ANNULE else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
