from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from audit.enums import AuditAction
from audit.services import audit_write
from core.forms import apply_service_errors
from core.http import AuthenticatedRequest
from core.uploads import serve_stored
from people.services import person_create

from . import services
from .access import admissions_establishment_for_user, document_for_user, request_for_user
from .enums import CommissionChoice, Decision, Prescriber, RequestOutcome
from .forms import AdmitForm, CloseForm, ContactForm, RequestForm, SessionForm
from .funnel import funnel, received_during
from .models import AdmissionRequest, Detention


def _year(request: AuthenticatedRequest, default: int) -> int:
    try:
        year = int(request.GET.get("annee", default))
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


@require_GET
def index(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    establishment = admissions_establishment_for_user(request.user, establishment_pk)
    today = timezone.localdate()
    year = _year(request, today.year)
    section = funnel(received_during(year).filter(service__establishment=establishment))
    pending = list(services.pending_requests(establishment))
    requests = (
        AdmissionRequest.objects.visible_to(request.user)
        .filter(service__establishment=establishment, received_on__year=year)
        .order_by("-received_on", "-pk")
    )
    return render(
        request,
        "admissions/index.html",
        {
            "establishment": establishment,
            "year": year,
            "years": range(today.year, today.year - 8, -1),
            "funnel": section,
            "prescribers": [(label, section.received_by_prescriber[code]) for code, label in Prescriber.choices],
            "decisions": [(label, section.decisions[code]) for code, label in Decision.choices],
            "outcomes": [(label, section.outcomes[code]) for code, label in RequestOutcome.choices],
            "pending": pending,
            "arrivals": services.upcoming_arrivals(establishment),
            "no_shows": services.no_show_suggestions(establishment, today),
            "no_show_days": services.no_show_days(),
            "requests": requests,
            "can_write": request.user.writes_records,
        },
    )


def create(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    establishment = admissions_establishment_for_user(request.user, establishment_pk, write=True)
    form = RequestForm(request.POST or None, request.FILES or None, user=request.user, establishment=establishment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = data["person"] or person_create(
                    acting_user=request.user,
                    last_name=data["last_name"],
                    first_name=data["first_name"],
                    sex=data["sex"],
                    birth_date=data["birth_date"],
                    home_establishment=establishment,
                )
                if data["prison"]:
                    services.detention_record(
                        person=person,
                        establishment=establishment,
                        prison=data["prison"],
                        expected_release=data["expected_release"],
                        current_measure=data["current_measure"],
                        met_on=data["received_on"],
                        acting_user=request.user,
                    )
                admission = services.request_record(
                    person=person,
                    service=data["service"],
                    received_on=data["received_on"],
                    prescriber=data["prescriber"],
                    organisation=data["organisation"],
                    contact=data["contact"],
                    priority=data["priority"],
                    remarks=data["remarks"],
                    documents=[data["document"]] if data.get("document") else [],
                    acting_user=request.user,
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Demande enregistrée pour {person} ({admission.service.name}).")
            return redirect("admissions:detail", pk=admission.pk)
    return render(
        request,
        "admissions/form_page.html",
        {
            "form": form,
            "establishment": establishment,
            "title": "Nouvelle demande d'admission",
            "intro": "Pour une personne détenue, indiquez l'établissement pénitentiaire et la date de libération "
            "prévue : l'accompagnement commence dedans et continue dehors.",
            "submit_label": "Enregistrer la demande",
            "multipart": True,
        },
    )


def contact_create(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    establishment = admissions_establishment_for_user(request.user, establishment_pk, write=True)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            detention = services.contact_record(
                establishment=establishment,
                acting_user=request.user,
                last_name=data["last_name"],
                first_name=data["first_name"],
                sex=data["sex"],
                birth_date=data["birth_date"],
                prison=data["prison"],
                met_on=data["met_on"],
                met_at=data["met_at"],
                expected_release=data["expected_release"],
                current_measure=data["current_measure"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Fiche créée pour {detention.person} ({detention.prison}).")
            return redirect("dossier:person", pk=detention.person_id)
    return render(
        request,
        "admissions/form_page.html",
        {
            "form": form,
            "establishment": establishment,
            "title": "Personne rencontrée en détention",
            "intro": "Permanence ou forum emploi en détention : la fiche est créée avant toute demande.",
            "submit_label": "Créer la fiche",
        },
    )


@require_GET
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    admission = request_for_user(request.user, pk)
    detentions = Detention.objects.filter(person=admission.person).order_by("-met_on")[:3]
    return render(
        request,
        "admissions/detail.html",
        {
            "r": admission,
            "documents": admission.documents.all(),
            "detentions": detentions,
            "can_write": request.user.writes_records,
            "can_admit": admission.decision == Decision.FAVORABLE and admission.outcome == RequestOutcome.EN_ATTENTE,
            "can_close": admission.outcome == RequestOutcome.EN_ATTENTE,
            "origin": AdmissionRequest.objects.visible_to(request.user).filter(reoriented_request=admission).first(),
            "reoriented_visible": admission.reoriented_request_id is not None
            and AdmissionRequest.objects.visible_to(request.user).filter(pk=admission.reoriented_request_id).exists(),
        },
    )


def commission(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    establishment = admissions_establishment_for_user(request.user, establishment_pk, write=True)
    pending = list(services.pending_requests(establishment))
    today = timezone.localdate()
    form = SessionForm(request.POST or None, requests=pending, establishment=establishment, initial={"date": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decisions = [
            services.SessionDecision(
                request=r,
                choice=data[f"decision_{r.pk}"],
                refusal_reason=data[f"refusal_reason_{r.pk}"],
                note=data[f"note_{r.pk}"],
                expected_arrival=data[f"expected_arrival_{r.pk}"],
                to_service=data[f"to_service_{r.pk}"],
            )
            for r in pending
            if data[f"decision_{r.pk}"] in CommissionChoice.values
        ]
        try:
            session = services.commission_session_record(
                establishment=establishment,
                date=data["date"],
                members=data["members"],
                decisions=decisions,
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{session} : {len(decisions)} décision(s) enregistrée(s).")
            return redirect("admissions:index", establishment_pk=establishment.pk)
    return render(request, "admissions/commission.html", {"form": form, "establishment": establishment})


def admit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    admission = request_for_user(request.user, pk, write=True)
    if admission.decision != Decision.FAVORABLE or admission.outcome != RequestOutcome.EN_ATTENTE:
        raise PermissionDenied("Seule une demande favorable sans suite peut être admise.")
    initial = {"start_date": admission.expected_arrival or timezone.localdate()}
    form = AdmitForm(
        request.POST or None, user=request.user, person=admission.person, request_obj=admission, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stay = services.request_admit(
                request=admission,
                start_date=data["start_date"],
                unit=data["unit"],
                household_members=data["household_members"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            where = f", {stay.placement.unit}" if hasattr(stay, "placement") else ""
            messages.success(
                request, f"{stay.person} est admis(e) : {stay.service.name}{where}, le {stay.start_date:%d/%m/%Y}."
            )
            return redirect("dossier:person", pk=stay.person_id)
    return render(
        request,
        "admissions/form_page.html",
        {
            "form": form,
            "establishment": admission.service.establishment,
            "title": f"Admettre {admission.person} — {admission.service.name}",
            "intro": "Le séjour est ouvert dans le service de la demande, dans une place libre ; "
            "les membres du ménage arrivant ensemble sont admis en même temps.",
            "submit_label": "Admettre",
        },
    )


def close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    admission = request_for_user(request.user, pk, write=True)
    form = CloseForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_close(
                request=admission,
                outcome=data["outcome"],
                on=data["on"],
                to_service=data["to_service"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Suite de la demande enregistrée.")
            return redirect("admissions:detail", pk=admission.pk)
    return render(
        request,
        "admissions/form_page.html",
        {
            "form": form,
            "establishment": admission.service.establishment,
            "title": f"Suite de la demande de {admission.person}",
            "intro": "Ne s'est pas présenté(e), désistement, ou réorientation (la demande est alors créée dans "
            "l'autre service et reliée à celle-ci).",
            "submit_label": "Enregistrer la suite",
        },
    )


@require_GET
def document(request: AuthenticatedRequest, pk: int) -> FileResponse:
    doc = document_for_user(request.user, pk)
    audit_write(actor=request.user, action=AuditAction.DOWNLOAD, obj=doc, person=doc.request.person)
    return serve_stored(doc.path, download_name=doc.name)


@require_GET
def letter(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The decision letter to the prescriber, in French, as a PDF."""
    admission = request_for_user(request.user, pk)
    if admission.decision == Decision.EN_ATTENTE:
        raise PermissionDenied("La commission ne s'est pas encore prononcée sur cette demande.")
    from weasyprint import HTML

    html = render_to_string(
        "admissions/letter.html", {"r": admission, "today": datetime.date.today(), "author": request.user}
    )
    pdf = HTML(string=html).write_pdf()
    audit_write(
        actor=request.user,
        action=AuditAction.DOWNLOAD,
        obj=admission,
        person=admission.person,
        detail="courrier de décision",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="decision-demande-{admission.pk}.pdf"'
    return response
