"""The personalised project, appointments, reminders, workshops, hand-overs and the dashboard."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accompaniment import services
from accompaniment.deadlines import add_months, expected_documents, overdue_documents
from accompaniment.enums import Attendance, StayDocumentKind
from accompaniment.models import SentReminder
from accounts.enums import Role
from audit.models import AuditEntry
from establishments.enums import Modality
from events.models import Event
from stays.models import Stay
from tests.factories import JusticeMeasureFactory, PersonFactory, StayFactory, UserFactory

TODAY = datetime.date.today()


# --- Stay documents and their deadlines ----------------------------------------------------------------------------


def test_contract_of_stay_not_signed_one_month_after_admission_is_overdue(client, world):
    world.person_a.referent = world.worker_a
    world.person_a.save()
    admitted = TODAY - datetime.timedelta(days=40)
    Stay.objects.filter(pk=world.stay_a.pk).update(start_date=admitted)
    stay = Stay.objects.get(pk=world.stay_a.pk)
    services.stay_document_record(stay=stay, kind="livret_accueil", handed_on=admitted, acting_user=world.worker_a)
    services.stay_document_record(
        stay=stay, kind="contrat_sejour", handed_on=admitted + datetime.timedelta(days=10), acting_user=world.worker_a
    )
    items = overdue_documents(Stay.objects.filter(pk=stay.pk), today=TODAY)
    assert [(i.expected.kind, i.overdue_hand, i.overdue_sign) for i in items] == [("contrat_sejour", False, True)]

    client.force_login(world.worker_a)
    page = client.get(reverse("accompaniment:overdue")).content.decode()
    assert "Contrat de séjour" in page
    assert f"signature attendue au plus tard le {add_months(admitted, 1):%d/%m/%Y}" in page
    # Per worker and per establishment.
    assert "CHRS Les Augustins" in page and str(world.worker_a) in page
    client.force_login(world.head_office)
    filtered = client.get(reverse("accompaniment:overdue"), {"establishment": world.est_b.pk}).content.decode()
    assert "BERNARD Luc" in filtered and "MARTIN" not in filtered
    assert (
        "Contrat de séjour"
        in client.get(reverse("accompaniment:overdue"), {"referent": world.worker_a.pk}).content.decode()
    )
    # Once signed, it leaves the list.
    services.stay_document_record(
        stay=stay,
        kind="contrat_sejour",
        handed_on=admitted + datetime.timedelta(days=10),
        signed_on=TODAY,
        acting_user=world.worker_a,
    )
    assert overdue_documents(Stay.objects.filter(pk=stay.pk), today=TODAY) == []


def test_deadlines_follow_the_planned_length_of_the_stay(world):
    stay = StayFactory(service=world.shelter_a, start_date=datetime.date(2024, 1, 31))
    kinds = [e.kind for e in expected_documents(stay)]
    assert kinds == [StayDocumentKind.LIVRET_ACCUEIL, StayDocumentKind.DIPC]  # emergency: short stay
    contract = expected_documents(world.stay_a)[1]
    assert contract.kind == StayDocumentKind.CONTRAT_SEJOUR
    assert contract.hand_due == world.stay_a.start_date + datetime.timedelta(days=15)
    assert contract.sign_due == add_months(world.stay_a.start_date, 1)
    terms = services.stay_terms_set(
        stay=world.stay_a,
        planned_end_date=world.stay_a.start_date + datetime.timedelta(days=45),
        acting_user=world.worker_a,
    )
    assert expected_documents(world.stay_a, terms)[1].kind == StayDocumentKind.DIPC
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)


def test_a_document_cannot_be_signed_before_it_is_handed(world):
    with pytest.raises(ValidationError, match="Remis le"):
        services.stay_document_record(
            stay=world.stay_a, kind="contrat_sejour", signed_on=world.stay_a.start_date, acting_user=world.worker_a
        )


# --- Diagnosis, objectives, reviews, steps, PDF --------------------------------------------------------------------


def test_project_diagnosis_objectives_and_reviews(client, world):
    client.force_login(world.worker_a)
    person = world.person_a
    response = client.post(
        reverse("accompaniment:diagnosis_edit", args=[person.pk, "logement"]),
        {"person_words": "Je veux un studio à Amiens.", "assessment": "Éligible au logement social."},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("accompaniment:objective_create", args=[person.pk]),
        {"title": "Accéder à un logement autonome", "domain": "logement", "agreed_on": TODAY.isoformat()},
    )
    objective = person.objectives.get()
    assert response["Location"] == reverse("accompaniment:action_create", args=[objective.pk])
    client.post(
        reverse("accompaniment:action_create", args=[objective.pk]),
        {
            "description": "Déposer la demande SIAO",
            "who": "Référent",
            "due_date": (TODAY - datetime.timedelta(days=2)).isoformat(),
        },
    )
    client.post(
        reverse("accompaniment:review_create", args=[person.pk]),
        {"kind": "mi_parcours", "date": TODAY.isoformat(), "summary": "Avancée sur le logement."},
    )
    client.post(
        reverse("accompaniment:step_edit", args=[person.pk, "rsa"]),
        {"status": "bloque", "status_date": TODAY.isoformat(), "comment": "Pièce manquante"},
    )
    page = client.get(reverse("accompaniment:project", args=[person.pk])).content.decode()
    for text in (
        "Je veux un studio à Amiens.",
        "Accéder à un logement autonome",
        "Déposer la demande SIAO",
        "Bilan à mi-parcours",
        "Bloquée",
    ):
        assert text in page
    assert "en retard" in page
    assert AuditEntry.objects.filter(person=person, object_type="accompaniment.objective").exists()

    # Dashboard: the overdue action and the blocked step of my people.
    person.referent = world.worker_a
    person.save()
    dashboard = client.get(reverse("accompaniment:dashboard")).content.decode()
    assert "Déposer la demande SIAO" in dashboard and "RSA — Bloquée" in dashboard


def test_project_prints_as_pdf(client, world):
    services.objective_create(
        person=world.person_a, title="Obtenir une carte d'identité", agreed_on=TODAY, acting_user=world.worker_a
    )
    client.force_login(world.worker_a)
    response = client.get(reverse("accompaniment:project_pdf", args=[world.person_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- Appointments, reminders, calendar -----------------------------------------------------------------------------


def test_honoured_appointment_counts_one_interview_event(world):
    appointment = services.appointment_book(
        person=world.person_a,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        place="SPIP 80, Amiens",
        purpose="Point sur les obligations",
        partner="spip",
        acting_user=world.worker_a,
    )
    assert appointment.service == world.chrs_a
    services.appointment_attendance(appointment=appointment, attendance=Attendance.HONORE, acting_user=world.worker_a)
    services.appointment_attendance(appointment=appointment, attendance=Attendance.HONORE, acting_user=world.worker_a)
    events = Event.objects.filter(person=world.person_a, kind="entretien")
    assert events.count() == 1 and events.get().service == world.chrs_a
    with pytest.raises(ValidationError, match="déjà compté"):
        services.appointment_attendance(
            appointment=appointment, attendance=Attendance.MANQUE, acting_user=world.worker_a
        )


def test_missed_appointment_counts_nothing_and_future_cannot_be_honoured(world):
    appointment = services.appointment_book(
        person=world.person_a,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        place="Bureau",
        purpose="Entretien",
        acting_user=world.worker_a,
    )
    with pytest.raises(ValidationError):
        services.appointment_attendance(
            appointment=appointment, attendance=Attendance.HONORE, acting_user=world.worker_a
        )
    services.appointment_attendance(appointment=appointment, attendance=Attendance.EXCUSE, acting_user=world.worker_a)
    assert not Event.objects.filter(kind="entretien").exists()


def test_reminder_needs_consent_and_the_command_sends_due_ones_once(world, settings):
    start = timezone.now() + datetime.timedelta(hours=20)
    with pytest.raises(ValidationError, match="accord"):
        services.appointment_book(
            person=world.person_a,
            starts_at=start,
            place="SPIP",
            purpose="Suivi",
            reminder_channel="sms",
            acting_user=world.worker_a,
        )
    services.contact_set(
        person=world.person_a, phone="06 12 34 56 78", email="", consent=True, acting_user=world.worker_a
    )
    services.reminder_template_set(
        establishment=world.est_a,
        text="Bonjour {prenom}, RDV le {date} à {heure} : {lieu}.",
        acting_user=world.worker_a,
    )
    appointment = services.appointment_book(
        person=world.person_a,
        starts_at=start,
        place="SPIP 80",
        purpose="Suivi",
        reminder_channel="sms",
        acting_user=world.worker_a,
    )
    services.appointment_book(  # too far ahead for today's run
        person=world.person_a,
        starts_at=start + datetime.timedelta(days=5),
        place="SPIP",
        purpose="Plus tard",
        reminder_channel="sms",
        acting_user=world.worker_a,
    )
    call_command("send_reminders")
    call_command("send_reminders")
    sent = SentReminder.objects.get()
    assert sent.appointment == appointment and sent.recipient == "0612345678"
    assert sent.text.startswith("Bonjour Éric, RDV le") and "SPIP 80" in sent.text
    log = settings.PARCOURS_REMINDER_LOG.read_text()
    assert log.count("\n") == 1 and "0612345678" in log


def test_a_real_provider_is_configured_by_a_dotted_path(world, settings):
    calls = []

    class Provider:
        def send(self, *, channel, recipient, text):  # type: ignore[no-untyped-def]
            calls.append((channel, recipient))
            return "fournisseur"

    import sys
    import types

    module = types.ModuleType("fake_provider")
    module.__dict__["Provider"] = Provider
    sys.modules["fake_provider"] = module
    settings.PARCOURS_REMINDER_GATEWAY = "fake_provider.Provider"
    services.contact_set(
        person=world.person_a, phone="", email="eric@example.org", consent=True, acting_user=world.worker_a
    )
    appointment = services.appointment_book(
        person=world.person_a,
        starts_at=timezone.now() + datetime.timedelta(hours=3),
        place="CMP",
        purpose="Suivi",
        reminder_channel="email",
        acting_user=world.worker_a,
    )
    assert services.reminder_send(appointment=appointment).gateway == "fournisseur"
    assert calls == [("email", "eric@example.org")]


def test_icalendar_feed_per_worker(client, world):
    services.appointment_book(
        person=world.person_a,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        place="SPIP 80; bureau 2",
        purpose="Suivi, obligations",
        acting_user=world.worker_a,
    )
    feed = services.calendar_feed_for(user=world.worker_a)
    response = client.get(reverse("accompaniment:calendar_feed", args=[feed.token]))  # no login: the token is the key
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "LOCATION:SPIP 80\\; bureau 2" in body and "BEGIN:VEVENT" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert client.get(reverse("accompaniment:calendar_feed", args=["mauvais"])).status_code == 404
    renewed = services.calendar_feed_for(user=world.worker_a, renew=True)
    assert client.get(reverse("accompaniment:calendar_feed", args=[feed.token])).status_code == 404
    assert client.get(reverse("accompaniment:calendar_feed", args=[renewed.token])).status_code == 200


# --- Workshops -----------------------------------------------------------------------------------------------------


def test_workshop_attendance_feeds_collective_workshop_events(client, world):
    workshop = services.workshop_create(
        service=world.chrs_a, theme="cv", title="Atelier CV", acting_user=world.worker_a
    )
    other = PersonFactory()
    StayFactory(person=other, service=world.chrs_a)
    counts = {}
    for day in (TODAY - datetime.timedelta(days=7), TODAY):
        session = services.session_create(workshop=workshop, date=day, acting_user=world.worker_a)
        for person, attendance in ((world.person_a, "present"), (other, "absent" if day == TODAY else "present")):
            reg = services.registration_create(session=session, person=person, acting_user=world.worker_a)
            services.registration_attendance(registration=reg, attendance=attendance, acting_user=world.worker_a)
    events = Event.objects.filter(kind="atelier_collectif")
    counts = {p: events.filter(person=p).count() for p in (world.person_a, other)}
    assert counts == {world.person_a: 2, other: 1}
    assert set(events.values_list("service", flat=True)) == {world.chrs_a.pk}
    client.force_login(world.worker_a)
    page = client.get(reverse("accompaniment:workshop_detail", args=[workshop.pk])).content.decode()
    assert "2</span> séance(s)" in page


# --- Referents and hand-overs --------------------------------------------------------------------------------------


def test_hand_over_summary_and_acknowledgement(client, world):
    colleague = UserFactory(username="colleague", role=Role.SOCIAL_WORKER, establishments=[world.est_a])
    person = world.person_a
    person.referent = world.worker_a
    person.save()
    objective = services.objective_create(
        person=person, title="Trouver un emploi", agreed_on=TODAY, acting_user=world.worker_a
    )
    services.action_create(
        objective=objective,
        description="Inscription France Travail",
        who="Éric",
        due_date=TODAY,
        acting_user=world.worker_a,
    )
    services.step_set(person=person, kind="cni", status="en_cours", status_date=TODAY, acting_user=world.worker_a)
    services.appointment_book(
        person=person,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="SPIP 80",
        purpose="Suivi PSE",
        acting_user=world.worker_a,
    )
    JusticeMeasureFactory(person=person, measure="pse", spip="SPIP 80")
    handover = services.handover_create(
        person=person, to_user=colleague, message="Bon courage", acting_user=world.worker_a
    )
    person.refresh_from_db()
    assert person.referent == colleague
    summary = handover.summary
    assert "Trouver un emploi" in summary["objectives"][0] and "Inscription France Travail" in summary["objectives"][0]
    assert summary["steps"] == ["Carte d'identité : En cours"]
    assert "Suivi PSE" in summary["appointments"][0]
    assert (
        summary["justice"][0].startswith("Placement sous surveillance électronique")
        or "SPIP 80" in summary["justice"][0]
    )

    client.force_login(world.worker_a)
    assert client.post(reverse("accompaniment:handover_detail", args=[handover.pk]), {}).status_code == 403
    client.force_login(colleague)
    assert "Passages de relais à prendre en compte" in client.get(reverse("accompaniment:dashboard")).content.decode()
    client.post(reverse("accompaniment:handover_detail", args=[handover.pk]), {})
    handover.refresh_from_db()
    assert handover.acknowledged_at is not None


def test_hand_over_to_another_establishment_is_readable_by_the_new_referent(client, world):
    handover = services.handover_create(
        person=world.person_a, to_user=world.worker_b, to_establishment=world.est_b, acting_user=world.worker_a
    )
    client.force_login(world.worker_b)
    page = client.get(reverse("accompaniment:handover_detail", args=[handover.pk]))
    assert page.status_code == 200 and "vous sera accessible" in page.content.decode()
    with pytest.raises(ValidationError):
        services.handover_create(person=world.person_b, to_user=world.worker_a, acting_user=world.worker_b)


def test_co_referents_see_the_person_on_their_dashboard(client, world):
    colleague = UserFactory(role=Role.SOCIAL_WORKER, establishments=[world.est_a])
    services.co_referent_add(person=world.person_a, user=colleague, acting_user=world.worker_a)
    client.force_login(colleague)
    page = client.get(reverse("accompaniment:dashboard")).content.decode()
    assert str(world.person_a) in page and "(co-référent)" in page


def test_emergency_stays_expect_a_dipc(world):
    assert world.shelter_a.modality == Modality.HEBERGEMENT_URGENCE


def test_dashboard_lists_incidents_to_review_of_my_people(client, world):
    places_models = pytest.importorskip("places.models")
    from places.enums import IncidentKind, IncidentStatus

    world.person_a.referent = world.worker_a
    world.person_a.save()
    places_models.Incident.objects.create(
        person=world.person_a,
        establishment=world.est_a,
        kind=IncidentKind.values[0],
        occurred_at=timezone.now(),
        status=IncidentStatus.A_EXAMINER,
    )
    client.force_login(world.worker_a)
    page = client.get(reverse("accompaniment:dashboard")).content.decode()
    section = page[page.index("Incidents à examiner") :]
    assert str(world.person_a) in section and "Aucun." not in section[:400]


def test_dashboard_expiry_warnings_stop_once_the_paper_is_renewed(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    world.person_a.referent = world.worker_a
    world.person_a.save()
    pdf = b"%PDF-1.4\n"
    services.document_upload(
        person=world.person_a,
        upload=SimpleUploadedFile("ts.pdf", pdf),
        kind="titre_sejour",
        expires_on=TODAY + datetime.timedelta(days=10),
        acting_user=world.worker_a,
    )
    client.force_login(world.worker_a)
    assert "Titre de séjour expire" in client.get(reverse("accompaniment:dashboard")).content.decode()
    services.document_upload(
        person=world.person_a,
        upload=SimpleUploadedFile("ts2.pdf", pdf),
        kind="titre_sejour",
        expires_on=TODAY + datetime.timedelta(days=365),
        acting_user=world.worker_a,
    )
    assert "Titre de séjour expire" not in client.get(reverse("accompaniment:dashboard")).content.decode()


def test_dashboard_queries_do_not_grow_with_the_number_of_people(client, world, django_assert_max_num_queries):
    def add_person(i):  # type: ignore[no-untyped-def]
        person = PersonFactory(referent=world.worker_a)
        StayFactory(person=person, service=world.chrs_a)
        objective = services.objective_create(
            person=person,
            title=f"Objectif {i}",
            agreed_on=TODAY - datetime.timedelta(days=30),
            review_date=TODAY,
            acting_user=world.worker_a,
        )
        services.action_create(
            objective=objective,
            description="Action",
            who="Référent",
            due_date=TODAY - datetime.timedelta(days=1),
            acting_user=world.worker_a,
        )
        services.step_set(person=person, kind="rsa", status="bloque", status_date=TODAY, acting_user=world.worker_a)
        services.appointment_book(
            person=person,
            starts_at=timezone.now() + datetime.timedelta(minutes=1),
            place="Bureau",
            purpose="Entretien",
            acting_user=world.worker_a,
        )

    client.force_login(world.worker_a)
    add_person(0)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("accompaniment:dashboard"))
    for i in range(1, 8):
        add_person(i)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("accompaniment:dashboard")).content.decode()
    assert page.count("Objectif ") >= 8
