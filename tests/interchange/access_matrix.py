"""Access matrix rows of the interchange app (see tests/test_access_matrix.py): the upload page and the import
jobs' pages are for association administrators only (a job: the one who asked)."""

from tests.access import GET_ONLY, NONE, row


def setup(world):
    from jobs.models import Job, JobKind

    world.import_job = Job.objects.create(
        kind=JobKind.IMPORT, requested_by=world.admin, params={"names": ["donnees.zip"], "files": [], "source": ""}
    )


ROWS = {
    # Posted empty: the upload form shown again with its errors (administrator), 403 for every other role.
    "interchange:import": row(NONE, 403, 403, 403, 403, 200, post=(403, 403, 403, 403, 200)),
    "interchange:job": row(lambda w: {"pk": w.import_job.pk}, 403, 403, 403, 403, 200, post=GET_ONLY),
}
