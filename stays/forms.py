from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import User
from core.forms import date_field, model_choice_field
from establishments.access import writable_services
from establishments.models import Service
from people.models import Person

from .enums import ExitActivity, ExitHousing, ExitReason, HouseholdRole

MEMBER_ROWS = 4
BLANK = [("", "— choisir —")]


def _required_choice(label: str, choices: list[tuple[str, str]]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=BLANK + choices,
        error_messages={"required": f"« {label} » est obligatoire.", "invalid_choice": f"« {label} » : code inconnu."},
    )


class StayOpenForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Service", queryset=Service.objects.none(), error_messages={"required": "« Service » est obligatoire."}
    )
    start_date = date_field("Date d'entrée")

    def __init__(self, *args: Any, user: User, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.person = person
        model_choice_field(self, "service").queryset = writable_services(user)
        for i in range(1, MEMBER_ROWS + 1):
            self.fields[f"member_{i}"] = forms.IntegerField(
                label=f"Membre du ménage {i} : n° de dossier",
                required=False,
                min_value=1,
                help_text="Le n° de dossier figure sur la fiche de la personne." if i == 1 else "",
            )
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=f"Membre du ménage {i} : rôle",
                required=False,
                choices=BLANK + [c for c in HouseholdRole.choices if c[0] != HouseholdRole.DEMANDEUR],
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        members: list[tuple[Person, str]] = []
        visible = Person.objects.visible_to(self.user)
        for i in range(1, MEMBER_ROWS + 1):
            pk, role = data.get(f"member_{i}"), data.get(f"role_{i}")
            if not pk and not role:
                continue
            if not pk:
                self.add_error(f"member_{i}", f"« Membre du ménage {i} » : indiquez le n° de dossier.")
                continue
            if not role:
                self.add_error(f"role_{i}", f"« Membre du ménage {i} » : choisissez le rôle.")
                continue
            member = visible.filter(pk=pk).first()
            if member is None:
                self.add_error(f"member_{i}", f"« Membre du ménage {i} » : aucun dossier n° {pk} dans votre périmètre.")
            elif member.pk == self.person.pk:
                self.add_error(f"member_{i}", "La personne admise ne peut pas être membre de son propre ménage.")
            else:
                members.append((member, role))
        data["household_members"] = members
        return data


class StayCloseForm(forms.Form):
    end_date = date_field("Date de sortie", help_text="Le jour du départ (la nuit de ce jour n'est pas comptée).")
    exit_reason = _required_choice("Motif de sortie", ExitReason.choices)
    exit_housing = _required_choice("Logement à la sortie", ExitHousing.choices)
    exit_activity = _required_choice("Activité à la sortie", ExitActivity.choices)


class StayTransferForm(forms.Form):
    to_service = forms.ModelChoiceField(
        label="Nouveau service",
        queryset=Service.objects.none(),
        error_messages={"required": "« Nouveau service » est obligatoire."},
    )
    date = date_field("Date du transfert", help_text="Sortie du service actuel et entrée dans le nouveau le même jour.")
    exit_housing = _required_choice("Logement à la sortie du service actuel", ExitHousing.choices)
    exit_activity = _required_choice("Activité à la sortie du service actuel", ExitActivity.choices)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "to_service").queryset = writable_services(user)
