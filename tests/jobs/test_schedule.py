"""The scheduler: each app registers its scheduled jobs in one line; a slot is enqueued once, whoever ticks."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accompaniment import services
from accompaniment.models import SentReminder
from jobs import schedule
from jobs.models import ScheduledRun

pytestmark = pytest.mark.django_db

PARIS = datetime.timezone(datetime.timedelta(hours=1))


def test_the_apps_register_their_scheduled_jobs():
    assert {"rappels-rendez-vous", "non-presentations", "purge-fichiers-et-taches"} <= set(schedule.ENTRIES)
    reminders = schedule.ENTRIES["rappels-rendez-vous"]
    assert reminders.every == datetime.timedelta(minutes=15)
    assert reminders.task.module_path == "accompaniment.tasks.send_reminders"


def test_a_registration_needs_one_period():
    task = schedule.ENTRIES["rappels-rendez-vous"].task
    with pytest.raises(ValueError):
        schedule.register("x", task)
    with pytest.raises(ValueError):
        schedule.register("x", task, every=datetime.timedelta(minutes=5), daily_at=datetime.time(3))
    with pytest.raises(ValueError):
        schedule.register("x", task, every=datetime.timedelta(seconds=10))
    assert "x" not in schedule.ENTRIES


def test_slots():
    every = schedule.Entry(name="a", task=None, every=datetime.timedelta(minutes=15))
    daily = schedule.Entry(name="b", task=None, daily_at=datetime.time(6, 0))
    now = datetime.datetime(2026, 3, 2, 10, 7, tzinfo=PARIS)

    assert every.slot(now) == datetime.datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)
    assert every.slot(now + datetime.timedelta(minutes=8)) == datetime.datetime(2026, 3, 2, 10, 15, tzinfo=PARIS)
    assert daily.slot(now) == datetime.datetime(2026, 3, 2, 6, 0, tzinfo=PARIS)
    assert daily.slot(now.replace(hour=5)) == datetime.datetime(2026, 3, 1, 6, 0, tzinfo=PARIS)


def test_a_slot_is_enqueued_once_then_the_next_one():
    now = timezone.now()

    first = schedule.tick(now)
    assert set(first) == set(schedule.ENTRIES)
    assert schedule.tick(now) == []
    later = schedule.tick(now + datetime.timedelta(minutes=16), names=["rappels-rendez-vous"])

    assert later == ["rappels-rendez-vous"]
    assert ScheduledRun.objects.filter(name="rappels-rendez-vous").count() == 2
    assert DBTaskResult.objects.filter(task_path="accompaniment.tasks.send_reminders").count() == 2


def test_run_scheduled_command(capsys):
    call_command("run_scheduled")
    call_command("run_scheduled")

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("3 tâche(s) mise(s) en file : ")
    assert out[1] == "0 tâche(s) mise(s) en file."


def test_the_reminders_job_sends_each_due_reminder_once(world, run_jobs, settings):
    start = timezone.now() + datetime.timedelta(hours=20)
    services.contact_set(
        person=world.person_a, phone="06 12 34 56 78", email="", consent=True, acting_user=world.worker_a
    )
    services.appointment_book(
        person=world.person_a,
        starts_at=start,
        place="SPIP 80",
        purpose="Suivi",
        reminder_channel="sms",
        acting_user=world.worker_a,
    )
    schedule.tick(names=["rappels-rendez-vous"])
    run_jobs()
    schedule.tick(timezone.now() + datetime.timedelta(minutes=15), names=["rappels-rendez-vous"])
    run_jobs()

    assert SentReminder.objects.count() == 1
    done = DBTaskResult.objects.filter(task_path="accompaniment.tasks.send_reminders").order_by("enqueued_at")
    assert [r.return_value for r in done] == [{"sent": 1, "impossible": 0}, {"sent": 0, "impossible": 0}]


def test_the_no_show_job_counts_the_proposals(world, run_jobs):
    schedule.tick(names=["non-presentations"])
    run_jobs()

    result = DBTaskResult.objects.get(task_path="admissions.tasks.review_no_shows")
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"proposals": 0, "per_establishment": {}}
