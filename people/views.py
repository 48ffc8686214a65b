from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.forms import apply_service_errors
from core.http import AuthenticatedRequest

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


@require_GET
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
            return redirect("dossier:person", pk=person.pk)
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
            return redirect("dossier:person", pk=person.pk)
    return render(request, "people/edit.html", {"form": form, "person": person})


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
            return redirect("dossier:person", pk=person.pk)
    return render(
        request,
        "people/form_page.html",
        {"form": form, "person": person, "title": "Enregistrer une vulnérabilité (donnée de santé)"},
    )
