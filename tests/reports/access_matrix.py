from tests.access import GET_ONLY, NONE, row


def scope_a(w):
    return {"year": 2019, "scope": f"e{w.est_a.pk}"}


def setup(world):
    from jobs.models import Job, JobKind, JobStatus
    from jobs.services import job_attach_file

    world.report_job = Job.objects.create(
        kind=JobKind.REPORT_FILE,
        requested_by=world.head_office,
        scope="association",
        params={"year": 2019, "fmt": "pdf"},
        status=JobStatus.SUCCEEDED,
    )
    job_attach_file(job=world.report_job, content=b"%PDF-1.7", file_name="rapport.pdf", keep_days=1)


def report_job(w):
    return {"pk": w.report_job.pk}


# The report's pages only read (405 to a POST); the head of A reads them as the worker of A.
ROWS = {
    #                                       worker_a worker_b reception head_office admin anonymous
    "reports:index": row(NONE, 200, 200, 200, 200, 200, post=GET_ONLY),
    "reports:report": row(scope_a, 200, 404, 200, 200, 200, post=GET_ONLY),
    "reports:drill": row(lambda w: {**scope_a(w), "indicator": "persons"}, 200, 404, 200, 200, 200, post=GET_ONLY),
    "reports:download": row(lambda w: {**scope_a(w), "fmt": "json"}, 200, 404, 200, 200, 200, post=GET_ONLY),
    # POST only (the file is built in a background job): posted, the job is queued and its page opens (302), for
    # whoever reads the report of that scope; the job's pages: only who asked (head office here).
    "reports:prepare": row(
        lambda w: {**scope_a(w), "fmt": "pdf"}, 405, 405, 405, 405, 405, post=(302, 404, 302, 302, 302)
    ),
    "reports:job": row(report_job, 404, 404, 404, 200, 404, post=GET_ONLY),
    "reports:job_download": row(report_job, 404, 404, 404, 200, 404, post=GET_ONLY),
}
