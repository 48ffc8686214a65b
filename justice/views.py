from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.forms import apply_service_errors
from core.http import AuthenticatedRequest
from people.access import person_for_user

from . import services
from .access import check_justice_access, measure_for_user
from .forms import MeasureEndForm, MeasureForm


def create(request: AuthenticatedRequest, person_pk: int) -> HttpResponse:
    person = person_for_user(request.user, person_pk)
    check_justice_access(request.user, write=True)
    form = MeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_record(person=person, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Mesure enregistrée : {measure.get_measure_display()}.")
            return redirect("dossier:person", pk=person.pk)
    return render(
        request, "people/form_page.html", {"form": form, "person": person, "title": "Enregistrer une mesure de justice"}
    )


def end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    measure = measure_for_user(request.user, pk, write=True)
    form = MeasureEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_end(measure=measure, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Fin de mesure enregistrée.")
            return redirect("dossier:person", pk=measure.person_id)
    return render(
        request,
        "people/form_page.html",
        {
            "form": form,
            "person": measure.person,
            "title": f"Terminer : {measure.get_measure_display()}",
            "submit_label": "Terminer la mesure",
        },
    )
