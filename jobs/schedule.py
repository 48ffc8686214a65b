"""The scheduled work: each app registers its jobs in one line, in its own `schedule.py` (found at start-up):

    # accompaniment/schedule.py
    from jobs.schedule import register
    register("rappels-rendez-vous", send_due_reminders, every=datetime.timedelta(minutes=15))

`tick()` (run by every worker every few seconds, or by `manage.py run_scheduled` from cron or a systemd timer)
enqueues each job whose current time slot has not run yet. The slot is claimed by inserting a `ScheduledRun` row
under a unique constraint, in the same transaction as the task: with two schedulers (two workers, two machines),
one only enqueues it. A slot missed while nothing ran is not replayed: the next one runs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledRun

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Entry:
    name: str
    task: Any  # a django-tasks Task taking no argument
    every: datetime.timedelta | None = None
    daily_at: datetime.time | None = None  # local time (TIME_ZONE)

    def slot(self, now: datetime.datetime) -> datetime.datetime:
        """The start of the time slot `now` falls in."""
        if self.every is not None:
            periods = (now - EPOCH) // self.every
            return EPOCH + periods * self.every
        assert self.daily_at is not None
        local = timezone.localtime(now)
        today = local.replace(hour=self.daily_at.hour, minute=self.daily_at.minute, second=0, microsecond=0)
        return today if local >= today else today - datetime.timedelta(days=1)


ENTRIES: dict[str, Entry] = {}


def register(
    name: str, task: Any, *, every: datetime.timedelta | None = None, daily_at: datetime.time | None = None
) -> Entry:
    """Run `task` (no arguments) every `every`, or every day at `daily_at` (local time)."""
    if (every is None) == (daily_at is None):
        raise ValueError("register: give either every= or daily_at=")
    if every is not None and every < datetime.timedelta(minutes=1):
        raise ValueError("register: every= must be one minute or more")
    entry = Entry(name=name, task=task, every=every, daily_at=daily_at)
    ENTRIES[name] = entry
    return entry


def claim(entry: Entry, slot: datetime.datetime) -> bool:
    """Enqueue the entry's task for `slot` unless a scheduler already did: True if this call enqueued it."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(name=entry.name, slot=slot)
            result = entry.task.enqueue()
            run.task_id = str(result.id)
            run.save(update_fields=["task_id"])
    except IntegrityError:
        return False
    return True


def tick(now: datetime.datetime | None = None, names: list[str] | None = None) -> list[str]:
    """Enqueue every registered job (or those named) whose current slot has not run: the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for entry in ENTRIES.values():
        if names is not None and entry.name not in names:
            continue
        slot = entry.slot(now)
        if ScheduledRun.objects.filter(name=entry.name, slot=slot).exists():
            continue
        if claim(entry, slot):
            enqueued.append(entry.name)
    return enqueued
