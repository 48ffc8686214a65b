from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.forms import apply_service_errors, model_choices
from core.http import AuthenticatedRequest
from establishments.access import check_can_record_events, establishment_for_user
from people.access import person_for_user

from .enums import EventKind
from .forms import EventForm, MealCountForm
from .services import event_record


def create(request: AuthenticatedRequest, person_pk: int) -> HttpResponse:
    person = person_for_user(request.user, person_pk)
    form = EventForm(request.POST or None, user=request.user)
    if not model_choices(form, "service").exists():
        raise PermissionDenied("Votre rôle ne permet pas d'enregistrer des passages.")
    if request.method == "POST" and form.is_valid():
        try:
            event = event_record(person=person, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Enregistré : {event}.")
            return redirect("dossier:person", pk=person.pk)
    return render(
        request,
        "people/form_page.html",
        {"form": form, "person": person, "title": "Enregistrer un passage, un repas, une nuitée…"},
    )


def meals(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for_user(request.user, establishment_pk)
    check_can_record_events(request.user, establishment)
    form = MealCountForm(request.POST or None, user=request.user, establishment=establishment)
    if request.method == "POST" and form.is_valid():
        try:
            event = event_record(kind=EventKind.REPAS, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{event.quantity} repas enregistré(s) le {event.date:%d/%m/%Y}.")
            return redirect("events:meals", establishment_pk=establishment.pk)
    return render(request, "events/meals.html", {"form": form, "establishment": establishment})
