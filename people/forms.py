from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import User
from core.forms import date_field, model_choice_field
from establishments.access import writable_services
from establishments.models import Establishment

from .enums import Sex, VulnerabilityKind


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Nom ou prénom", required=False, max_length=200)
    birth_date = date_field("Date de naissance", required=False)
    external_id = forms.CharField(label="Identifiant externe", required=False, max_length=64)


class PersonForm(forms.Form):
    last_name = forms.CharField(label="Nom", max_length=150, error_messages={"required": "« Nom » est obligatoire."})
    first_name = forms.CharField(
        label="Prénom", max_length=150, error_messages={"required": "« Prénom » est obligatoire."}
    )
    birth_date = date_field("Date de naissance", required=False, help_text="Laisser vide si inconnue.")
    sex = forms.ChoiceField(
        label="Sexe", choices=Sex.choices, error_messages={"invalid_choice": "« Sexe » : choisissez dans la liste."}
    )


class PersonEditForm(PersonForm):
    referent = forms.ModelChoiceField(
        label="Référent",
        queryset=User.objects.none(),
        required=False,
        help_text="Travailleur social qui suit la personne.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        establishments = writable_services(user).values("establishment")
        model_choice_field(self, "referent").queryset = (
            User.objects.record_writers()
            .filter(establishments__in=establishments)
            .distinct()
            .order_by("last_name", "first_name")
        )


class PersonCreateForm(PersonForm):
    home_establishment = forms.ModelChoiceField(
        label="Établissement",
        queryset=Establishment.objects.none(),
        error_messages={"required": "« Établissement » est obligatoire."},
        help_text="La fiche y est visible dès sa création.",
    )
    confirm_not_duplicate = forms.BooleanField(
        label="J'ai vérifié : il s'agit d'une autre personne, créer la fiche quand même", required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        establishment_ids = writable_services(user).values("establishment")
        establishments = Establishment.objects.filter(pk__in=establishment_ids)
        model_choice_field(self, "home_establishment").queryset = establishments
        if establishments.count() == 1:
            self.fields["home_establishment"].initial = establishments.first()


class VulnerabilityForm(forms.Form):
    kind = forms.ChoiceField(label="Nature", choices=VulnerabilityKind.choices)
    recorded_on = date_field("Constatée le")
