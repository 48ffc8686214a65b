import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from admissions.models import RequestDocument
from core.uploads import store_upload
from tests.access import row
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


# Requests are not for the night/reception agent (403); another establishment's worker gets 404.
ROWS = {
    "admissions:index": row(lambda w: {"establishment_pk": w.est_a.pk}, 200, 404, 403, 200, 200),
    "admissions:create": row(lambda w: {"establishment_pk": w.est_a.pk}, 200, 404, 403, 403, 200),
    "admissions:contact_create": row(lambda w: {"establishment_pk": w.est_a.pk}, 200, 404, 403, 403, 200),
    "admissions:commission": row(lambda w: {"establishment_pk": w.est_a.pk}, 200, 404, 403, 403, 200),
    "admissions:detail": row(lambda w: {"pk": w.request_a.pk}, 200, 404, 403, 200, 200),
    "admissions:admit": row(lambda w: {"pk": w.request_a.pk}, 200, 404, 403, 403, 200),
    "admissions:close": row(lambda w: {"pk": w.request_a.pk}, 200, 404, 403, 403, 200),
    "admissions:letter": row(lambda w: {"pk": w.request_a.pk}, 200, 404, 403, 200, 200),
    "admissions:document": row(lambda w: {"pk": w.document_a.pk}, 200, 404, 403, 200, 200),
}
