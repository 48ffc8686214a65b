"""Writes of the accompaniment: keyword-only, atomic, audited."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from audit.enums import AuditAction
from audit.services import audit_create, audit_update, audit_write, snapshot
from core.uploads import delete_stored, store_upload
from establishments.models import Establishment, Service
from events.enums import EventKind
from events.services import event_record
from justice.models import JusticeMeasure
from people.models import Person
from stays.models import Stay

from .enums import (
    EXPIRING_DOCUMENT_KINDS,
    OPEN_STEP_STATUSES,
    Attendance,
    Confidentiality,
    LifeDomain,
    ObjectiveStatus,
    Partner,
    PersonDocumentKind,
    ReminderChannel,
    ReviewKind,
    SessionAttendance,
    StayDocumentKind,
    StepKind,
    StepStatus,
    WorkshopTheme,
)
from .models import (
    Appointment,
    CalendarFeed,
    ContactPreference,
    CoReferent,
    DiagnosisEntry,
    Handover,
    Note,
    NoteVersion,
    Objective,
    ObjectiveAction,
    PersonDocument,
    ProjectReview,
    Registration,
    ReminderTemplate,
    SentReminder,
    StayDocument,
    StayTerms,
    Step,
    Workshop,
    WorkshopSession,
)

DEFAULT_REMINDER_TEXT = (
    "Bonjour {prenom}, rappel de votre rendez-vous le {date} à {heure} ({lieu}) : {objet}. "
    "En cas d'empêchement, prévenez {etablissement}."
)


def _today() -> datetime.date:
    return timezone.localdate()


def _require(errors: dict[str, str], field: str, value: Any, label: str) -> None:
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        errors[field] = f"« {label} » est obligatoire."


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _team_establishment(user: User, person: Person, on: datetime.date | None = None) -> Establishment | None:
    """The establishment whose team follows the person for this user: the person's ongoing stay in the user's
    establishments, else the user's (first) establishment, else the person's ongoing stay or home establishment."""
    on = on or _today()
    own = Stay.objects.visible_to(user).ongoing_on(on).filter(person=person).select_related("service__establishment")
    if (stay := own.first()) is not None:
        return stay.service.establishment
    if not user.sees_all_establishments:
        first = user.establishments.order_by("pk").first()
        if first is not None:
            return first
    any_stay = Stay.objects.filter(person=person).select_related("service__establishment").order_by("-start_date")
    if (stay := any_stay.first()) is not None:
        return stay.service.establishment
    return person.home_establishment


def _service_for(user: User, person: Person, on: datetime.date) -> Service | None:
    stays = Stay.objects.visible_to(user).ongoing_on(on).filter(person=person).select_related("service")
    stay = stays.order_by("-start_date").first()
    return stay.service if stay else None


# --- Stay documents ------------------------------------------------------------------------------------------------


@transaction.atomic
def stay_terms_set(*, stay: Stay, planned_end_date: datetime.date | None, acting_user: User) -> StayTerms:
    if planned_end_date is not None and planned_end_date < stay.start_date:
        raise ValidationError({"planned_end_date": "La fin prévue ne peut pas précéder l'entrée."})
    terms = StayTerms.objects.filter(stay=stay).first()
    if terms is None:
        terms = StayTerms.objects.create(stay=stay, planned_end_date=planned_end_date)
        audit_create(actor=acting_user, obj=terms, person=stay.person)
    else:
        before = snapshot(terms, ["planned_end_date"])
        terms.planned_end_date = planned_end_date
        terms.save(update_fields=["planned_end_date"])
        audit_update(actor=acting_user, obj=terms, before=before, person=stay.person)
    return terms


@transaction.atomic
def stay_document_record(
    *,
    stay: Stay,
    kind: str,
    acting_user: User,
    handed_on: datetime.date | None = None,
    signed_on: datetime.date | None = None,
    scan: UploadedFile | None = None,
) -> StayDocument:
    errors: dict[str, str] = {}
    if kind not in StayDocumentKind.values:
        errors["kind"] = f"Document inconnu ({kind})."
    today = _today()
    for field, value, label in (("handed_on", handed_on, "Remis le"), ("signed_on", signed_on, "Signé le")):
        if value is not None and value > today:
            errors[field] = f"« {label} » ne peut pas être dans le futur."
        elif value is not None and value < stay.start_date:
            errors[field] = f"« {label} » ne peut pas précéder l'entrée ({stay.start_date:%d/%m/%Y})."
    if signed_on and handed_on and signed_on < handed_on:
        errors["signed_on"] = "« Signé le » ne peut pas précéder la remise."
    if signed_on and not handed_on:
        errors["handed_on"] = "« Remis le » est obligatoire pour un document signé."
    _raise(errors)
    document = StayDocument.objects.filter(stay=stay, kind=kind).first()
    fields = ["handed_on", "signed_on", "scan_path", "scan_content_type"]
    path, content_type = ("", "")
    if scan is not None:
        path, content_type = store_upload(scan, folder=f"stays/{stay.pk}", field="scan")
    if document is None:
        document = StayDocument.objects.create(
            stay=stay,
            kind=kind,
            handed_on=handed_on,
            signed_on=signed_on,
            scan_path=path,
            scan_content_type=content_type,
        )
        audit_create(actor=acting_user, obj=document, person=stay.person)
        return document
    before = snapshot(document, fields)
    document.handed_on = handed_on
    document.signed_on = signed_on
    if scan is not None:
        document.scan_path, document.scan_content_type = path, content_type
    document.save(update_fields=fields)
    audit_update(actor=acting_user, obj=document, before=before, person=stay.person)
    return document


# --- Diagnosis, objectives, reviews --------------------------------------------------------------------------------


@transaction.atomic
def diagnosis_write(
    *, person: Person, domain: str, person_words: str, assessment: str, acting_user: User
) -> DiagnosisEntry:
    if domain not in LifeDomain.values:
        raise ValidationError({"domain": f"Domaine inconnu ({domain})."})
    if not person_words.strip() and not assessment.strip():
        raise ValidationError({"person_words": "Écrivez au moins les mots de la personne ou votre évaluation."})
    entry = DiagnosisEntry.objects.filter(person=person, domain=domain).first()
    if entry is None:
        entry = DiagnosisEntry.objects.create(
            person=person,
            domain=domain,
            person_words=person_words.strip(),
            assessment=assessment.strip(),
            updated_by=acting_user,
        )
        audit_create(actor=acting_user, obj=entry, person=person)
        return entry
    before = snapshot(entry, ["person_words", "assessment", "updated_by_id"])
    entry.person_words, entry.assessment, entry.updated_by = person_words.strip(), assessment.strip(), acting_user
    entry.save()
    audit_update(actor=acting_user, obj=entry, before=before, person=person)
    return entry


@transaction.atomic
def objective_create(
    *,
    person: Person,
    title: str,
    agreed_on: datetime.date,
    acting_user: User,
    domain: str = "",
    review_date: datetime.date | None = None,
) -> Objective:
    errors: dict[str, str] = {}
    _require(errors, "title", title, "Objectif")
    _require(errors, "agreed_on", agreed_on, "Convenu le")
    if domain and domain not in LifeDomain.values:
        errors["domain"] = f"Domaine inconnu ({domain})."
    if agreed_on and review_date and review_date < agreed_on:
        errors["review_date"] = "« Date de révision » ne peut pas précéder l'accord."
    _raise(errors)
    objective = Objective.objects.create(
        person=person,
        title=title.strip(),
        domain=domain,
        agreed_on=agreed_on,
        review_date=review_date,
        created_by=acting_user,
    )
    audit_create(actor=acting_user, obj=objective, person=person)
    return objective


@transaction.atomic
def objective_update(
    *, objective: Objective, status: str, review_date: datetime.date | None, acting_user: User
) -> Objective:
    if status not in ObjectiveStatus.values:
        raise ValidationError({"status": f"Statut inconnu ({status})."})
    if review_date and review_date < objective.agreed_on:
        raise ValidationError({"review_date": "« Date de révision » ne peut pas précéder l'accord."})
    before = snapshot(objective, ["status", "review_date"])
    objective.status, objective.review_date = status, review_date
    objective.save(update_fields=["status", "review_date"])
    audit_update(actor=acting_user, obj=objective, before=before, person=objective.person)
    return objective


@transaction.atomic
def action_create(
    *, objective: Objective, description: str, who: str, due_date: datetime.date, acting_user: User
) -> ObjectiveAction:
    errors: dict[str, str] = {}
    _require(errors, "description", description, "Action")
    _require(errors, "who", who, "Qui")
    _require(errors, "due_date", due_date, "Pour le")
    _raise(errors)
    action = ObjectiveAction.objects.create(
        objective=objective, description=description.strip(), who=who.strip(), due_date=due_date
    )
    audit_create(actor=acting_user, obj=action, person=objective.person)
    return action


@transaction.atomic
def action_done(*, action: ObjectiveAction, done_on: datetime.date, acting_user: User) -> ObjectiveAction:
    if done_on > _today():
        raise ValidationError({"done_on": "« Faite le » ne peut pas être dans le futur."})
    before = snapshot(action, ["done_on"])
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    audit_update(actor=acting_user, obj=action, before=before, person=action.objective.person)
    return action


@transaction.atomic
def review_record(
    *, person: Person, kind: str, date: datetime.date, summary: str, acting_user: User, stay: Stay | None = None
) -> ProjectReview:
    errors: dict[str, str] = {}
    if kind not in ReviewKind.values:
        errors["kind"] = f"Bilan inconnu ({kind})."
    _require(errors, "summary", summary, "Contenu du bilan")
    if date and date > _today():
        errors["date"] = "« Date » ne peut pas être dans le futur."
    _raise(errors)
    review = ProjectReview.objects.create(
        person=person, stay=stay, kind=kind, date=date, summary=summary.strip(), author=acting_user
    )
    audit_create(actor=acting_user, obj=review, person=person)
    return review


# --- Steps ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def step_set(
    *,
    person: Person,
    kind: str,
    status: str,
    status_date: datetime.date,
    acting_user: User,
    due_date: datetime.date | None = None,
    comment: str = "",
) -> Step:
    errors: dict[str, str] = {}
    if kind not in StepKind.values:
        errors["kind"] = f"Démarche inconnue ({kind})."
    if status not in StepStatus.values:
        errors["status"] = f"Statut inconnu ({status})."
    _require(errors, "status_date", status_date, "Date du statut")
    if status_date and status_date > _today():
        errors["status_date"] = "« Date du statut » ne peut pas être dans le futur."
    _raise(errors)
    step = Step.objects.filter(person=person, kind=kind).first()
    if step is None:
        step = Step.objects.create(
            person=person, kind=kind, status=status, status_date=status_date, due_date=due_date, comment=comment
        )
        audit_create(actor=acting_user, obj=step, person=person)
        return step
    fields = ["status", "status_date", "due_date", "comment"]
    before = snapshot(step, fields)
    step.status, step.status_date, step.due_date, step.comment = status, status_date, due_date, comment
    step.save(update_fields=fields)
    audit_update(actor=acting_user, obj=step, before=before, person=person)
    return step


# --- Appointments and reminders ------------------------------------------------------------------------------------


@transaction.atomic
def appointment_book(
    *,
    person: Person,
    starts_at: datetime.datetime,
    place: str,
    purpose: str,
    acting_user: User,
    worker: User | None = None,
    partner: str = "",
    duration_minutes: int = 60,
    reminder_channel: str = "",
) -> Appointment:
    errors: dict[str, str] = {}
    _require(errors, "starts_at", starts_at, "Date et heure")
    _require(errors, "place", place, "Lieu")
    _require(errors, "purpose", purpose, "Objet")
    if partner not in Partner.values:
        errors["partner"] = f"Partenaire inconnu ({partner})."
    if reminder_channel not in ReminderChannel.values:
        errors["reminder_channel"] = f"Canal inconnu ({reminder_channel})."
    if duration_minutes is None or duration_minutes < 5:
        errors["duration_minutes"] = "« Durée » : 5 minutes au moins."
    if reminder_channel and not errors:
        contact = ContactPreference.objects.filter(person=person).first()
        if contact is None or not contact.consent:
            errors["reminder_channel"] = "La personne n'a pas donné son accord pour recevoir des rappels."
        elif reminder_channel == ReminderChannel.SMS and not contact.phone:
            errors["reminder_channel"] = "Aucun numéro de téléphone n'est enregistré pour les rappels par SMS."
        elif reminder_channel == ReminderChannel.EMAIL and not contact.email:
            errors["reminder_channel"] = "Aucun courriel n'est enregistré pour les rappels par courriel."
    _raise(errors)
    appointment = Appointment.objects.create(
        person=person,
        worker=worker or acting_user,
        service=_service_for(acting_user, person, timezone.localtime(starts_at).date()),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        partner=partner,
        place=place.strip(),
        purpose=purpose.strip(),
        reminder_channel=reminder_channel,
    )
    audit_create(actor=acting_user, obj=appointment, person=person)
    return appointment


@transaction.atomic
def appointment_attendance(*, appointment: Appointment, attendance: str, acting_user: User) -> Appointment:
    """Record whether the appointment took place. An honoured appointment counts as an `entretien` event in the
    service of the person's stay (once: it cannot then be changed, the count is final)."""
    if attendance not in Attendance.values or attendance == Attendance.PREVU:
        raise ValidationError({"attendance": "« Présence » : choisissez honoré, manqué, excusé ou annulé."})
    day = timezone.localtime(appointment.starts_at).date()
    if attendance in (Attendance.HONORE, Attendance.MANQUE) and day > _today():
        raise ValidationError({"attendance": "Un rendez-vous à venir ne peut pas être noté honoré ou manqué."})
    if appointment.event_id is not None and attendance != Attendance.HONORE:
        raise ValidationError({"attendance": "Ce rendez-vous honoré est déjà compté : sa présence ne change plus."})
    before = snapshot(appointment, ["attendance", "event_id"])
    appointment.attendance = attendance
    if attendance == Attendance.HONORE and appointment.event_id is None and appointment.service is not None:
        appointment.event = event_record(
            service=appointment.service,
            date=day,
            kind=EventKind.ENTRETIEN,
            person=appointment.person,
            acting_user=acting_user,
        )
    appointment.save(update_fields=["attendance", "event"])
    audit_update(actor=acting_user, obj=appointment, before=before, person=appointment.person)
    return appointment


@transaction.atomic
def contact_set(
    *, person: Person, phone: str, email: str, consent: bool, acting_user: User, consent_on: datetime.date | None = None
) -> ContactPreference:
    errors: dict[str, str] = {}
    digits = "".join(c for c in phone if c.isdigit() or c == "+")
    if phone.strip() and len(digits.lstrip("+")) < 9:
        errors["phone"] = "« Téléphone portable » : numéro incomplet."
    if consent and not (digits or email.strip()):
        errors["consent"] = "Pour des rappels, enregistrez un téléphone ou un courriel."
    _raise(errors)
    consent_on = (consent_on or _today()) if consent else None
    contact = ContactPreference.objects.filter(person=person).first()
    if contact is None:
        contact = ContactPreference.objects.create(
            person=person, phone=digits, email=email.strip(), consent=consent, consent_on=consent_on
        )
        audit_create(actor=acting_user, obj=contact, person=person)
        return contact
    fields = ["phone", "email", "consent", "consent_on"]
    before = snapshot(contact, fields)
    contact.phone, contact.email, contact.consent, contact.consent_on = digits, email.strip(), consent, consent_on
    contact.save(update_fields=fields)
    audit_update(actor=acting_user, obj=contact, before=before, person=person)
    return contact


@transaction.atomic
def reminder_template_set(*, establishment: Establishment, text: str, acting_user: User) -> ReminderTemplate:
    if not text.strip():
        raise ValidationError({"text": "« Texte du rappel » est obligatoire."})
    try:
        text.format(**_placeholders_example())
    except (KeyError, IndexError, ValueError) as exc:
        raise ValidationError({"text": f"Champ inconnu dans le texte : {exc}."}) from exc
    template = ReminderTemplate.objects.filter(establishment=establishment).first()
    if template is None:
        template = ReminderTemplate.objects.create(establishment=establishment, text=text.strip())
        audit_create(actor=acting_user, obj=template)
        return template
    before = snapshot(template, ["text"])
    template.text = text.strip()
    template.save(update_fields=["text"])
    audit_update(actor=acting_user, obj=template, before=before)
    return template


def _placeholders_example() -> dict[str, str]:
    return {"prenom": "", "nom": "", "date": "", "heure": "", "lieu": "", "objet": "", "etablissement": ""}


def reminder_text(appointment: Appointment) -> str:
    establishment = appointment.service.establishment if appointment.service is not None else None
    template = ReminderTemplate.objects.filter(establishment=establishment).first() if establishment else None
    local = timezone.localtime(appointment.starts_at)
    return (template.text if template else DEFAULT_REMINDER_TEXT).format(
        prenom=appointment.person.first_name,
        nom=appointment.person.last_name,
        date=f"{local:%d/%m/%Y}",
        heure=f"{local:%H:%M}",
        lieu=appointment.place,
        objet=appointment.purpose,
        etablissement=establishment.name if establishment else "votre référent",
    )


@transaction.atomic
def reminder_send(*, appointment: Appointment, acting_user: User | None = None) -> SentReminder:
    """Send the appointment's reminder through the configured gateway and record it."""
    from .reminders import get_gateway

    contact = ContactPreference.objects.filter(person=appointment.person).first()
    if not appointment.reminder_channel:
        raise ValidationError("Ce rendez-vous n'a pas de rappel demandé.")
    if contact is None or not contact.consent:
        raise ValidationError("La personne n'a pas (ou plus) donné son accord pour recevoir des rappels.")
    recipient = contact.phone if appointment.reminder_channel == ReminderChannel.SMS else contact.email
    if not recipient:
        raise ValidationError("Aucune coordonnée pour ce canal de rappel.")
    text = reminder_text(appointment)
    gateway = get_gateway()
    label = gateway.send(channel=appointment.reminder_channel, recipient=recipient, text=text)
    sent = SentReminder.objects.create(
        appointment=appointment, channel=appointment.reminder_channel, recipient=recipient, text=text, gateway=label
    )
    audit_create(actor=acting_user, obj=sent, person=appointment.person)
    return sent


def due_reminders(*, now: datetime.datetime, hours_ahead: int = 48) -> QuerySet[Appointment]:
    """Appointments still planned within the next `hours_ahead` hours, with a reminder asked and none sent."""
    return (
        Appointment.objects.filter(
            attendance=Attendance.PREVU,
            starts_at__gt=now,
            starts_at__lte=now + datetime.timedelta(hours=hours_ahead),
            reminders__isnull=True,
        )
        .exclude(reminder_channel="")
        .select_related("person", "service__establishment")
    )


def send_due_reminders(*, now: datetime.datetime, hours_ahead: int = 48) -> tuple[int, list[str]]:
    """Send every due reminder (`due_reminders`), each in its own transaction: the number sent, and why the others
    could not be (one line per appointment, no personal data)."""
    sent, problems = 0, []
    for appointment in due_reminders(now=now, hours_ahead=hours_ahead):
        try:
            with transaction.atomic():
                reminder_send(appointment=appointment)
        except ValidationError as exc:
            problems.append(f"Rendez-vous {appointment.pk} : {' '.join(exc.messages)}")
        else:
            sent += 1
    return sent, problems


@transaction.atomic
def calendar_feed_for(*, user: User, renew: bool = False) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        feed = CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
        audit_write(actor=user, action=AuditAction.CREATE, obj=feed, detail="jeton d'agenda créé")
    elif renew:
        feed.token = secrets.token_urlsafe(32)
        feed.save(update_fields=["token"])
        audit_write(actor=user, action=AuditAction.UPDATE, obj=feed, detail="jeton d'agenda renouvelé")
    return feed


# --- Workshops -----------------------------------------------------------------------------------------------------


@transaction.atomic
def workshop_create(*, service: Service, theme: str, title: str, acting_user: User) -> Workshop:
    errors: dict[str, str] = {}
    if theme not in WorkshopTheme.values:
        errors["theme"] = f"Thème inconnu ({theme})."
    _require(errors, "title", title, "Intitulé")
    _raise(errors)
    workshop = Workshop.objects.create(service=service, theme=theme, title=title.strip())
    audit_create(actor=acting_user, obj=workshop)
    return workshop


@transaction.atomic
def session_create(*, workshop: Workshop, date: datetime.date, acting_user: User, place: str = "") -> WorkshopSession:
    if date is None:
        raise ValidationError({"date": "« Date » est obligatoire."})
    session = WorkshopSession.objects.create(workshop=workshop, date=date, place=place.strip())
    audit_create(actor=acting_user, obj=session)
    return session


@transaction.atomic
def registration_create(*, session: WorkshopSession, person: Person, acting_user: User) -> Registration:
    if Registration.objects.filter(session=session, person=person).exists():
        raise ValidationError({"person": f"{person} est déjà inscrit(e) à cette séance."})
    registration = Registration.objects.create(session=session, person=person)
    audit_create(actor=acting_user, obj=registration, person=person)
    return registration


@transaction.atomic
def registration_attendance(*, registration: Registration, attendance: str, acting_user: User) -> Registration:
    """Presence at a session counts as an `atelier_collectif` event in the workshop's service (once, final)."""
    if attendance not in SessionAttendance.values:
        raise ValidationError({"attendance": f"Présence inconnue ({attendance})."})
    if attendance == SessionAttendance.PRESENT and registration.session.date > _today():
        raise ValidationError({"attendance": "Une séance à venir ne peut pas être notée présente."})
    if registration.event_id is not None and attendance != SessionAttendance.PRESENT:
        raise ValidationError({"attendance": "Cette présence est déjà comptée : elle ne change plus."})
    before = snapshot(registration, ["attendance", "event_id"])
    registration.attendance = attendance
    if attendance == SessionAttendance.PRESENT and registration.event_id is None:
        registration.event = event_record(
            service=registration.session.workshop.service,
            date=registration.session.date,
            kind=EventKind.ATELIER_COLLECTIF,
            person=registration.person,
            acting_user=acting_user,
        )
    registration.save(update_fields=["attendance", "event"])
    audit_update(actor=acting_user, obj=registration, before=before, person=registration.person)
    return registration


# --- Notes ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def note_write(
    *,
    person: Person,
    text: str,
    acting_user: User,
    confidentiality: str = Confidentiality.EQUIPE,
    date: datetime.date | None = None,
) -> Note:
    errors: dict[str, str] = {}
    _require(errors, "text", text, "Note")
    if confidentiality not in Confidentiality.values:
        errors["confidentiality"] = f"Confidentialité inconnue ({confidentiality})."
    elif confidentiality == Confidentiality.SANTE and not acting_user.sees_health:
        errors["confidentiality"] = "Seules les personnes habilitées aux données de santé écrivent une note santé."
    date = date or _today()
    if date > _today():
        errors["date"] = "« Date » ne peut pas être dans le futur."
    establishment = _team_establishment(acting_user, person)
    if establishment is None:
        errors["text"] = "Aucune équipe d'établissement ne suit cette personne : la note ne peut pas être rangée."
    _raise(errors)
    assert establishment is not None
    note = Note.objects.create(
        person=person, establishment=establishment, author=acting_user, confidentiality=confidentiality, date=date
    )
    version = NoteVersion.objects.create(note=note, number=1, text=text.strip(), written_by=acting_user)
    audit_create(actor=acting_user, obj=note, person=person, detail=f"version {version.number}")
    return note


@transaction.atomic
def note_correct(*, note: Note, text: str, reason: str, acting_user: User) -> NoteVersion:
    errors: dict[str, str] = {}
    _require(errors, "text", text, "Note")
    _require(errors, "reason", reason, "Motif de la correction")
    _raise(errors)
    last = note.versions.order_by("-number").first()
    assert last is not None
    if last.text == text.strip():
        raise ValidationError({"text": "Le texte est identique : rien à corriger."})
    version = NoteVersion.objects.create(
        note=note, number=last.number + 1, text=text.strip(), reason=reason.strip(), written_by=acting_user
    )
    audit_write(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=note,
        person=note.person,
        changes={"text": [f"version {last.number}", f"version {version.number}"]},
        detail=reason.strip(),
    )
    return version


# --- Referents and hand-overs --------------------------------------------------------------------------------------


@transaction.atomic
def co_referent_add(*, person: Person, user: User, acting_user: User) -> CoReferent:
    if person.referent_id == user.pk:
        raise ValidationError({"user": f"{user} est déjà le référent."})
    if CoReferent.objects.filter(person=person, user=user).exists():
        raise ValidationError({"user": f"{user} est déjà co-référent(e)."})
    co = CoReferent.objects.create(person=person, user=user, since=_today())
    audit_create(actor=acting_user, obj=co, person=person)
    return co


def handover_summary(person: Person, *, today: datetime.date | None = None) -> dict[str, list[str]]:
    """What the next referent must know: current objectives (with open actions), open steps, next appointments,
    open justice obligations. Plain strings, frozen in the hand-over."""
    today = today or _today()
    objectives = []
    for objective in Objective.objects.filter(person=person, status=ObjectiveStatus.EN_COURS).prefetch_related(
        "actions"
    ):
        open_actions = [a for a in objective.actions.all() if a.done_on is None]
        line = objective.title
        if objective.review_date:
            line += f" (révision le {objective.review_date:%d/%m/%Y})"
        if open_actions:
            line += " — actions : " + "; ".join(
                f"{a.description} ({a.who}, pour le {a.due_date:%d/%m/%Y})" for a in open_actions
            )
        objectives.append(line)
    steps = [
        f"{s.get_kind_display()} : {s.get_status_display()}"
        + (f" (échéance {s.due_date:%d/%m/%Y})" if s.due_date else "")
        for s in Step.objects.filter(person=person, status__in=OPEN_STEP_STATUSES)
    ]
    now = timezone.now()
    appointments = [
        f"{timezone.localtime(a.starts_at):%d/%m/%Y %H:%M} — {a.purpose} ({a.place})"
        for a in Appointment.objects.filter(person=person, starts_at__gte=now, attendance=Attendance.PREVU)[:20]
    ]
    obligations = [
        f"{m.get_measure_display()}"
        + (f" — {m.spip}" if m.spip else "")
        + (f" depuis le {m.start_date:%d/%m/%Y}" if m.start_date else "")
        for m in JusticeMeasure.objects.filter(person=person, end_date__isnull=True)
    ]
    return {"objectives": objectives, "steps": steps, "appointments": appointments, "justice": obligations}


@transaction.atomic
def handover_create(
    *,
    person: Person,
    to_user: User,
    acting_user: User,
    to_establishment: Establishment | None = None,
    message: str = "",
) -> Handover:
    errors: dict[str, str] = {}
    if to_user is None:
        errors["to_user"] = "« Nouveau référent » est obligatoire."
    elif to_user.pk == person.referent_id:
        errors["to_user"] = f"{to_user} est déjà le référent de cette personne."
    elif not to_user.writes_records or not to_user.is_active:
        errors["to_user"] = f"{to_user} ne peut pas être référent (rôle sans écriture)."
    elif to_establishment is not None:
        if not Establishment.objects.visible_to(to_user).filter(pk=to_establishment.pk).exists():
            errors["to_establishment"] = f"{to_user} ne travaille pas à {to_establishment}."
    elif not Person.objects.visible_to(to_user).filter(pk=person.pk).exists():
        errors["to_establishment"] = "Ce collègue ne voit pas encore la fiche : indiquez l'établissement d'accueil."
    _raise(errors)
    pending = Handover.objects.filter(person=person, acknowledged_at__isnull=True).first()
    if pending is not None:
        raise ValidationError(f"Un passage de relais vers {pending.to_user} attend encore sa prise en compte.")
    handover = Handover.objects.create(
        person=person,
        from_user=acting_user,
        to_user=to_user,
        to_establishment=to_establishment,
        message=message.strip(),
        summary=handover_summary(person),
    )
    audit_create(actor=acting_user, obj=handover, person=person)
    before = snapshot(person, ["referent_id"])
    person.referent = to_user
    person.save(update_fields=["referent"])
    audit_update(actor=acting_user, obj=person, before=before, person=person, detail="passage de relais")
    return handover


@transaction.atomic
def handover_acknowledge(*, handover: Handover, acting_user: User) -> Handover:
    if acting_user.pk != handover.to_user_id:
        raise ValidationError("Seul le nouveau référent peut prendre en compte ce passage de relais.")
    if handover.acknowledged_at is not None:
        raise ValidationError("Ce passage de relais est déjà pris en compte.")
    before = snapshot(handover, ["acknowledged_at"])
    handover.acknowledged_at = timezone.now()
    handover.save(update_fields=["acknowledged_at"])
    audit_update(actor=acting_user, obj=handover, before=before, person=handover.person)
    return handover


# --- Documents -----------------------------------------------------------------------------------------------------


@transaction.atomic
def document_upload(
    *,
    person: Person,
    upload: UploadedFile,
    kind: str,
    acting_user: User,
    title: str = "",
    expires_on: datetime.date | None = None,
) -> PersonDocument:
    errors: dict[str, str] = {}
    if kind not in PersonDocumentKind.values:
        errors["kind"] = f"Type inconnu ({kind})."
    elif kind in EXPIRING_DOCUMENT_KINDS and expires_on is None:
        errors["expires_on"] = "« Date d'expiration » est obligatoire pour ce type de document."
    if upload is None:
        errors["upload"] = "« Fichier » est obligatoire."
    _raise(errors)
    path, content_type = store_upload(upload, folder=f"people/{person.pk}", field="upload")
    try:
        document = PersonDocument.objects.create(
            person=person,
            kind=kind,
            title=title.strip(),
            expires_on=expires_on,
            path=path,
            content_type=content_type,
            original_name=(upload.name or "document")[:255],
            size=upload.size or 0,
            uploaded_by=acting_user,
        )
        audit_create(actor=acting_user, obj=document, person=person)
    except Exception:
        delete_stored(path)
        raise
    return document


def document_download_logged(*, document: models.Model, person: Person, acting_user: User) -> None:
    audit_write(actor=acting_user, action=AuditAction.DOWNLOAD, obj=document, person=person)
