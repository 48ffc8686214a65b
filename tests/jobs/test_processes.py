"""Real processes on one queue: two workers never run a job twice; two schedulers never enqueue a slot twice."""

from __future__ import annotations

import datetime
import json
import sys

import pytest
from django.utils import timezone

from accompaniment import services
from tests.processes import MANAGE, manage, process_env, share_database, started

from .tasks import mark

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_run_each_of_100_jobs_once(tmp_path):
    for n in range(100):
        mark.enqueue(n)
    database = share_database(tmp_path)
    marks = tmp_path / "marks.txt"
    env = process_env(database, tmp_path, PARCOURS_TEST_MARKS=str(marks))
    worker = [sys.executable, MANAGE, "worker", "--batch", "--no-scheduler", "--no-startup-delay", "--interval", "0.05"]

    with (
        started([*worker, "--worker-id", "un"], env=env, log=tmp_path / "w1.log") as first,
        started([*worker, "--worker-id", "deux"], env=env, log=tmp_path / "w2.log") as second,
    ):
        assert first.wait(timeout=120) == 0, (tmp_path / "w1.log").read_text()[-3000:]
        assert second.wait(timeout=120) == 0, (tmp_path / "w2.log").read_text()[-3000:]

    runs = [line.split() for line in marks.read_text().splitlines()]
    assert sorted(int(n) for n, _ in runs) == list(range(100))  # each job once, none lost
    assert len({pid for _, pid in runs}) == 2  # both workers took jobs
    rows = database.query("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult")
    assert len(rows) == 100 and {status for status, _ in rows} == {"SUCCESSFUL"}
    workers = [w for _, ids in rows for w in (ids if isinstance(ids, list) else json.loads(ids))]
    assert len(workers) == 100 and set(workers) == {"un", "deux"}  # each claimed by exactly one worker


def test_two_schedulers_enqueue_a_due_job_once_and_it_runs_once(tmp_path, world):
    services.contact_set(
        person=world.person_a, phone="06 12 34 56 78", email="", consent=True, acting_user=world.worker_a
    )
    services.appointment_book(
        person=world.person_a,
        starts_at=timezone.now() + datetime.timedelta(hours=20),
        place="SPIP 80",
        purpose="Suivi",
        reminder_channel="sms",
        acting_user=world.worker_a,
    )
    database = share_database(tmp_path)
    env = process_env(database, tmp_path)
    scheduler = [sys.executable, MANAGE, "run_scheduled"]

    with (
        started(scheduler, env=env, log=tmp_path / "s1.log") as first,
        started(scheduler, env=env, log=tmp_path / "s2.log") as second,
    ):
        assert first.wait(timeout=60) == 0 and second.wait(timeout=60) == 0
    manage("worker", "--batch", "--no-scheduler", "--no-startup-delay", env=env)

    outputs = [(tmp_path / name).read_text() for name in ("s1.log", "s2.log")]
    enqueued = sum(int(out.strip().split()[0]) for out in outputs)
    assert enqueued == 3, outputs  # three registered jobs, each enqueued by one scheduler only
    assert database.query("SELECT name, COUNT(*) FROM jobs_scheduledrun GROUP BY name HAVING COUNT(*) > 1") == []
    tasks = database.query(
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = %s",
        ("accompaniment.tasks.send_reminders",),
    )
    assert tasks == [("SUCCESSFUL",)]
    assert database.query("SELECT COUNT(*) FROM accompaniment_sentreminder") == [(1,)]
    assert (tmp_path / "reminders.log").read_text().count("\n") == 1
