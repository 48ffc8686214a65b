from __future__ import annotations

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="Les 6 chiffres affichés par l'application d'authentification, ou l'un de vos codes de secours.",
        error_messages={"required": "« Code » est obligatoire."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
        ),
    )


class EnrolmentForm(forms.Form):
    code = forms.CharField(
        label="Code affiché par l'application",
        max_length=10,
        help_text="6 chiffres, renouvelés toutes les 30 secondes.",
        error_messages={"required": "« Code affiché par l'application » est obligatoire."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )
