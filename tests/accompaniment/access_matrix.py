import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.access import GET_ONLY, NONE, row

PDF = b"%PDF-1.4\n% test\n"


def setup(world):  # type: ignore[no-untyped-def]
    from accompaniment.models import (
        Appointment,
        CalendarFeed,
        Handover,
        Note,
        NoteVersion,
        Objective,
        ObjectiveAction,
        PersonDocument,
        Registration,
        StayDocument,
        Workshop,
        WorkshopSession,
    )
    from core.uploads import store_upload
    from tests.factories import UserFactory

    w = world
    today = datetime.date.today()
    w.acc_objective_a = Objective.objects.create(
        person=w.person_a, title="Trouver un logement", agreed_on=today, created_by=w.worker_a
    )
    w.acc_action_a = ObjectiveAction.objects.create(
        objective=w.acc_objective_a, description="Dossier SIAO", who="référent", due_date=today
    )
    w.acc_appointment_a = Appointment.objects.create(
        person=w.person_a,
        worker=w.worker_a,
        starts_at=timezone.now(),
        place="SPIP 80",
        purpose="Suivi",
        reminder_channel="sms",
    )
    path, content_type = store_upload(SimpleUploadedFile("cni.pdf", PDF), folder="tests-matrix")
    w.acc_document_a = PersonDocument.objects.create(
        person=w.person_a,
        kind="autre",
        path=path,
        content_type=content_type,
        original_name="cni.pdf",
        size=len(PDF),
        uploaded_by=w.worker_a,
    )
    w.acc_stay_document_a = StayDocument.objects.create(
        stay=w.stay_a,
        kind="contrat_sejour",
        handed_on=w.stay_a.start_date,
        scan_path=path,
        scan_content_type=content_type,
    )
    w.acc_note_a = Note.objects.create(person=w.person_a, establishment=w.est_a, author=w.worker_a, date=today)
    NoteVersion.objects.create(note=w.acc_note_a, number=1, text="Entretien d'accueil.", written_by=w.worker_a)
    colleague = UserFactory(username="colleague_a", establishments=[w.est_a])
    w.acc_handover_a = Handover.objects.create(person=w.person_a, from_user=w.worker_a, to_user=colleague, summary={})
    w.acc_workshop_a = Workshop.objects.create(service=w.chrs_a, theme="cv", title="Atelier CV")
    w.acc_session_a = WorkshopSession.objects.create(workshop=w.acc_workshop_a, date=today)
    w.acc_registration_a = Registration.objects.create(session=w.acc_session_a, person=w.person_a)
    w.acc_feed_a = CalendarFeed.objects.create(user=w.worker_a, token="jeton-de-test")


def PERSON(w):  # noqa: N802
    return {"pk": w.person_a.pk}


def pk(attr):  # type: ignore[no-untyped-def]
    return lambda w: {"pk": getattr(w, attr).pk}


# GET and POST statuses of: worker of A, worker of B, reception of A, head office, admin (tests/access.py).
READ = (200, 404, 403, 200, 200)
WRITE = (200, 404, 403, 403, 200)
ALL_STAFF = (200, 200, 403, 200, 200)
AUTHOR = (200, 404, 403, 403, 403)

ROWS = {
    "accompaniment:dashboard": row(NONE, *ALL_STAFF, post=GET_ONLY),
    "accompaniment:overdue": row(NONE, *ALL_STAFF, post=GET_ONLY),
    "accompaniment:project": row(PERSON, *READ, post=GET_ONLY),
    "accompaniment:project_pdf": row(PERSON, *READ, post=GET_ONLY),
    "accompaniment:diagnosis_edit": row(lambda w: {"pk": w.person_a.pk, "domain": "logement"}, *WRITE, post=WRITE),
    "accompaniment:objective_create": row(PERSON, *WRITE, post=WRITE),
    "accompaniment:objective_update": row(pk("acc_objective_a"), *WRITE, post=WRITE),
    "accompaniment:action_create": row(pk("acc_objective_a"), *WRITE, post=WRITE),
    "accompaniment:action_done": row(pk("acc_action_a"), *WRITE, post=WRITE),
    "accompaniment:review_create": row(PERSON, *WRITE, post=WRITE),
    "accompaniment:step_edit": row(lambda w: {"pk": w.person_a.pk, "kind": "rsa"}, *WRITE, post=WRITE),
    "accompaniment:stay_terms": row(pk("stay_a"), *WRITE, post=WRITE),
    "accompaniment:stay_document": row(lambda w: {"pk": w.stay_a.pk, "kind": "contrat_sejour"}, *WRITE, post=WRITE),
    "accompaniment:stay_document_scan": row(pk("acc_stay_document_a"), *READ, post=GET_ONLY),
    "accompaniment:appointment_create": row(PERSON, *WRITE, post=WRITE),
    "accompaniment:appointment_attendance": row(pk("acc_appointment_a"), *WRITE, post=WRITE),
    # Posted: the reminder is refused (no consent recorded), the page shows why.
    "accompaniment:appointment_remind": row(pk("acc_appointment_a"), *WRITE, post=WRITE),
    "accompaniment:agenda": row(NONE, *ALL_STAFF, post=GET_ONLY),
    # Posted: one's own calendar link is renewed; a write, so refused to read-only head office.
    "accompaniment:calendar_feed_token": row(NONE, 200, 200, 403, 403, 200, post=(302, 302, 403, 403, 302)),
    "accompaniment:calendar_feed": row(lambda w: {"token": w.acc_feed_a.token}, *(200,) * 6, post=GET_ONLY),
    "accompaniment:contact_edit": row(PERSON, *WRITE, post=WRITE),
    "accompaniment:reminder_template": row(lambda w: {"pk": w.est_a.pk}, *WRITE, post=WRITE),
    "accompaniment:workshops": row(NONE, *ALL_STAFF, post=GET_ONLY),
    "accompaniment:workshop_create": row(NONE, 200, 200, 403, 403, 200, post=(200, 200, 403, 403, 200)),
    "accompaniment:workshop_detail": row(pk("acc_workshop_a"), *READ, post=GET_ONLY),
    "accompaniment:session_create": row(pk("acc_workshop_a"), *WRITE, post=WRITE),
    # Posted: a person registered to the session.
    "accompaniment:session_detail": row(pk("acc_session_a"), *READ, post=WRITE),
    "accompaniment:registration_attendance": row(pk("acc_registration_a"), *WRITE, post=WRITE),
    "accompaniment:note_create": row(PERSON, *WRITE, post=WRITE),
    "accompaniment:note_detail": row(pk("acc_note_a"), *READ, post=GET_ONLY),
    # Only its author (the worker of A) corrects a note.
    "accompaniment:note_correct": row(pk("acc_note_a"), *AUTHOR, post=AUTHOR, head_a=(403, 403)),
    "accompaniment:co_referent_add": row(PERSON, *WRITE, post=WRITE),
    "accompaniment:handover_create": row(PERSON, *WRITE, post=WRITE),
    # Posted: the hand-over acknowledged, by its new referent only (a colleague of A, not a persona).
    "accompaniment:handover_detail": row(pk("acc_handover_a"), *READ, post=(403, 404, 403, 403, 403)),
    "accompaniment:document_create": row(PERSON, *WRITE, post=WRITE),
    "accompaniment:document_download": row(pk("acc_document_a"), *READ, post=GET_ONLY),
}
