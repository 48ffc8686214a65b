from __future__ import annotations

from typing import Any

from django import forms

from core.forms import date_field
from people.forms import PersonForm

from .models import Locker


class DeskSearchForm(forms.Form):
    q = forms.CharField(label="Rechercher une personne (quelques lettres du nom ou du prénom)", required=False)


class AnonymousCountForm(forms.Form):
    quantity = forms.IntegerField(
        label="Nombre de repas anonymes",
        min_value=1,
        max_value=500,
        initial=1,
        error_messages={
            "required": "« Nombre » est obligatoire.",
            "min_value": "« Nombre » : au moins 1.",
            "max_value": "« Nombre » : 500 au plus.",
            "invalid": "« Nombre » : un nombre entier.",
        },
    )


class DeskPersonForm(PersonForm):
    confirm_not_duplicate = forms.BooleanField(
        label="J'ai vérifié : il s'agit d'une autre personne, créer la fiche quand même", required=False
    )


class LockerForm(forms.Form):
    number = forms.IntegerField(
        label="Numéro du casier",
        min_value=1,
        error_messages={
            "required": "« Numéro » est obligatoire.",
            "min_value": "« Numéro » : à partir de 1.",
            "invalid": "« Numéro » : un nombre entier.",
        },
    )


class LockerAssignForm(forms.Form):
    locker = forms.ModelChoiceField(
        label="Casier libre",
        queryset=Locker.objects.none(),
        error_messages={"required": "« Casier » est obligatoire.", "invalid_choice": "« Casier » : plus libre."},
    )
    start_date = date_field("Attribué le")
    planned_end = date_field("Fin prévue le")

    def __init__(self, *args: Any, lockers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locker"].queryset = lockers  # type: ignore[attr-defined]


class ReleaseForm(forms.Form):
    released_on = date_field("Libéré le")
