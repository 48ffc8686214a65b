from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import User
from core.forms import date_field, model_choice_field
from establishments.models import Establishment, Service
from people.enums import Sex
from people.models import Person
from places.models import Unit
from stays.forms import StayOpenForm

from .enums import CommissionChoice, MetAt, Prescriber, Priority, RequestOutcome
from .models import AdmissionRequest, RefusalReason

BLANK = [("", "— choisir —")]


def _choice(label: str, choices: Any, *, required: bool = True, initial: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=(BLANK if required and not initial else []) + list(choices),
        required=required,
        initial=initial,
        error_messages={"required": f"« {label} » est obligatoire.", "invalid_choice": f"« {label} » : code inconnu."},
    )


class IdentityMixin(forms.Form):
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    birth_date = date_field("Date de naissance", required=False)
    sex = forms.ChoiceField(label="Sexe", choices=BLANK + list(Sex.choices), required=False)


class DetentionMixin(forms.Form):
    prison = forms.CharField(
        label="Établissement pénitentiaire", max_length=200, required=False, help_text="Si la personne est détenue."
    )
    expected_release = date_field("Date de libération prévue", required=False)
    current_measure = forms.CharField(
        label="Mesure en cours", max_length=200, required=False, help_text="Ex. : détention, projet de PSE…"
    )


class RequestForm(IdentityMixin, DetentionMixin, forms.Form):
    person_pk = forms.IntegerField(
        label="N° de dossier de la personne",
        required=False,
        min_value=1,
        help_text="Si la personne a déjà une fiche ; sinon remplissez son identité ci-dessous.",
    )
    service = forms.ModelChoiceField(
        label="Service demandé",
        queryset=Service.objects.none(),
        error_messages={"required": "« Service demandé » est obligatoire."},
    )
    prescriber = _choice("Prescripteur", Prescriber.choices)
    organisation = forms.CharField(
        label="Organisme prescripteur", max_length=200, required=False, help_text="Ex. : SPIP de la Somme"
    )
    contact = forms.CharField(
        label="Contact", max_length=300, required=False, help_text="Nom, téléphone, courriel du référent."
    )
    received_on = date_field("Reçue le")
    priority = _choice("Priorité", Priority.choices, initial=Priority.NORMALE)
    remarks = forms.CharField(label="Remarques", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    document = forms.FileField(
        label="Pièce jointe (PDF, JPEG, PNG)", required=False, help_text="Rapport du SPIP, fiche SIAO… 10 Mo au plus."
    )

    field_order = [
        "person_pk",
        "last_name",
        "first_name",
        "birth_date",
        "sex",
        "prison",
        "expected_release",
        "current_measure",
        "service",
        "prescriber",
        "organisation",
        "contact",
        "received_on",
        "priority",
        "remarks",
        "document",
    ]

    def __init__(self, *args: Any, user: User, establishment: Establishment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        model_choice_field(self, "service").queryset = Service.objects.filter(establishment=establishment)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pk = data.get("person_pk")
        data["person"] = None
        if pk:
            person = Person.objects.visible_to(self.user).filter(pk=pk).first()
            if person is None:
                self.add_error("person_pk", f"Aucun dossier n° {pk} dans votre périmètre.")
            data["person"] = person
        else:
            for name, label in (("last_name", "Nom"), ("first_name", "Prénom"), ("sex", "Sexe")):
                if not data.get(name):
                    self.add_error(
                        name, f"« {label} » est obligatoire pour une nouvelle personne (ou indiquez le n° de dossier)."
                    )
        return data


class ContactForm(IdentityMixin, DetentionMixin, forms.Form):
    met_at = _choice("Rencontrée lors de", [c for c in MetAt.choices if c[0] != MetAt.DEMANDE])
    met_on = date_field("Date de la rencontre")
    notes = forms.CharField(label="Observations", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, label in (
            ("last_name", "Nom"),
            ("first_name", "Prénom"),
            ("sex", "Sexe"),
            ("prison", "Établissement pénitentiaire"),
        ):
            if not data.get(name):
                self.add_error(name, f"« {label} » est obligatoire.")
        return data


class SessionForm(forms.Form):
    date = date_field("Date de la séance")
    members = forms.CharField(
        label="Membres présents",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "« Membres présents » est obligatoire."},
    )

    def __init__(
        self, *args: Any, requests: list[AdmissionRequest], establishment: Establishment, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.requests = requests
        reasons = RefusalReason.objects.filter(active=True)
        others = Service.objects.exclude(establishment=None).select_related("establishment")
        for r in requests:
            self.fields[f"decision_{r.pk}"] = forms.ChoiceField(
                label="Avis",
                choices=[("", "Pas examinée")] + list(CommissionChoice.choices),
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"expected_arrival_{r.pk}"] = date_field("Arrivée prévue", required=False)
            self.fields[f"refusal_reason_{r.pk}"] = forms.ModelChoiceField(
                label="Motif de refus", queryset=reasons, required=False, empty_label="— motif —"
            )
            self.fields[f"to_service_{r.pk}"] = forms.ModelChoiceField(
                label="Réorienter vers",
                queryset=others.exclude(pk=r.service_id),
                required=False,
                empty_label="— service —",
            )
            self.fields[f"note_{r.pk}"] = forms.CharField(label="Commentaire", required=False, max_length=500)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "request": r,
                "decision": self[f"decision_{r.pk}"],
                "expected_arrival": self[f"expected_arrival_{r.pk}"],
                "refusal_reason": self[f"refusal_reason_{r.pk}"],
                "to_service": self[f"to_service_{r.pk}"],
                "note": self[f"note_{r.pk}"],
            }
            for r in self.requests
        ]


class AdmitForm(StayOpenForm):
    unit = forms.ModelChoiceField(
        label="Unité (chambre, lit, logement)",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="Première unité libre",
    )

    def __init__(self, *args: Any, request_obj: AdmissionRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["service"]
        model_choice_field(self, "unit").queryset = Unit.objects.filter(service=request_obj.service, active=True)
        self.order_fields(["start_date", "unit"])


class CloseForm(forms.Form):
    outcome = _choice(
        "Suite",
        [
            (RequestOutcome.NON_PRESENTE, "Ne s'est pas présenté(e)"),
            (RequestOutcome.DESISTE, "Désistement"),
            (RequestOutcome.REORIENTE, "Réorientation vers un autre service"),
        ],
    )
    on = date_field("Date")
    to_service = forms.ModelChoiceField(
        label="Réorienter vers (en cas de réorientation)",
        queryset=Service.objects.select_related("establishment"),
        required=False,
    )
