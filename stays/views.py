from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.http import AuthenticatedRequest
from core.forms import apply_service_errors
from people.access import person_for_user
from places.services import admit

from . import services
from .access import stay_for_user
from .forms import MEMBER_ROWS, StayCloseForm, StayOpenForm, StayTransferForm


def open_stay(request: AuthenticatedRequest, person_pk: int) -> HttpResponse:
    person = person_for_user(request.user, person_pk, write=True)
    form = StayOpenForm(request.POST or None, user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stay = admit(
                person=person,
                service=data["service"],
                start_date=data["start_date"],
                household_members=data["household_members"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{person} est admis(e) : {stay.service}, le {stay.start_date:%d/%m/%Y}.")
            return redirect("people:detail", pk=person.pk)
    return render(
        request, "stays/open.html", {"form": form, "person": person, "member_rows": range(1, MEMBER_ROWS + 1)}
    )


def close_stay(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = stay_for_user(request.user, pk, write=True, ongoing=True)
    form = StayCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stay_close(stay=stay, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Séjour clôturé le {form.cleaned_data['end_date']:%d/%m/%Y}.")
            return redirect("people:detail", pk=stay.person_id)
    return render(
        request,
        "people/form_page.html",
        {
            "form": form,
            "person": stay.person,
            "title": f"Clôturer le séjour : {stay.service}",
            "intro": f"Entrée le {stay.start_date:%d/%m/%Y}. Les trois codes de sortie sont obligatoires.",
            "submit_label": "Clôturer le séjour",
        },
    )


def transfer_stay(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = stay_for_user(request.user, pk, write=True, ongoing=True)
    form = StayTransferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.stay_transfer(
                stay=stay,
                to_service=data["to_service"],
                date=data["date"],
                exit_housing=data["exit_housing"],
                exit_activity=data["exit_activity"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Transfert vers {new.service} le {new.start_date:%d/%m/%Y}.")
            return redirect("people:detail", pk=stay.person_id)
    return render(
        request,
        "people/form_page.html",
        {
            "form": form,
            "person": stay.person,
            "title": f"Transférer depuis : {stay.service}",
            "intro": "Le séjour actuel est clôturé (motif : réorientation) et le suivant ouvert le même jour ; "
            "les membres du ménage présents suivent.",
            "submit_label": "Transférer",
        },
    )
