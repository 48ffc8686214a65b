from __future__ import annotations

import datetime
from typing import Any

from django import forms

from accounts.models import User
from core.forms import date_field, model_choice_field
from establishments.access import writable_services
from establishments.models import Establishment, Service

from .enums import EventKind


class EventForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Service", queryset=Service.objects.none(), error_messages={"required": "« Service » est obligatoire."}
    )
    date = date_field("Date")
    kind = forms.ChoiceField(label="Nature", choices=EventKind.choices)
    quantity = forms.IntegerField(
        label="Quantité",
        min_value=1,
        initial=1,
        error_messages={"min_value": "« Quantité » doit être au moins 1.", "invalid": "« Quantité » : nombre entier."},
    )

    def __init__(self, *args: Any, user: User, establishment: Establishment | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        services = writable_services(user, events=True)
        if establishment is not None:
            services = services.filter(establishment=establishment)
        model_choice_field(self, "service").queryset = services
        self.fields["date"].initial = datetime.date.today


class MealCountForm(EventForm):
    """Anonymous meals served at a day reception: a count, no person."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        self.fields["quantity"].label = "Nombre de repas servis"
