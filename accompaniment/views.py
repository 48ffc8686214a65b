from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import User, UserQuerySet
from core.forms import apply_service_errors
from core.http import AuthenticatedRequest
from core.uploads import serve_stored
from establishments.access import establishment_for_user, writable_services
from establishments.models import Establishment
from people.models import Person
from stays.models import Stay

from . import services
from .access import (
    action_for_user,
    appointment_for_user,
    check_accompaniment_access,
    document_for_user,
    handover_for_user,
    note_for_user,
    objective_for_user,
    person_for_accompaniment,
    registration_for_user,
    session_for_user,
    stay_document_for_user,
    stay_for_accompaniment,
    workshop_for_user,
)
from .calendar import calendar_text
from .dashboard import dashboard as dashboard_data
from .deadlines import document_statuses, overdue_documents
from .enums import LifeDomain, StayDocumentKind, StepKind
from .forms import (
    ActionDoneForm,
    ActionForm,
    AppointmentForm,
    AttendanceForm,
    ConfirmForm,
    ContactForm,
    CoReferentForm,
    DiagnosisForm,
    DocumentForm,
    HandoverForm,
    NoteCorrectForm,
    NoteForm,
    ObjectiveForm,
    ObjectiveUpdateForm,
    OverdueFilterForm,
    RegistrationForm,
    ReminderTemplateForm,
    ReviewForm,
    SessionAttendanceForm,
    SessionForm,
    StayDocumentForm,
    StayTermsForm,
    StepForm,
    WorkshopForm,
)
from .models import (
    Appointment,
    CalendarFeed,
    ContactPreference,
    DiagnosisEntry,
    PersonDocument,
    ProjectReview,
    ReminderTemplate,
    StayDocument,
    StayTerms,
    Step,
    Workshop,
)
from .project import project_context

_T = TypeVar("_T")


def _page(
    request: AuthenticatedRequest,
    form: forms.Form,
    *,
    title: str,
    back: str,
    person: Person | None = None,
    **extra: Any,
) -> HttpResponse:
    return render(
        request, "accompaniment/form_page.html", {"form": form, "title": title, "back": back, "person": person, **extra}
    )


def _person_back(person: Person, anchor: str = "accompagnement") -> str:
    return reverse("dossier:person", args=[person.pk]) + f"#{anchor}"


def _project_back(person: Person) -> str:
    return reverse("accompaniment:project", args=[person.pk])


def _save(
    request: AuthenticatedRequest, form: forms.Form, call: Callable[[dict[str, Any]], _T], success: str
) -> _T | None:
    """Run the service on a valid POSTed form; returns what it wrote, or None if the form has errors."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
    messages.success(request, success)
    return result


# --- Dashboard and overdue documents -------------------------------------------------------------------------------


@require_GET
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    check_accompaniment_access(request.user)
    context = dashboard_data(request.user)
    context["reminder_establishments"] = Establishment.objects.visible_to(request.user).filter(
        pk__in=writable_services(request.user).values("establishment")
    )
    return render(request, "accompaniment/dashboard.html", context)


@require_GET
def overdue(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    check_accompaniment_access(user)
    establishments = Establishment.objects.visible_to(user).order_by("name")
    stays = Stay.objects.visible_to(user)
    referents = User.objects.filter(referred_persons__stays__in=stays).distinct().order_by("last_name")
    form = OverdueFilterForm(request.GET or None, establishments=establishments, referents=referents)
    if form.is_valid():
        if form.cleaned_data["establishment"]:
            stays = stays.filter(service__establishment=form.cleaned_data["establishment"])
        if form.cleaned_data["referent"]:
            stays = stays.filter(person__referent=form.cleaned_data["referent"])
    items = overdue_documents(stays, today=timezone.localdate())
    by_establishment: dict[str, int] = {}
    by_referent: dict[str, int] = {}
    for item in items:
        by_establishment[item.stay.service.establishment.name] = (
            by_establishment.get(item.stay.service.establishment.name, 0) + 1
        )
        name = str(item.stay.person.referent or "Sans référent")
        by_referent[name] = by_referent.get(name, 0) + 1
    return render(
        request,
        "accompaniment/overdue.html",
        {
            "form": form,
            "items": items,
            "by_establishment": sorted(by_establishment.items()),
            "by_referent": sorted(by_referent.items()),
        },
    )


# --- Personalised project ------------------------------------------------------------------------------------------


@require_GET
def project(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_accompaniment(request.user, pk)
    context = project_context(request.user, person)
    context["stay_documents"] = document_statuses(
        Stay.objects.visible_to(request.user).filter(person=person, end_date__isnull=True), today=timezone.localdate()
    )
    return render(request, "accompaniment/project.html", context)


@require_GET
def project_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_accompaniment(request.user, pk)
    import weasyprint

    html = render_to_string("accompaniment/project_pdf.html", project_context(request.user, person), request=request)
    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    services.document_download_logged(document=person, person=person, acting_user=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="projet-personnalise-{person.pk}.pdf"'
    return response


def diagnosis_edit(request: AuthenticatedRequest, pk: int, domain: str) -> HttpResponse:
    person = person_for_accompaniment(request.user, pk, write=True)
    if domain not in LifeDomain.values:
        raise Http404
    entry = DiagnosisEntry.objects.filter(person=person, domain=domain).first()
    initial = {"person_words": entry.person_words, "assessment": entry.assessment} if entry else None
    form = DiagnosisForm(request.POST or None, initial=initial)
    if _save(
        request,
        form,
        lambda d: services.diagnosis_write(person=person, domain=domain, acting_user=request.user, **d),
        "Diagnostic enregistré.",
    ):
        return redirect(_project_back(person))
    return _page(
        request, form, title=f"Diagnostic : {LifeDomain(domain).label}", back=_project_back(person), person=person
    )


def objective_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_accompaniment(request.user, pk, write=True)
    form = ObjectiveForm(request.POST or None, initial={"agreed_on": timezone.localdate()})
    objective = _save(
        request,
        form,
        lambda d: services.objective_create(person=person, acting_user=request.user, **d),
        "Objectif enregistré.",
    )
    if objective:
        return redirect("accompaniment:action_create", pk=objective.pk)
    return _page(request, form, title="Convenir d'un objectif", back=_project_back(person), person=person)


def objective_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    objective = objective_for_user(request.user, pk, write=True)
    form = ObjectiveUpdateForm(
        request.POST or None, initial={"status": objective.status, "review_date": objective.review_date}
    )
    if _save(
        request,
        form,
        lambda d: services.objective_update(objective=objective, acting_user=request.user, **d),
        "Objectif mis à jour.",
    ):
        return redirect(_project_back(objective.person))
    return _page(
        request, form, title=f"Objectif : {objective}", back=_project_back(objective.person), person=objective.person
    )


def action_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    objective = objective_for_user(request.user, pk, write=True)
    form = ActionForm(request.POST or None)
    if _save(
        request,
        form,
        lambda d: services.action_create(objective=objective, acting_user=request.user, **d),
        "Action enregistrée.",
    ):
        return redirect(_project_back(objective.person))
    return _page(
        request,
        form,
        title=f"Ajouter une action à l'objectif « {objective} »",
        back=_project_back(objective.person),
        person=objective.person,
    )


def action_done(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = action_for_user(request.user, pk, write=True)
    person = action.objective.person
    form = ActionDoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if _save(
        request,
        form,
        lambda d: services.action_done(action=action, acting_user=request.user, **d),
        "Action notée comme faite.",
    ):
        return redirect(_project_back(person))
    return _page(request, form, title=f"Action faite : {action}", back=_project_back(person), person=person)


def review_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_accompaniment(request.user, pk, write=True)
    form = ReviewForm(request.POST or None, initial={"date": timezone.localdate()})

    def call(d: dict[str, Any]) -> ProjectReview:
        stay = Stay.objects.visible_to(request.user).filter(person=person).order_by("-start_date").first()
        return services.review_record(person=person, stay=stay, acting_user=request.user, **d)

    if _save(request, form, call, "Bilan enregistré."):
        return redirect(_project_back(person))
    return _page(request, form, title="Enregistrer un bilan", back=_project_back(person), person=person)


def step_edit(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    person = person_for_accompaniment(request.user, pk, write=True)
    if kind not in StepKind.values:
        raise Http404
    step = Step.objects.filter(person=person, kind=kind).first()
    initial: dict[str, Any] = {"status_date": timezone.localdate()}
    if step:
        initial.update(status=step.status, due_date=step.due_date, comment=step.comment)
    form = StepForm(request.POST or None, initial=initial)
    if _save(
        request,
        form,
        lambda d: services.step_set(person=person, kind=kind, acting_user=request.user, **d),
        "Démarche mise à jour.",
    ):
        return redirect(_project_back(person) + "#demarches")
    return _page(request, form, title=f"Démarche : {StepKind(kind).label}", back=_project_back(person), person=person)


def stay_terms(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = stay_for_accompaniment(request.user, pk, write=True)
    terms = StayTerms.objects.filter(stay=stay).first()
    form = StayTermsForm(request.POST or None, initial={"planned_end_date": terms.planned_end_date if terms else None})
    if _save(
        request,
        form,
        lambda d: services.stay_terms_set(stay=stay, acting_user=request.user, **d),
        "Durée prévue enregistrée.",
    ):
        return redirect(_project_back(stay.person))
    return _page(
        request,
        form,
        title=f"Durée prévue du séjour : {stay.service}",
        back=_project_back(stay.person),
        person=stay.person,
    )


def stay_document(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    stay = stay_for_accompaniment(request.user, pk, write=True)
    if kind not in StayDocumentKind.values:
        raise Http404
    document = StayDocument.objects.filter(stay=stay, kind=kind).first()
    initial = {"handed_on": document.handed_on, "signed_on": document.signed_on} if document else None
    form = StayDocumentForm(request.POST or None, request.FILES or None, initial=initial)
    if _save(
        request,
        form,
        lambda d: services.stay_document_record(stay=stay, kind=kind, acting_user=request.user, **d),
        "Document du séjour enregistré.",
    ):
        return redirect(_project_back(stay.person))
    return _page(
        request,
        form,
        title=f"{StayDocumentKind(kind).label} — {stay.service}",
        back=_project_back(stay.person),
        person=stay.person,
    )


@require_GET
def stay_document_scan(request: AuthenticatedRequest, pk: int) -> FileResponse:
    document = stay_document_for_user(request.user, pk)
    if not document.scan_path:
        raise Http404
    services.document_download_logged(document=document, person=document.stay.person, acting_user=request.user)
    return serve_stored(
        document.scan_path, download_name=f"{document.kind}-{document.stay_id}{_ext(document.scan_path)}"
    )


def _ext(path: str) -> str:
    return "." + path.rsplit(".", 1)[-1] if "." in path else ""


# --- Appointments --------------------------------------------------------------------------------------------------


def appointment_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_accompaniment(request.user, pk, write=True)
    form = AppointmentForm(request.POST or None)
    if _save(
        request,
        form,
        lambda d: services.appointment_book(person=person, acting_user=request.user, **d),
        "Rendez-vous enregistré.",
    ):
        return redirect(_person_back(person))
    contact = ContactPreference.objects.filter(person=person).first()
    intro = (
        "Rappel possible : la personne a donné son accord."
        if contact and contact.consent
        else "Pour un rappel par SMS ou courriel, enregistrez d'abord les coordonnées et l'accord de la personne."
    )
    return _page(request, form, title="Prendre un rendez-vous", back=_person_back(person), person=person, intro=intro)


def appointment_attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    appointment = appointment_for_user(request.user, pk, write=True)
    form = AttendanceForm(request.POST or None)
    if _save(
        request,
        form,
        lambda d: services.appointment_attendance(appointment=appointment, acting_user=request.user, **d),
        "Présence enregistrée.",
    ):
        return redirect(_person_back(appointment.person))
    return _page(
        request,
        form,
        title=f"Présence : {appointment}",
        back=_person_back(appointment.person),
        person=appointment.person,
    )


def appointment_remind(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    appointment = appointment_for_user(request.user, pk, write=True)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if _save(
        request,
        form,
        lambda d: services.reminder_send(appointment=appointment, acting_user=request.user),
        "Rappel envoyé.",
    ):
        return redirect(_person_back(appointment.person))
    intro = "Message : " + services.reminder_text(appointment)
    return _page(
        request,
        form,
        title=f"Envoyer le rappel : {appointment}",
        back=_person_back(appointment.person),
        person=appointment.person,
        intro=intro,
        submit_label="Envoyer le rappel",
    )


@require_GET
def agenda(request: AuthenticatedRequest) -> HttpResponse:
    check_accompaniment_access(request.user)
    today = timezone.localdate()
    since = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=7), datetime.time.min))
    appointments = (
        Appointment.objects.filter(worker=request.user, starts_at__gte=since)
        .select_related("person")
        .order_by("starts_at")
    )
    feed = CalendarFeed.objects.filter(user=request.user).first()
    feed_url = request.build_absolute_uri(reverse("accompaniment:calendar_feed", args=[feed.token])) if feed else ""
    return render(request, "accompaniment/agenda.html", {"appointments": appointments[:200], "feed_url": feed_url})


def calendar_feed_token(request: AuthenticatedRequest) -> HttpResponse:
    # Creating the secret address is a write: read-only roles (head office) get 403, as on every write.
    check_accompaniment_access(request.user, write=True)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    has_feed = CalendarFeed.objects.filter(user=request.user).exists()
    if _save(
        request,
        form,
        lambda d: services.calendar_feed_for(user=request.user, renew=has_feed),
        "Adresse de l'agenda créée." if not has_feed else "Adresse de l'agenda renouvelée (l'ancienne ne marche plus).",
    ):
        return redirect("accompaniment:agenda")
    return _page(
        request,
        form,
        title="Adresse secrète de mon agenda (iCalendar)",
        back=reverse("accompaniment:agenda"),
        intro="Toute personne qui a cette adresse voit vos rendez-vous : ne la partagez pas.",
        submit_label="Renouveler l'adresse" if has_feed else "Créer l'adresse",
    )


@login_not_required
@require_GET
def calendar_feed(request: AuthenticatedRequest, token: str) -> HttpResponse:
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    since = timezone.now() - datetime.timedelta(days=31)
    appointments = Appointment.objects.filter(worker=feed.user, starts_at__gte=since).select_related("person")
    response = HttpResponse(
        calendar_text(appointments, host=request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    return response


def contact_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_accompaniment(request.user, pk, write=True)
    contact = ContactPreference.objects.filter(person=person).first()
    initial = (
        {"phone": contact.phone, "email": contact.email, "consent": contact.consent, "consent_on": contact.consent_on}
        if contact
        else None
    )
    form = ContactForm(request.POST or None, initial=initial)
    if _save(
        request,
        form,
        lambda d: services.contact_set(person=person, acting_user=request.user, **d),
        "Coordonnées enregistrées.",
    ):
        return redirect(_person_back(person))
    return _page(
        request, form, title="Coordonnées et accord pour les rappels", back=_person_back(person), person=person
    )


def reminder_template(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    establishment = establishment_for_user(request.user, pk)
    check_accompaniment_access(request.user, write=True)
    if not writable_services(request.user).filter(establishment=establishment).exists():
        raise PermissionDenied
    template = ReminderTemplate.objects.filter(establishment=establishment).first()
    form = ReminderTemplateForm(
        request.POST or None, initial={"text": template.text if template else services.DEFAULT_REMINDER_TEXT}
    )
    if _save(
        request,
        form,
        lambda d: services.reminder_template_set(establishment=establishment, acting_user=request.user, **d),
        "Texte du rappel enregistré.",
    ):
        return redirect("overview:establishment", pk=establishment.pk)
    return _page(
        request,
        form,
        title=f"Texte des rappels de rendez-vous — {establishment}",
        back=reverse("overview:establishment", args=[establishment.pk]),
    )


# --- Workshops -----------------------------------------------------------------------------------------------------


@require_GET
def workshops(request: AuthenticatedRequest) -> HttpResponse:
    check_accompaniment_access(request.user)
    qs = Workshop.objects.visible_to(request.user).annotate(
        session_count=Count("sessions", distinct=True),
        present_count=Count("sessions__registrations", filter=Q(sessions__registrations__attendance="present")),
    )
    return render(
        request,
        "accompaniment/workshops.html",
        {"workshops": qs, "can_write": request.user.writes_records},
    )


def workshop_create(request: AuthenticatedRequest) -> HttpResponse:
    check_accompaniment_access(request.user, write=True)
    form = WorkshopForm(request.POST or None, services=writable_services(request.user))
    workshop = _save(
        request,
        form,
        lambda d: services.workshop_create(acting_user=request.user, **d),
        "Atelier créé.",
    )
    if workshop:
        return redirect("accompaniment:workshop_detail", pk=workshop.pk)
    return _page(request, form, title="Nouvel atelier collectif", back=reverse("accompaniment:workshops"))


@require_GET
def workshop_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    workshop = workshop_for_user(request.user, pk)
    sessions = workshop.sessions.annotate(
        registered=Count("registrations"),
        present=Count("registrations", filter=Q(registrations__attendance="present")),
    )
    per_person = (
        Person.objects.filter(workshop_registrations__session__workshop=workshop)
        .annotate(
            present=Count(
                "workshop_registrations",
                filter=Q(
                    workshop_registrations__attendance="present",
                    workshop_registrations__session__workshop=workshop,
                ),
            )
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
    return render(
        request,
        "accompaniment/workshop_detail.html",
        {
            "workshop": workshop,
            "sessions": sessions,
            "per_person": per_person,
            "can_write": request.user.writes_records,
        },
    )


def session_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    workshop = workshop_for_user(request.user, pk, write=True)
    form = SessionForm(request.POST or None)
    session = _save(
        request,
        form,
        lambda d: services.session_create(workshop=workshop, acting_user=request.user, **d),
        "Séance ajoutée.",
    )
    if session:
        return redirect("accompaniment:session_detail", pk=session.pk)
    return _page(
        request, form, title=f"Nouvelle séance : {workshop}", back=reverse("accompaniment:workshop_detail", args=[pk])
    )


def session_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = session_for_user(request.user, pk, write=request.method == "POST")
    people = (
        Person.objects.visible_to(request.user)
        .filter(stays__service__establishment=session.workshop.service.establishment, stays__end_date__isnull=True)
        .distinct()
        .order_by("last_name", "first_name")
    )
    form = RegistrationForm(request.POST or None, people=people)
    if _save(
        request,
        form,
        lambda d: services.registration_create(session=session, acting_user=request.user, **d),
        "Inscription enregistrée.",
    ):
        return redirect("accompaniment:session_detail", pk=session.pk)
    registrations = session.registrations.select_related("person").order_by("person__last_name")
    return render(
        request,
        "accompaniment/session_detail.html",
        {
            "session": session,
            "registrations": registrations,
            "form": form,
            "attendance_form": SessionAttendanceForm(),
            "can_write": request.user.writes_records,
        },
    )


def registration_attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    registration = registration_for_user(request.user, pk, write=True)
    form = SessionAttendanceForm(request.POST or None, initial={"attendance": registration.attendance})
    if _save(
        request,
        form,
        lambda d: services.registration_attendance(registration=registration, acting_user=request.user, **d),
        "Présence enregistrée.",
    ):
        return redirect("accompaniment:session_detail", pk=registration.session_id)
    return _page(
        request,
        form,
        title=f"Présence de {registration.person} — {registration.session}",
        back=reverse("accompaniment:session_detail", args=[registration.session_id]),
    )


# --- Notes ---------------------------------------------------------------------------------------------------------


def note_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_accompaniment(request.user, pk, write=True)
    form = NoteForm(request.POST or None, user=request.user)
    if _save(
        request,
        form,
        lambda d: services.note_write(person=person, acting_user=request.user, **d),
        "Note enregistrée.",
    ):
        return redirect(_person_back(person, "notes"))
    return _page(request, form, title="Écrire une note", back=_person_back(person, "notes"), person=person)


@require_GET
def note_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    note = note_for_user(request.user, pk)
    return render(
        request,
        "accompaniment/note_detail.html",
        {"note": note, "versions": note.versions.select_related("written_by").order_by("-number")},
    )


def note_correct(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    note = note_for_user(request.user, pk, write=True)
    form = NoteCorrectForm(request.POST or None, initial={"text": note.current.text})
    if _save(
        request,
        form,
        lambda d: services.note_correct(note=note, acting_user=request.user, **d),
        "Note corrigée (la version précédente reste consultable).",
    ):
        return redirect("accompaniment:note_detail", pk=note.pk)
    return _page(
        request,
        form,
        title="Corriger la note",
        back=reverse("accompaniment:note_detail", args=[note.pk]),
        person=note.person,
        intro="Une note n'est jamais effacée : la correction crée une nouvelle version, l'ancienne reste visible.",
    )


# --- Referents and hand-overs --------------------------------------------------------------------------------------


def _colleagues(user: User, person: Person) -> UserQuerySet:
    users = User.objects.visible_to(user).record_writers().exclude(pk=person.referent_id or 0)
    return users.prefetch_related("establishments").order_by("last_name")


def co_referent_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_accompaniment(request.user, pk, write=True)
    form = CoReferentForm(request.POST or None, users=_colleagues(request.user, person))
    if _save(
        request,
        form,
        lambda d: services.co_referent_add(person=person, acting_user=request.user, **d),
        "Co-référent ajouté.",
    ):
        return redirect(_person_back(person))
    return _page(request, form, title="Ajouter un co-référent", back=_person_back(person), person=person)


def handover_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_accompaniment(request.user, pk, write=True)
    users = (
        User.objects.record_writers()
        .exclude(pk=person.referent_id or 0)
        .prefetch_related("establishments")
        .order_by("last_name")
    )
    form = HandoverForm(request.POST or None, users=users, establishments=Establishment.objects.order_by("name"))
    handover = _save(
        request,
        form,
        lambda d: services.handover_create(person=person, acting_user=request.user, **d),
        "Passage de relais enregistré : le nouveau référent doit en prendre connaissance.",
    )
    if handover:
        return redirect("accompaniment:handover_detail", pk=handover.pk)
    return _page(
        request,
        form,
        title=f"Passer le relais pour {person}",
        back=_person_back(person),
        person=person,
        summary=services.handover_summary(person),
        intro="La synthèse ci-dessous (objectifs en cours, démarches ouvertes, prochains rendez-vous, obligations "
        "judiciaires) sera transmise au nouveau référent.",
    )


def handover_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    handover = handover_for_user(request.user, pk, write=request.method == "POST")
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if _save(
        request,
        form,
        lambda d: services.handover_acknowledge(handover=handover, acting_user=request.user),
        "Passage de relais pris en compte.",
    ):
        return redirect("accompaniment:handover_detail", pk=handover.pk)
    sees_person = Person.objects.visible_to(request.user).filter(pk=handover.person_id).exists()
    return render(
        request,
        "accompaniment/handover_detail.html",
        {"handover": handover, "form": form, "sees_person": sees_person},
    )


# --- Documents -----------------------------------------------------------------------------------------------------


def document_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_accompaniment(request.user, pk, write=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if _save(
        request,
        form,
        lambda d: services.document_upload(person=person, acting_user=request.user, **d),
        "Document déposé.",
    ):
        return redirect(_person_back(person, "documents"))
    return _page(request, form, title="Déposer un document", back=_person_back(person, "documents"), person=person)


@require_GET
def document_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    document: PersonDocument = document_for_user(request.user, pk)
    services.document_download_logged(document=document, person=document.person, acting_user=request.user)
    return serve_stored(document.path, download_name=f"{document.kind}-{document.pk}{_ext(document.path)}")
