from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.forms import apply_service_errors
from core.http import AuthenticatedRequest

from . import services
from .access import stay_for_user
from .forms import StayCloseForm


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
            return redirect("dossier:person", pk=stay.person_id)
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
