"""Access matrix rows of the jobs app: the health endpoint answers everyone, logged in or not (no personal data)."""

from tests.access import GET_ONLY, NONE, row


def setup(world):
    from jobs import progress

    progress.heartbeat("matrix-worker")


ROWS = {
    #                   worker_a worker_b reception head_office admin anonymous
    "jobs:health": row(NONE, 200, 200, 200, 200, 200, 200, post=GET_ONLY),
}
