"""A task for the tests only: appends its number and its process id to the file named by PARCOURS_TEST_MARKS."""

from __future__ import annotations

import os
import time

from django_tasks import task


@task()
def mark(n: int) -> int:
    with open(os.environ["PARCOURS_TEST_MARKS"], "a") as out:
        out.write(f"{n} {os.getpid()}\n")
    time.sleep(0.05)
    return n
