from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.http import AuthenticatedRequest
from admissions.models import AdmissionRequest
from audit.services import audit_view
from core.forms import apply_service_errors
from events.models import Event
from justice.models import JusticeMeasure
from stays.models import Stay

from . import services
from .access import person_for_user, vulnerabilities_for_user
from .forms import PersonCreateForm, PersonEditForm, PersonSearchForm, VulnerabilityForm
from .models import Person
from .normalize import normalize_name

SEARCH_LIMIT = 50
SAME_DAY_ORDER = {
    "stay_end": 0,
    "measure_end": 1,
    "gap": 2,
    "request": 3,
    "stay_start": 4,
    "measure_start": 5,
    "event": 6,
}


def search(request: AuthenticatedRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    results: list[Person] = []
    searched = False
    if form.is_valid() and any(form.cleaned_data.values()):
        searched = True
        qs = Person.objects.visible_to(request.user)
        for token in normalize_name(form.cleaned_data["q"]).split():
            qs = qs.filter(search_name__contains=token)
        if form.cleaned_data["birth_date"]:
            qs = qs.filter(birth_date=form.cleaned_data["birth_date"])
        if form.cleaned_data["external_id"]:
            qs = qs.filter(external_id=form.cleaned_data["external_id"].strip())
        results = list(qs.order_by("last_name", "first_name", "pk")[: SEARCH_LIMIT + 1])
    context = {
        "form": form,
        "results": results[:SEARCH_LIMIT],
        "truncated": len(results) > SEARCH_LIMIT,
        "searched": searched,
        "can_create": request.user.writes_records,
    }
    template = "people/search.html#results" if request.headers.get("HX-Request") else "people/search.html"
    return render(request, template, context)


def create(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.writes_records:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = PersonCreateForm(request.POST or None, user=request.user)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = services.find_likely_duplicates(
            last_name=data["last_name"], first_name=data["first_name"], birth_date=data["birth_date"], user=request.user
        )
        if (duplicates.visible or duplicates.hidden_count) and not data["confirm_not_duplicate"]:
            return render(request, "people/create.html", {"form": form, "duplicates": duplicates})
        try:
            person = services.person_create(
                acting_user=request.user,
                last_name=data["last_name"],
                first_name=data["first_name"],
                birth_date=data["birth_date"],
                sex=data["sex"],
                home_establishment=data["home_establishment"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Fiche de {person} créée.")
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/create.html", {"form": form, "duplicates": duplicates})


def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_user(request.user, pk, write=True)
    initial = {
        "last_name": person.last_name,
        "first_name": person.first_name,
        "birth_date": person.birth_date,
        "sex": person.sex,
        "referent": person.referent,
    }
    form = PersonEditForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Identité mise à jour.")
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/edit.html", {"form": form, "person": person})


@dataclass
class TimelineItem:
    date: datetime.date | None
    kind: str  # stay_start, stay_end, measure_start, measure_end, request, event, gap
    label: str
    obj: Any = None
    detail: str = ""


def _timeline(user: Any, person: Person) -> tuple[list[TimelineItem], dict[str, Any]]:
    stays = list(
        Stay.objects.visible_to(user).filter(person=person).select_related("service__establishment", "household")
    )
    hidden_stays = Stay.objects.filter(person=person).count() - len(stays)
    items: list[TimelineItem] = []
    for stay in stays:
        items.append(TimelineItem(stay.start_date, "stay_start", f"Entrée : {stay.service}", stay))
        if stay.end_date:
            items.append(
                TimelineItem(
                    stay.end_date,
                    "stay_end",
                    f"Sortie : {stay.service}",
                    stay,
                    f"{stay.get_exit_reason_display()} — logement : {stay.get_exit_housing_display()} — "
                    f"activité : {stay.get_exit_activity_display()}",
                )
            )
    # Gaps: days without any visible stay between two stays.
    covered_until: datetime.date | None = None
    for stay in sorted(stays, key=lambda s: s.start_date):
        if covered_until is not None and stay.start_date > covered_until:
            days = (stay.start_date - covered_until).days
            items.append(TimelineItem(covered_until, "gap", f"Sans accompagnement pendant {days} jour(s)"))
        if stay.end_date is None:
            covered_until = datetime.date.max
        elif covered_until is None or stay.end_date > covered_until:
            covered_until = stay.end_date
    measures: list[JusticeMeasure] = []
    if user.sees_justice:
        measures = list(JusticeMeasure.objects.filter(person=person))
        for m in measures:
            items.append(TimelineItem(m.start_date, "measure_start", f"Mesure : {m.get_measure_display()}", m, m.spip))
            if m.end_date:
                items.append(
                    TimelineItem(
                        m.end_date,
                        "measure_end",
                        f"Fin de mesure : {m.get_measure_display()}",
                        m,
                        m.get_outcome_display(),
                    )
                )
    requests = AdmissionRequest.objects.filter(person=person).select_related("service__establishment")
    if not user.sees_all_establishments:
        requests = requests.filter(service__establishment__in=user.establishments.values("pk"))
    for r in requests:
        items.append(
            TimelineItem(
                r.received_on,
                "request",
                f"Demande d'admission : {r.service}",
                r,
                f"{r.get_prescriber_display()} — {r.get_decision_display()} — {r.get_outcome_display()}",
            )
        )
    events = Event.objects.filter(person=person).select_related("service")
    if not user.sees_all_establishments:
        events = events.filter(service__establishment__in=user.establishments.values("pk"))
    event_count = events.count()
    for e in events.order_by("-date", "-pk")[:200]:
        items.append(TimelineItem(e.date, "event", f"{e.get_kind_display()} ×{e.quantity}", e, e.service.name))
    # Newest first; on one day, in the order things happen: leave, gap, then arrive.
    items.sort(key=lambda i: (i.date or datetime.date.min, SAME_DAY_ORDER[i.kind]), reverse=True)
    context = {"stays": stays, "hidden_stays": hidden_stays, "measures": measures, "event_count": event_count}
    return items, context


def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_user(request.user, pk)
    audit_view(actor=request.user, person=person)
    timeline, context = _timeline(request.user, person)
    current = [s for s in context["stays"] if s.end_date is None]
    household = []
    if current and current[0].household_id:
        household = list(
            Stay.objects.filter(household_id=current[0].household_id, end_date__isnull=True)
            .exclude(person=person)
            .select_related("person")
        )
    vulnerabilities = None
    if request.user.sees_health:
        vulnerabilities = list(vulnerabilities_for_user(request.user, person))
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "timeline": timeline,
            "current_stays": current,
            "household": household,
            "vulnerabilities": vulnerabilities,
            "can_write": request.user.writes_records,
            **context,
        },
    )


def vulnerability_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_user(request.user, pk)
    vulnerabilities_for_user(request.user, person, write=True)
    form = VulnerabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vulnerability_record(person=person, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Vulnérabilité enregistrée.")
            return redirect("people:detail", pk=person.pk)
    return render(
        request,
        "people/form_page.html",
        {"form": form, "person": person, "title": "Enregistrer une vulnérabilité (donnée de santé)"},
    )
