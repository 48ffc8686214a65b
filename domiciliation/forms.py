from __future__ import annotations

from typing import Any

from django import forms

from core.forms import date_field
from establishments.models import Service
from people.enums import Prescriber

from .enums import MANUAL_END_REASONS, DomiciliationDecision, MailKind

BLANK = [("", "— choisir —")]


def _choice(label: str, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=BLANK + list(choices),
        error_messages={
            "required": f"« {label} » est obligatoire.",
            "invalid_choice": f"« {label} » : valeur inconnue.",
        },
    )


class RequestForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Service domiciliataire",
        queryset=Service.objects.none(),
        error_messages={"required": "« Service » est obligatoire."},
    )
    requested_on = date_field("Demandée le")
    requester = _choice("Demandée par", Prescriber.choices)
    birth_place = forms.CharField(
        label="Lieu de naissance (commune, pays)",
        max_length=200,
        required=False,
        help_text="Figure sur l'attestation d'élection de domicile.",
    )

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[(DomiciliationDecision.ACCEPTEE, "Acceptée"), (DomiciliationDecision.REFUSEE, "Refusée")],
        widget=forms.RadioSelect,
        error_messages={"required": "« Décision » est obligatoire."},
    )
    decided_on = date_field("Décidée le")
    start_date = date_field("Valable à partir du", required=False, help_text="Par défaut : le jour de la décision.")
    end_date = date_field(
        "Valable jusqu'au", required=False, help_text="Un an au plus ; par défaut la veille de la date anniversaire."
    )
    refusal_reason = forms.CharField(
        label="Motif du refus (en cas de refus)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Il figure sur le courrier de refus remis à la personne.",
    )


class RenewalForm(forms.Form):
    decided_on = date_field("Renouvelée le")
    requester = _choice("Demandée par", Prescriber.choices)
    end_date = date_field(
        "Valable jusqu'au", required=False, help_text="Un an au plus ; par défaut la veille de la date anniversaire."
    )


class EndForm(forms.Form):
    reason = forms.ChoiceField(
        label="Motif de fin",
        choices=BLANK + [(r.value, r.label) for r in MANUAL_END_REASONS],
        error_messages={"required": "« Motif de fin » est obligatoire."},
    )
    on = date_field("Fin le")


class RadiationForm(forms.Form):
    on = date_field("Radiée le")


class MailForm(forms.Form):
    received_on = date_field("Reçu le")
    kind = forms.ChoiceField(label="Nature", choices=MailKind.choices)
    sender = forms.CharField(label="Expéditeur (facultatif)", max_length=200, required=False)


class MailDateForm(forms.Form):
    on = date_field("Le")
