"""Domiciliation pages: the establishment's register (pending, running, expiring, to radiate), a person's
domiciliation and mail log, the decision, renewal, end and radiation, the attestation and the refusal letter."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from audit.enums import AuditAction
from audit.services import audit_write
from core.forms import apply_service_errors
from core.http import AuthenticatedRequest
from establishments.enums import Modality
from establishments.models import Establishment, Service
from people.access import person_for_user

from . import rules, services
from .access import Act, domiciliation_for_user, establishment_for_domiciliation, mail_item_for_user
from .enums import DomiciliationDecision
from .forms import DecisionForm, EndForm, MailDateForm, MailForm, RadiationForm, RenewalForm, RequestForm
from .models import DomiciliaryBody, Domiciliation


def _in_establishment(establishment: Establishment) -> Any:
    return Domiciliation.objects.filter(service__establishment=establishment)


def _person_url(domiciliation: Domiciliation) -> str:
    return reverse("domiciliation:person", args=[domiciliation.service.establishment_id, domiciliation.person_id])


def _form_page(request: AuthenticatedRequest, form: Any, *, title: str, back: str, **extra: Any) -> HttpResponse:
    return render(request, "domiciliation/form_page.html", {"form": form, "title": title, "back": back, **extra})


@require_GET
def index(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for_domiciliation(request.user, establishment_pk)
    today = timezone.localdate()
    rows = _in_establishment(establishment)
    return render(
        request,
        "domiciliation/index.html",
        {
            "establishment": establishment,
            "today": today,
            "pending": rows.filter(decision=DomiciliationDecision.EN_ATTENTE).select_related("person", "service"),
            "running": rows.running_on(today)
            .select_related("person", "service")
            .order_by("person__last_name", "person__first_name", "pk"),
            "expiring_count": services.expiring(rows, today).count(),
            "radiation_count": len(services.radiation_proposals(rows, today)),
            "to_close": services.expired_to_close(rows, today),
            "can_decide": request.user.writes_records,
        },
    )


@require_GET
def expiring(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for_domiciliation(request.user, establishment_pk)
    today = timezone.localdate()
    return render(
        request,
        "domiciliation/expiring.html",
        {
            "establishment": establishment,
            "today": today,
            "until": today + datetime.timedelta(days=rules.EXPIRY_NOTICE_DAYS),
            "rows": services.expiring(_in_establishment(establishment), today),
            "can_decide": request.user.writes_records,
        },
    )


@require_GET
def radiation(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    """The radiation proposals (no contact for three months); the head decides, one by one."""
    establishment = establishment_for_domiciliation(request.user, establishment_pk)
    today = timezone.localdate()
    return render(
        request,
        "domiciliation/radiation.html",
        {
            "establishment": establishment,
            "today": today,
            "proposals": services.radiation_proposals(_in_establishment(establishment), today),
            "can_radiate": request.user.is_establishment_head,
        },
    )


def close_expired(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for_domiciliation(request.user, establishment_pk, Act.DECIDE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    count = services.domiciliations_close_expired(
        domiciliations=_in_establishment(establishment), day=timezone.localdate(), acting_user=request.user
    )
    messages.success(request, f"{count} domiciliation(s) expirée(s) close(s).")
    return redirect("domiciliation:index", establishment_pk=establishment.pk)


@require_GET
def person(request: AuthenticatedRequest, establishment_pk: int, person_pk: int) -> HttpResponse:
    """A person's domiciliations in the establishment and their mail: what the desk opens."""
    establishment = establishment_for_domiciliation(request.user, establishment_pk)
    person = person_for_user(request.user, person_pk)
    today = timezone.localdate()
    rows = list(
        _in_establishment(establishment)
        .filter(person=person)
        .select_related("service", "renewal_of")
        .prefetch_related("mail_items")
        .order_by("-requested_on", "-pk")
    )
    running = next(
        (
            d
            for d in rows
            if d.decision == DomiciliationDecision.ACCEPTEE and not d.end_reason and d.start_date <= today <= d.end_date
        ),
        None,
    )
    open_request = next((d for d in rows if d.decision == DomiciliationDecision.EN_ATTENTE), None)
    mail = sorted((m for d in rows for m in d.mail_items.all()), key=lambda m: (m.received_on, m.pk), reverse=True)
    return render(
        request,
        "domiciliation/person.html",
        {
            "establishment": establishment,
            "person": person,
            "rows": rows,
            "running": running,
            "open_request": open_request,
            "mail": mail,
            "waiting": [m for m in mail if not m.handed_on and not m.returned_on],
            "mail_form": MailForm(initial={"received_on": today}),
            "today": today,
            "can_mail": request.user.records_events,
            "can_decide": request.user.writes_records,
            "sees_requester": request.user.sees_justice,
        },
    )


def request_create(request: AuthenticatedRequest, establishment_pk: int, person_pk: int) -> HttpResponse:
    establishment = establishment_for_domiciliation(request.user, establishment_pk, Act.MAIL)
    person = person_for_user(request.user, person_pk)
    choices = Service.objects.filter(establishment=establishment).order_by("name")
    default = choices.filter(modality=Modality.ACCUEIL_JOUR).first() or choices.first()
    form = RequestForm(
        request.POST or None,
        services=choices,
        initial={"service": default, "requested_on": timezone.localdate(), "requester": "personne"},
    )
    back = reverse("domiciliation:person", args=[establishment.pk, person.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.domiciliation_request(person=person, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Demande de domiciliation de {person} enregistrée.")
            return redirect(back)
    return _form_page(request, form, title=f"Demande de domiciliation — {person}", back=back)


def decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    domiciliation = domiciliation_for_user(request.user, pk, Act.DECIDE)
    form = DecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.domiciliation_decide(domiciliation=domiciliation, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Décision enregistrée.")
            return redirect(_person_url(domiciliation))
    return _form_page(
        request,
        form,
        title=f"Décision sur la domiciliation de {domiciliation.person}",
        back=_person_url(domiciliation),
        intro=f"Demande du {domiciliation.requested_on:%d/%m/%Y}. Une domiciliation acceptée vaut un an au plus.",
    )


def renew(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    domiciliation = domiciliation_for_user(request.user, pk, Act.DECIDE)
    form = RenewalForm(request.POST or None, initial={"decided_on": timezone.localdate(), "requester": "personne"})
    if request.method == "POST" and form.is_valid():
        try:
            services.domiciliation_renew(previous=domiciliation, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Domiciliation renouvelée.")
            return redirect(_person_url(domiciliation))
    start = rules.renewal_start(domiciliation.end_date) if domiciliation.end_date else None
    return _form_page(
        request,
        form,
        title=f"Renouveler la domiciliation de {domiciliation.person}",
        back=_person_url(domiciliation),
        intro=(
            f"La nouvelle période commence le {start:%d/%m/%Y}, lendemain de la fin de la précédente." if start else ""
        ),
    )


def end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    domiciliation = domiciliation_for_user(request.user, pk, Act.DECIDE)
    form = EndForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.domiciliation_end(domiciliation=domiciliation, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Fin de domiciliation enregistrée.")
            return redirect(_person_url(domiciliation))
    return _form_page(
        request, form, title=f"Mettre fin à la domiciliation de {domiciliation.person}", back=_person_url(domiciliation)
    )


def radiate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    domiciliation = domiciliation_for_user(request.user, pk, Act.RADIATE)
    form = RadiationForm(request.POST or None, initial={"on": timezone.localdate()})
    back = reverse("domiciliation:radiation", args=[domiciliation.service.establishment_id])
    if request.method == "POST" and form.is_valid():
        try:
            services.domiciliation_radiate(
                domiciliation=domiciliation, on=form.cleaned_data["on"], acting_user=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{domiciliation.person} radié(e) : la domiciliation prend fin.")
            return redirect(back)
    return _form_page(
        request,
        form,
        title=f"Radier {domiciliation.person}",
        back=back,
        intro="Sans contact depuis trois mois (passage, courrier retiré ou entretien) : la domiciliation prend fin "
        "avec le motif « radiation ».",
        submit_label="Radier",
    )


# --- mail ------------------------------------------------------------------------------------------------------


def mail_receive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    domiciliation = domiciliation_for_user(request.user, pk, Act.MAIL)
    form = MailForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.mail_receive(domiciliation=domiciliation, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Enregistré : {item}.")
            return redirect(_person_url(domiciliation))
    return _form_page(
        request, form, title=f"Courrier reçu pour {domiciliation.person}", back=_person_url(domiciliation)
    )


def _mail_action(request: AuthenticatedRequest, pk: int, *, hand: bool) -> HttpResponse:
    item = mail_item_for_user(request.user, pk)
    domiciliation = item.domiciliation
    form = MailDateForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        on = form.cleaned_data["on"]
        try:
            if hand:
                services.mail_hand_over(items=[item], on=on, service=domiciliation.service, acting_user=request.user)
            else:
                services.mail_return(item=item, on=on, acting_user=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{item} : {'remis' if hand else 'retourné à l’expéditeur'}.")
            return redirect(_person_url(domiciliation))
    title = f"{'Remettre' if hand else 'Retourner à l’expéditeur'} : {item} ({domiciliation.person})"
    return _form_page(request, form, title=title, back=_person_url(domiciliation))


def mail_hand(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _mail_action(request, pk, hand=True)


def mail_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _mail_action(request, pk, hand=False)


# --- documents -------------------------------------------------------------------------------------------------


def _pdf(
    request: AuthenticatedRequest, template: str, context: dict[str, Any], *, obj: Domiciliation, name: str, detail: str
) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string(template, context)
    pdf = HTML(string=html).write_pdf()
    audit_write(actor=request.user, action=AuditAction.DOWNLOAD, obj=obj, person=obj.person, detail=detail)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}-{obj.pk}.pdf"'
    return response


def _body(establishment: Establishment) -> DomiciliaryBody | None:
    return DomiciliaryBody.objects.filter(establishment=establishment).first()


@require_GET
def attestation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The attestation of élection de domicile, with the fields of the official form (CERFA n° 13482)."""
    domiciliation = domiciliation_for_user(request.user, pk)
    if domiciliation.decision != DomiciliationDecision.ACCEPTEE:
        return HttpResponse("Pas d'attestation : la domiciliation n'a pas été acceptée.", status=403)
    first = domiciliation
    while (previous := first.renewal_of) is not None:
        first = Domiciliation.objects.select_related("renewal_of").get(pk=previous.pk)
    establishment = domiciliation.service.establishment
    return _pdf(
        request,
        "domiciliation/attestation.html",
        {
            "d": domiciliation,
            "person": domiciliation.person,
            "establishment": establishment,
            "body": _body(establishment),
            "first_start": first.start_date,
            "today": timezone.localdate(),
        },
        obj=domiciliation,
        name="attestation-domiciliation",
        detail="attestation d'élection de domicile",
    )


@require_GET
def refusal_letter(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    domiciliation = domiciliation_for_user(request.user, pk, Act.DECIDE)
    if domiciliation.decision != DomiciliationDecision.REFUSEE:
        return HttpResponse("Pas de courrier de refus : la domiciliation n'a pas été refusée.", status=403)
    establishment = domiciliation.service.establishment
    return _pdf(
        request,
        "domiciliation/refusal.html",
        {
            "d": domiciliation,
            "person": domiciliation.person,
            "establishment": establishment,
            "body": _body(establishment),
            "today": timezone.localdate(),
            "author": request.user,
        },
        obj=domiciliation,
        name="refus-domiciliation",
        detail="courrier de refus de domiciliation",
    )
