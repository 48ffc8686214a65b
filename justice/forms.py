from __future__ import annotations

from django import forms

from core.forms import date_field

from .enums import MeasureOutcome, MeasureType

BLANK = [("", "— choisir —")]


class MeasureForm(forms.Form):
    measure = forms.ChoiceField(
        label="Mesure",
        choices=BLANK + MeasureType.choices,
        error_messages={"required": "« Mesure » est obligatoire.", "invalid_choice": "« Mesure » : code inconnu."},
    )
    start_date = date_field("Début", required=False, help_text="Obligatoire sauf pour une condamnation antérieure.")
    end_date = date_field("Fin", required=False, help_text="Vide si la mesure est en cours.")
    outcome = forms.ChoiceField(label="Issue", choices=MeasureOutcome.choices, initial=MeasureOutcome.EN_COURS)
    spip = forms.CharField(label="SPIP en charge", required=False, max_length=200, help_text="Par exemple : SPIP 75.")


class MeasureEndForm(forms.Form):
    end_date = date_field("Date de fin")
    outcome = forms.ChoiceField(
        label="Issue",
        choices=BLANK + [c for c in MeasureOutcome.choices if c[0] != MeasureOutcome.EN_COURS],
        error_messages={"required": "« Issue » est obligatoire."},
    )
