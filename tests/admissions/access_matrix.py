import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from admissions.models import RequestDocument
from core.uploads import store_upload
from tests.access import GET_ONLY, row
from tests.factories import AdmissionRequestFactory


def setup(world):
    world.request_a = AdmissionRequestFactory(
        person=world.person_a, service=world.chrs_a, decision="favorable", decided_on=datetime.date(2019, 2, 10)
    )
    path, content_type = store_upload(
        SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 test", content_type="application/pdf"), folder="tests"
    )
    world.document_a = RequestDocument.objects.create(
        request=world.request_a, name="rapport.pdf", path=path, content_type=content_type
    )


def EST_A(w):  # noqa: N802
    return {"establishment_pk": w.est_a.pk}


def REQUEST_A(w):  # noqa: N802
    return {"pk": w.request_a.pk}


# Requests are not for the night/reception agent (403); another establishment's worker gets 404.
READ = (200, 404, 403, 200, 200)
WRITE = (200, 404, 403, 403, 200)

ROWS = {
    "admissions:index": row(EST_A, *READ, post=GET_ONLY),
    "admissions:create": row(EST_A, *WRITE, post=WRITE),
    "admissions:contact_create": row(EST_A, *WRITE, post=WRITE),
    "admissions:commission": row(EST_A, *WRITE, post=WRITE),
    "admissions:detail": row(REQUEST_A, *READ, post=GET_ONLY),
    "admissions:admit": row(REQUEST_A, *WRITE, post=WRITE),
    "admissions:close": row(REQUEST_A, *WRITE, post=WRITE),
    "admissions:letter": row(REQUEST_A, *READ, post=GET_ONLY),
    "admissions:document": row(lambda w: {"pk": w.document_a.pk}, *READ, post=GET_ONLY),
}
