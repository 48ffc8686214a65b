from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms

from core.forms import date_field
from people.models import Person
from stays.enums import ExitActivity, ExitHousing, ExitReason

from .enums import (
    PERIOD_ACTIVITIES,
    AbsenceReason,
    CandidateDecision,
    CohortPrescriber,
    ContractEndReason,
    SoaOutcome,
    TigOutcome,
)
from .models import MAX_WEEKLY_HOURS, Contract

BLANK = [("", "— choisir —")]


def choice(label: str, choices: list[Any], *, required: bool = True, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=BLANK + list(choices),
        required=required,
        help_text=help_text,
        error_messages={"required": f"« {label} » est obligatoire.", "invalid_choice": f"« {label} » : choix inconnu."},
    )


def text(label: str, *, required: bool = True, max_length: int | None = 200, area: bool = False, **kw: Any) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}) if area else None,
        error_messages={"required": f"« {label} » est obligatoire."},
        **kw,
    )


def integer(label: str, *, min_value: int, max_value: int, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=max_value,
        help_text=help_text,
        error_messages={
            "required": f"« {label} » est obligatoire.",
            "invalid": f"« {label} » : un nombre entier.",
            "min_value": f"« {label} » : au moins {min_value}.",
            "max_value": f"« {label} » : au plus {max_value}.",
        },
    )


def services_field(label: str, queryset: Any) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label=label, queryset=queryset, error_messages={"required": f"« {label} » est obligatoire."}
    )
    return field


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


def datetime_field(label: str, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        error_messages={
            "required": f"« {label} » est obligatoire.",
            "invalid": f"« {label} » : date et heure invalides.",
        },
    )


class PersonNumberField(forms.IntegerField):
    """A person of the user's scope given by their file number (n° de dossier)."""

    def __init__(self, *, user: Any, label: str = "N° de dossier de la personne") -> None:
        super().__init__(
            label=label,
            min_value=1,
            help_text="Le n° de dossier figure sur la fiche de la personne (créez d'abord la fiche si besoin).",
            error_messages={"required": f"« {label} » est obligatoire.", "invalid": f"« {label} » : un nombre."},
        )
        self.user = user

    def clean(self, value: Any) -> Person:  # type: ignore[override]
        pk = super().clean(value)
        person = Person.objects.visible_to(self.user).filter(pk=pk).first()
        if person is None:
            raise forms.ValidationError(f"Aucun dossier n° {pk} dans votre périmètre.")
        return person


# --- Contracts ----------------------------------------------------------------------------------------------------


class ContractForm(forms.Form):
    """The terms of a contract, and — after a first POST raised warnings, for an establishment head — the written
    reason to override them (`acknowledged` carries the warnings shown)."""

    start_date = date_field("Début du contrat")
    end_date = date_field("Fin prévue du contrat", help_text="Dernier jour du contrat (CDDI de 4 à 24 mois).")
    weekly_hours = integer(
        "Heures par semaine", min_value=1, max_value=MAX_WEEKLY_HOURS, help_text="20 heures au moins, sauf dérogation."
    )
    position = text("Poste", required=False, help_text="Par exemple : commis de cuisine, aide-mécanicien.")
    agreement_reference = text(
        "PASS IAE ou n° d'agrément", required=False, max_length=100, help_text="Tel qu'il figure sur le document."
    )
    acknowledged = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, with_override: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_override:
            self.fields["override_reason"] = text(
                "Motif du passage outre",
                required=False,
                max_length=None,
                area=True,
                help_text="Écrit dans le contrat et dans le journal d'audit.",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["acknowledged_warnings"] = [c for c in (data.pop("acknowledged", "") or "").split(",") if c]
        data.setdefault("override_reason", "")
        return data


class HireForm(ContractForm):
    field_order = ["service"]

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"] = services_field("Atelier ou service", services)
        self.order_fields(["service", *[n for n in self.fields if n != "service"]])


class EndEarlyForm(forms.Form):
    end_date = date_field("Dernier jour du contrat")
    reason = choice("Motif de fin anticipée", ContractEndReason.choices)


class ExitForm(forms.Form):
    end_date = date_field(
        "Date de sortie", help_text="Le dernier jour du parcours ; un contrat en cours finit ce jour-là."
    )
    exit_reason = choice("Motif de sortie", ExitReason.choices)
    exit_housing = choice("Logement à la sortie", ExitHousing.choices)
    exit_activity = choice("Activité à la sortie", ExitActivity.choices)
    contract_end_reason = choice(
        "Motif de fin anticipée du contrat",
        ContractEndReason.choices,
        required=False,
        help_text="Seulement si le contrat en cours devait finir après la date de sortie.",
    )


# --- Monthly hours ------------------------------------------------------------------------------------------------


def _decimal(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 7}),
        error_messages={
            "invalid": f"« {label} » : un nombre (par exemple 86,5).",
            "max_decimal_places": f"« {label} » : deux décimales au plus.",
            "max_digits": f"« {label} » : nombre trop grand.",
            "min_value": f"« {label} » : un nombre positif.",
        },
    )


class MonthSheetForm(forms.Form):
    """One line per contract in force that month: hours worked, absence hours and their reason, a comment."""

    def __init__(self, *args: Any, contracts: list[Contract], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contracts = contracts
        for c in contracts:
            who = str(c.stay.person)
            self.fields[f"hours_{c.pk}"] = _decimal(f"Heures travaillées — {who}")
            self.fields[f"absence_hours_{c.pk}"] = _decimal(f"Heures d'absence — {who}")
            self.fields[f"absence_reason_{c.pk}"] = forms.ChoiceField(
                label=f"Motif d'absence — {who}", required=False, choices=[("", "—")] + AbsenceReason.choices
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=f"Commentaire — {who}", required=False, max_length=300
            )

    def rows(self) -> list[tuple[Contract, list[forms.BoundField]]]:
        return [
            (c, [self[f"{name}_{c.pk}"] for name in ("hours", "absence_hours", "absence_reason", "comment")])
            for c in self.contracts
        ]

    def lines(self) -> dict[int, Any]:
        from .services import HoursLine

        data = self.cleaned_data
        return {
            c.pk: HoursLine(
                hours=data[f"hours_{c.pk}"],
                absence_hours=data[f"absence_hours_{c.pk}"] or Decimal(0),
                absence_reason=data[f"absence_reason_{c.pk}"],
                comment=data[f"comment_{c.pk}"],
            )
            for c in self.contracts
        }


class ReopenForm(forms.Form):
    reason = text("Motif de la réouverture", max_length=None, area=True)


class ConfirmForm(forms.Form):
    pass


# --- Activity periods ---------------------------------------------------------------------------------------------


class ActivityPeriodForm(forms.Form):
    activity = choice("Activité", PERIOD_ACTIVITIES)
    start_date = date_field("Début")
    end_date = date_field("Fin", required=False, help_text="Vide si l'activité continue.")
    employer = text("Employeur ou organisme", required=False)


# --- AQI cohorts --------------------------------------------------------------------------------------------------


class CohortForm(forms.Form):
    name = text("Nom de la promotion")
    start_date = date_field("Début")
    end_date = date_field("Fin", required=False)
    exam_date = date_field("Date d'examen", required=False)
    diploma_title = text("Titre préparé", required=False, help_text="Par exemple : agent de restauration collective.")

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"] = services_field("Site (service)", services)
        self.order_fields(["service", "name"])


class CandidateForm(forms.Form):
    prescriber = choice("Prescripteur", CohortPrescriber.choices)
    prescriber_detail = text("Organisme et contact", required=False)
    received_on = date_field("Candidature reçue le")
    note = text("Observations", required=False, max_length=None, area=True)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonNumberField(user=user)
        self.order_fields(["person"])


class DecisionForm(forms.Form):
    decision = choice("Décision", [c for c in CandidateDecision.choices if c[0] != CandidateDecision.EN_ATTENTE])
    decided_on = date_field("Décidée le")
    note = text("Observations", required=False, max_length=None, area=True)


class ImmersionForm(forms.Form):
    company = text("Entreprise")
    tutor = text("Tuteur", required=False)
    start_date = date_field("Début")
    end_date = date_field("Fin")


class ExamForm(forms.Form):
    sat_exam = forms.BooleanField(label="S'est présenté(e) à l'examen", required=False)
    graduated = forms.BooleanField(label="Diplômé(e)", required=False)


# --- TIG ----------------------------------------------------------------------------------------------------------


class TigForm(forms.Form):
    spip = text("SPIP", help_text="Le service qui a envoyé la personne, par exemple « SPIP 80 ».")
    start_date = date_field("Début")
    hours_ordered = integer("Heures prononcées", min_value=1, max_value=400)
    deadline = date_field("Date limite d'exécution", required=False)
    tutor = text("Tuteur", required=False)

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"] = services_field("Atelier ou service d'accueil", services)
        self.order_fields(["service"])


class TigSessionForm(forms.Form):
    date = date_field("Date")
    hours = integer("Heures effectuées", min_value=1, max_value=10)
    activity = text("Travail effectué", required=False)


class TigAbsenceForm(forms.Form):
    occurred_at = datetime_field("Absence constatée le")
    description = text("Ce qui s'est passé", required=False, max_length=None, area=True)
    spip_informed_at = datetime_field("SPIP informé le", required=False)


class TigCompleteForm(forms.Form):
    end_date = date_field("Fin du TIG")
    outcome = choice("Issue", TigOutcome.choices)


# --- SOA ----------------------------------------------------------------------------------------------------------


class SoaSessionForm(forms.Form):
    name = text("Nom de la session")
    start_date = date_field("Début")
    end_date = date_field("Fin")

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"] = services_field("Service", services)
        self.order_fields(["service"])


class SoaEnrolForm(forms.Form):
    start_date = date_field("Entrée le")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonNumberField(user=user)
        self.order_fields(["person"])


class InternshipForm(forms.Form):
    company = text("Entreprise")
    start_date = date_field("Début")
    end_date = date_field("Fin")


class SoaCompleteForm(forms.Form):
    end_date = date_field("Fin de la session pour cette personne")
    outcome = choice("Issue", [c for c in SoaOutcome.choices if c[0] != SoaOutcome.EN_COURS])
    project_validated = forms.BooleanField(label="Projet professionnel validé", required=False)
    project = text("Projet professionnel (métier visé)", required=False)
    follow_up = forms.BooleanField(label="Suivi de 6 mois accepté", required=False)
    exit_reason = choice("Motif de sortie", ExitReason.choices)
    exit_housing = choice("Logement à la sortie", ExitHousing.choices)
    exit_activity = choice("Activité à la sortie", ExitActivity.choices)


def month_from(year: int, month: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, 1)
    except ValueError:
        return None
