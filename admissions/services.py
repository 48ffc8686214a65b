"""Admission requests: record, commission decisions, outcomes (admitted, reoriented, no-show, withdrawn).
Every write goes through these services, inside a transaction, with its audit row."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from audit.services import audit_create, audit_update, snapshot
from core.uploads import delete_stored, store_upload
from establishments.models import Establishment, Service
from people.models import Person
from people.services import person_create
from places.models import Unit
from places.services import admit
from stays.models import Stay

from .enums import CommissionChoice, Decision, MetAt, Prescriber, Priority, RequestOutcome
from .models import AdmissionRequest, CommissionSession, Detention, RefusalReason, RequestDocument

REQUEST_FIELDS = [
    "decision",
    "decided_on",
    "outcome",
    "outcome_on",
    "reoriented_to_service_id",
    "reoriented_request_id",
    "session_id",
    "refusal_reason_id",
    "decision_note",
    "expected_arrival",
    "stay_id",
]


def no_show_days() -> int:
    """Days past the expected arrival after which a favourable request is proposed as a no-show."""
    return int(getattr(settings, "PARCOURS_NO_SHOW_DAYS", 15))


def _locked(request: AdmissionRequest) -> AdmissionRequest:
    return (
        AdmissionRequest.objects.select_for_update()
        .select_related("service__establishment", "person")
        .get(pk=request.pk)
    )


@transaction.atomic
def detention_record(
    *,
    person: Person,
    establishment: Establishment,
    prison: str,
    met_on: datetime.date,
    acting_user: User,
    expected_release: datetime.date | None = None,
    current_measure: str = "",
    met_at: str = MetAt.DEMANDE,
    notes: str = "",
) -> Detention:
    errors = {}
    if not prison.strip():
        errors["prison"] = "« Établissement pénitentiaire » est obligatoire."
    if met_at not in MetAt.values:
        errors["met_at"] = f"Circonstance inconnue ({met_at})."
    if met_on > timezone.localdate():
        errors["met_on"] = "La date de la rencontre ne peut pas être dans le futur."
    if errors:
        raise ValidationError(errors)
    detention = Detention.objects.create(
        person=person,
        establishment=establishment,
        prison=prison.strip(),
        expected_release=expected_release,
        current_measure=current_measure.strip(),
        met_at=met_at,
        met_on=met_on,
        notes=notes.strip(),
    )
    audit_create(actor=acting_user, obj=detention, person=person)
    return detention


@transaction.atomic
def contact_record(
    *,
    establishment: Establishment,
    acting_user: User,
    last_name: str,
    first_name: str,
    sex: str,
    birth_date: datetime.date | None,
    prison: str,
    met_on: datetime.date,
    met_at: str = MetAt.PERMANENCE,
    expected_release: datetime.date | None = None,
    current_measure: str = "",
    notes: str = "",
) -> Detention:
    """A person met at office hours or a job forum in prison, before any request: the record starts here."""
    person = person_create(
        acting_user=acting_user,
        last_name=last_name,
        first_name=first_name,
        sex=sex,
        birth_date=birth_date,
        home_establishment=establishment,
    )
    return detention_record(
        person=person,
        establishment=establishment,
        prison=prison,
        met_on=met_on,
        met_at=met_at,
        expected_release=expected_release,
        current_measure=current_measure,
        notes=notes,
        acting_user=acting_user,
    )


@transaction.atomic
def document_add(*, request: AdmissionRequest, upload: UploadedFile, acting_user: User) -> RequestDocument:
    path, content_type = store_upload(upload, folder="admissions", field="document")
    try:
        document = RequestDocument.objects.create(
            request=request, name=(upload.name or "piece")[:200], path=path, content_type=content_type
        )
        audit_create(actor=acting_user, obj=document, person=request.person)
    except Exception:
        delete_stored(path)
        raise
    return document


@transaction.atomic
def request_record(
    *,
    person: Person,
    service: Service,
    received_on: datetime.date,
    prescriber: str,
    acting_user: User,
    organisation: str = "",
    contact: str = "",
    priority: str = Priority.NORMALE,
    remarks: str = "",
    documents: Sequence[UploadedFile] = (),
) -> AdmissionRequest:
    errors = {}
    if prescriber not in Prescriber.values:
        errors["prescriber"] = f"Prescripteur inconnu ({prescriber})."
    if priority not in Priority.values:
        errors["priority"] = f"Priorité inconnue ({priority})."
    if received_on > timezone.localdate():
        errors["received_on"] = "« Reçue le » ne peut pas être dans le futur."
    if errors:
        raise ValidationError(errors)
    request = AdmissionRequest.objects.create(
        person=person,
        service=service,
        received_on=received_on,
        prescriber=prescriber,
        organisation=organisation.strip(),
        contact=contact.strip(),
        priority=priority,
        remarks=remarks.strip(),
    )
    audit_create(actor=acting_user, obj=request, person=person)
    for upload in documents:
        document_add(request=request, upload=upload, acting_user=acting_user)
    return request


def _reorient(
    request: AdmissionRequest, *, to_service: Service | None, on: datetime.date, acting_user: User
) -> AdmissionRequest:
    """Create the request in the other service, linked to the first, whose outcome becomes `reoriente`."""
    if to_service is None:
        raise ValidationError({"to_service": "Choisissez le service vers lequel réorienter la demande."})
    if to_service.pk == request.service_id:
        raise ValidationError({"to_service": "Choisissez un autre service que celui de la demande."})
    new = AdmissionRequest.objects.create(
        person=request.person,
        service=to_service,
        received_on=on,
        prescriber=request.prescriber,
        organisation=request.organisation,
        contact=request.contact,
        priority=request.priority,
        remarks=f"Réorientée depuis « {request.service} » (demande du {request.received_on:%d/%m/%Y}).",
    )
    audit_create(actor=acting_user, obj=new, person=request.person, detail=f"Réorientation de la demande {request.pk}")
    request.outcome = RequestOutcome.REORIENTE
    request.outcome_on = on
    request.reoriented_to_service = to_service
    request.reoriented_request = new
    return new


@transaction.atomic
def commission_decide(
    *,
    request: AdmissionRequest,
    choice: str,
    decided_on: datetime.date,
    acting_user: User,
    session: CommissionSession | None = None,
    refusal_reason: RefusalReason | None = None,
    note: str = "",
    expected_arrival: datetime.date | None = None,
    to_service: Service | None = None,
) -> AdmissionRequest:
    """Favourable (with an expected arrival), unfavourable (with a reason from the list), or reorientation to
    another service: the commission agrees to accompany the person elsewhere, so the decision is recorded as
    favourable, the outcome as `reoriente`, and the request is created in the other service."""
    request = _locked(request)
    if request.decision != Decision.EN_ATTENTE:
        raise ValidationError(
            {"decision": f"Cette demande a déjà reçu une décision ({request.get_decision_display()})."}
        )
    if request.outcome != RequestOutcome.EN_ATTENTE:
        raise ValidationError({"decision": f"Cette demande est close ({request.get_outcome_display()})."})
    if choice not in CommissionChoice.values:
        raise ValidationError({"decision": f"Décision inconnue ({choice})."})
    if decided_on < request.received_on:
        raise ValidationError(
            {"decided_on": f"La décision ne peut pas précéder la demande (reçue le {request.received_on:%d/%m/%Y})."}
        )
    if choice == CommissionChoice.DEFAVORABLE and refusal_reason is None:
        raise ValidationError({"refusal_reason": "Un avis défavorable doit être motivé : choisissez un motif."})
    if expected_arrival is not None and expected_arrival < decided_on:
        raise ValidationError({"expected_arrival": "L'arrivée prévue ne peut pas précéder la décision."})
    before = snapshot(request, REQUEST_FIELDS)
    request.decided_on = decided_on
    request.session = session
    request.decision_note = note.strip()
    if choice == CommissionChoice.DEFAVORABLE:
        request.decision = Decision.DEFAVORABLE
        request.refusal_reason = refusal_reason
    else:
        request.decision = Decision.FAVORABLE
        request.expected_arrival = expected_arrival
    if choice == CommissionChoice.REORIENTATION:
        _reorient(request, to_service=to_service, on=decided_on, acting_user=acting_user)
    request.save()
    audit_update(actor=acting_user, obj=request, before=before, person=request.person)
    return request


@dataclass(frozen=True)
class SessionDecision:
    request: AdmissionRequest
    choice: str
    refusal_reason: RefusalReason | None = None
    note: str = ""
    expected_arrival: datetime.date | None = None
    to_service: Service | None = None


@transaction.atomic
def commission_session_record(
    *,
    establishment: Establishment,
    date: datetime.date,
    members: str,
    decisions: Sequence[SessionDecision],
    acting_user: User,
) -> CommissionSession:
    """A commission session and its decisions: all recorded, or none (errors keyed `<field>_<request pk>`)."""
    errors: dict[str, list[str]] = {}
    if not members.strip():
        errors["members"] = ["« Membres présents » est obligatoire."]
    if date > timezone.localdate():
        errors["date"] = ["La séance ne peut pas être dans le futur."]
    if not decisions:
        errors["__all__"] = ["Aucune décision : choisissez un avis pour au moins une demande."]
    if errors:
        raise ValidationError(errors)
    session = CommissionSession.objects.create(
        establishment=establishment, date=date, members=members.strip(), created_by=acting_user
    )
    audit_create(actor=acting_user, obj=session)
    for d in decisions:
        if d.request.service.establishment_id != establishment.pk:
            errors.setdefault(f"decision_{d.request.pk}", []).append("Demande d'un autre établissement.")
            continue
        try:
            with transaction.atomic():
                commission_decide(
                    request=d.request,
                    choice=d.choice,
                    decided_on=date,
                    session=session,
                    refusal_reason=d.refusal_reason,
                    note=d.note,
                    expected_arrival=d.expected_arrival,
                    to_service=d.to_service,
                    acting_user=acting_user,
                )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(f"{field}_{d.request.pk}", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return session


def _check_open_favourable(request: AdmissionRequest) -> None:
    if request.outcome != RequestOutcome.EN_ATTENTE:
        raise ValidationError(
            {"outcome": f"La suite de cette demande est déjà enregistrée ({request.get_outcome_display()})."}
        )
    if request.decision != Decision.FAVORABLE:
        raise ValidationError({"outcome": "Seule une demande ayant reçu un avis favorable peut avoir cette suite."})


@transaction.atomic
def request_admit(
    *,
    request: AdmissionRequest,
    start_date: datetime.date,
    acting_user: User,
    unit: Unit | None = None,
    household_members: Sequence[tuple[Person, str]] = (),
) -> Stay:
    """Admitted: opens the stay (household included) in the request's service, in a free place, in one step."""
    request = _locked(request)
    _check_open_favourable(request)
    if request.decided_on and start_date < request.decided_on:
        raise ValidationError({"start_date": "L'entrée ne peut pas précéder la décision de la commission."})
    stay = admit(
        person=request.person,
        service=request.service,
        start_date=start_date,
        unit=unit,
        household_members=household_members,
        acting_user=acting_user,
    )
    before = snapshot(request, REQUEST_FIELDS)
    request.outcome = RequestOutcome.ADMIS
    request.outcome_on = start_date
    request.stay = stay
    request.save()
    audit_update(actor=acting_user, obj=request, before=before, person=request.person)
    return stay


@transaction.atomic
def request_close(
    *,
    request: AdmissionRequest,
    outcome: str,
    on: datetime.date,
    acting_user: User,
    to_service: Service | None = None,
) -> AdmissionRequest:
    """No-show, withdrawn, or reoriented after a favourable decision. A request still waiting for the commission
    may be withdrawn too."""
    request = _locked(request)
    if outcome not in (RequestOutcome.NON_PRESENTE, RequestOutcome.DESISTE, RequestOutcome.REORIENTE):
        raise ValidationError({"outcome": f"Suite inconnue ou à enregistrer autrement ({outcome})."})
    if not (outcome == RequestOutcome.DESISTE and request.decision == Decision.EN_ATTENTE):
        _check_open_favourable(request)
    if request.outcome != RequestOutcome.EN_ATTENTE:
        raise ValidationError({"outcome": "La suite de cette demande est déjà enregistrée."})
    if on < request.received_on:
        raise ValidationError({"on": "La date ne peut pas précéder la réception de la demande."})
    before = snapshot(request, REQUEST_FIELDS)
    if outcome == RequestOutcome.REORIENTE:
        _reorient(request, to_service=to_service, on=on, acting_user=acting_user)
    else:
        request.outcome = outcome
        request.outcome_on = on
    request.save()
    audit_update(actor=acting_user, obj=request, before=before, person=request.person)
    return request


# --- read side --------------------------------------------------------------------------------------------


def pending_requests(establishment: Establishment) -> QuerySet[AdmissionRequest]:
    """Requests waiting for the commission, oldest first (urgent ones are flagged, not reordered)."""
    return (
        AdmissionRequest.objects.filter(service__establishment=establishment, decision=Decision.EN_ATTENTE)
        .filter(outcome=RequestOutcome.EN_ATTENTE)
        .select_related("person", "service")
        .order_by("received_on", "pk")
    )


def upcoming_arrivals(establishment: Establishment) -> QuerySet[AdmissionRequest]:
    return (
        AdmissionRequest.objects.filter(
            service__establishment=establishment, decision=Decision.FAVORABLE, outcome=RequestOutcome.EN_ATTENTE
        )
        .select_related("person", "service")
        .order_by("expected_arrival", "received_on", "pk")
    )


def no_show_suggestions(establishment: Establishment, today: datetime.date) -> QuerySet[AdmissionRequest]:
    """Favourable requests whose expected arrival is more than PARCOURS_NO_SHOW_DAYS days past."""
    limit = today - datetime.timedelta(days=no_show_days())
    return upcoming_arrivals(establishment).filter(expected_arrival__lt=limit)
