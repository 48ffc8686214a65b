from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from core.forms import date_field, model_choice_field
from establishments.enums import NightRecording
from establishments.models import Service
from people.enums import Sex

from .enums import IncidentStatus, UnitKind, Weekday
from .models import Unit

BLANK = [("", "— choisir —")]


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
            "invalid": f"« {label} » : date et heure invalides (JJ/MM/AAAA HH:MM).",
        },
    )


class WalkInForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Service", queryset=Service.objects.none(), error_messages={"required": "« Service » est obligatoire."}
    )
    last_name = forms.CharField(label="Nom", max_length=150, error_messages={"required": "« Nom » est obligatoire."})
    first_name = forms.CharField(
        label="Prénom", max_length=150, error_messages={"required": "« Prénom » est obligatoire."}
    )
    birth_date = date_field("Date de naissance", required=False)
    sex = forms.ChoiceField(
        label="Sexe", choices=BLANK + list(Sex.choices), error_messages={"required": "« Sexe » est obligatoire."}
    )

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "service").queryset = services.filter(night_recording=NightRecording.NUITEE)


class AbsenceForm(forms.Form):
    at = datetime_field("Absence constatée le")
    description = forms.CharField(label="Ce qui s'est passé", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class IncidentForm(forms.Form):
    description = forms.CharField(label="Ce qui s'est passé", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    spip_informed_at = datetime_field("SPIP informé le", required=False)
    status = forms.ChoiceField(label="État", choices=IncidentStatus.choices)


class ConditionsForm(forms.Form):
    care_obligation = forms.CharField(label="Obligation de soins", max_length=300, required=False)
    work_obligation = forms.CharField(label="Obligation de travail ou de formation", max_length=300, required=False)
    prohibitions = forms.CharField(
        label="Interdictions (lieux, personnes…)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    other = forms.CharField(label="Autres obligations", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Weekday.choices:
            self.fields[f"start_{value}"] = forms.TimeField(label=f"{label} : sortie autorisée de", required=False)
            self.fields[f"end_{value}"] = forms.TimeField(label=f"{label} : à", required=False)
            self.fields[f"start_{value}"].widget.input_type = "time"
            self.fields[f"end_{value}"].widget.input_type = "time"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        hours = []
        for value, label in Weekday.choices:
            start, end = data.get(f"start_{value}"), data.get(f"end_{value}")
            if start and end:
                hours.append((value, start, end))
            elif start or end:
                self.add_error(f"end_{value}", f"« {label} » : indiquez l'heure de sortie et l'heure de retour.")
        data["hours"] = hours
        return data


class UnitForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Service", queryset=Service.objects.none(), error_messages={"required": "« Service » est obligatoire."}
    )
    name = forms.CharField(
        label="Nom ou numéro", max_length=100, error_messages={"required": "« Nom » est obligatoire."}
    )
    kind = forms.ChoiceField(label="Type", choices=UnitKind.choices)
    places = forms.IntegerField(
        label="Places",
        min_value=1,
        error_messages={"required": "« Places » est obligatoire.", "min_value": "« Places » : au moins 1."},
    )

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "service").queryset = services


class PlacementForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="Unité", queryset=Unit.objects.none(), error_messages={"required": "« Unité » est obligatoire."}
    )
    planned_departure = date_field("Départ prévu le", required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units
