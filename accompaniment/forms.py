from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from core.forms import choice_field, date_field, model_choice_field
from core.uploads import max_upload_bytes
from establishments.models import Establishment, Service
from people.models import Person

from .enums import (
    Attendance,
    Confidentiality,
    LifeDomain,
    ObjectiveStatus,
    Partner,
    PersonDocumentKind,
    ReminderChannel,
    ReviewKind,
    SessionAttendance,
    StepStatus,
    WorkshopTheme,
)

BLANK = [("", "— choisir —")]


def choice(label: str, choices: list[Any], *, required: bool = True, initial: Any = None) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        initial=initial,
        error_messages={"required": f"« {label} » est obligatoire.", "invalid_choice": f"« {label} » : choix inconnu."},
    )


def text_field(
    label: str, *, required: bool = True, max_length: int | None = 300, area: bool = False, **kw: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 4}) if area else None,
        error_messages={"required": f"« {label} » est obligatoire."},
        **kw,
    )


class StayTermsForm(forms.Form):
    planned_end_date = date_field(
        "Fin prévue", required=False, help_text="Au-delà de deux mois : contrat de séjour ; sinon DIPC."
    )


class StayDocumentForm(forms.Form):
    handed_on = date_field("Remis le", required=False)
    signed_on = date_field("Signé le", required=False)
    scan = forms.FileField(
        label="Scan signé",
        required=False,
        help_text=f"PDF, JPEG ou PNG, {max_upload_bytes() // (1024 * 1024)} Mo au plus.",
    )


class DiagnosisForm(forms.Form):
    person_words = text_field("Les mots de la personne", required=False, max_length=None, area=True)
    assessment = text_field("L'évaluation du travailleur social", required=False, max_length=None, area=True)


class ObjectiveForm(forms.Form):
    title = text_field("Objectif")
    domain = choice("Domaine", [("", "—")] + LifeDomain.choices, required=False)
    agreed_on = date_field("Convenu le")
    review_date = date_field("Date de révision", required=False)


class ObjectiveUpdateForm(forms.Form):
    status = choice("Statut", ObjectiveStatus.choices)
    review_date = date_field("Date de révision", required=False)


class ActionForm(forms.Form):
    description = text_field("Action")
    who = text_field("Qui", max_length=150, help_text="La personne, le référent, un partenaire…")
    due_date = date_field("Pour le")


class ActionDoneForm(forms.Form):
    done_on = date_field("Faite le")


class ReviewForm(forms.Form):
    kind = choice("Bilan", BLANK + ReviewKind.choices)
    date = date_field("Date")
    summary = text_field("Contenu du bilan", max_length=None, area=True)


class StepForm(forms.Form):
    status = choice("Statut", StepStatus.choices)
    status_date = date_field("Date du statut")
    due_date = date_field("Échéance", required=False)
    comment = text_field("Commentaire", required=False)


class AppointmentForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Date et heure",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        error_messages={
            "required": "« Date et heure » est obligatoire.",
            "invalid": "« Date et heure » : format JJ/MM/AAAA HH:MM.",
        },
    )
    duration_minutes = forms.IntegerField(label="Durée (minutes)", initial=60, min_value=5, max_value=600)
    partner = choice("Partenaire", Partner.choices, required=False)
    place = text_field("Lieu", max_length=200)
    purpose = text_field("Objet")
    reminder_channel = choice("Rappel", ReminderChannel.choices, required=False, initial="")


class AttendanceForm(forms.Form):
    attendance = choice("Présence", BLANK + [c for c in Attendance.choices if c[0] != Attendance.PREVU])


class ContactForm(forms.Form):
    phone = text_field("Téléphone portable", required=False, max_length=32)
    email = forms.EmailField(label="Courriel", required=False, error_messages={"invalid": "« Courriel » invalide."})
    consent = forms.BooleanField(label="La personne accepte de recevoir des rappels de rendez-vous", required=False)
    consent_on = date_field("Consentement recueilli le", required=False, help_text="Aujourd'hui si vide.")


class ReminderTemplateForm(forms.Form):
    text = text_field(
        "Texte du rappel",
        max_length=None,
        area=True,
        help_text="Champs possibles : {prenom} {nom} {date} {heure} {lieu} {objet} {etablissement}.",
    )


class ConfirmForm(forms.Form):
    pass


class WorkshopForm(forms.Form):
    service: forms.ModelChoiceField[Service] = forms.ModelChoiceField(
        label="Service", queryset=None, error_messages={"required": "« Service » est obligatoire."}
    )
    theme = choice("Thème", BLANK + WorkshopTheme.choices)
    title = text_field("Intitulé", max_length=200)

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "service").queryset = services


class SessionForm(forms.Form):
    date = date_field("Date")
    place = text_field("Lieu", required=False, max_length=200)


class RegistrationForm(forms.Form):
    person: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label="Personne", queryset=None, error_messages={"required": "« Personne » est obligatoire."}
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "person").queryset = people


class SessionAttendanceForm(forms.Form):
    attendance = choice("Présence", SessionAttendance.choices)


class NoteForm(forms.Form):
    text = text_field("Note", max_length=None, area=True)
    confidentiality = choice("Visible par", Confidentiality.choices, initial=Confidentiality.EQUIPE)
    date = date_field("Date", required=False, help_text="Aujourd'hui si vide.")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not user.sees_health:
            choice_field(self, "confidentiality").choices = [
                c for c in Confidentiality.choices if c[0] != Confidentiality.SANTE
            ]


class NoteCorrectForm(forms.Form):
    text = text_field("Note", max_length=None, area=True)
    reason = text_field("Motif de la correction")


class UserChoiceField(forms.ModelChoiceField):  # of users
    def label_from_instance(self, obj: User) -> str:
        names = ", ".join(e.name for e in obj.establishments.all())
        return f"{obj} ({names})" if names else str(obj)


class CoReferentForm(forms.Form):
    user = UserChoiceField(
        label="Co-référent", queryset=None, error_messages={"required": "« Co-référent » est obligatoire."}
    )

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "user").queryset = users


class HandoverForm(forms.Form):
    to_user = UserChoiceField(
        label="Nouveau référent", queryset=None, error_messages={"required": "« Nouveau référent » est obligatoire."}
    )
    to_establishment: forms.ModelChoiceField[Establishment] = forms.ModelChoiceField(
        label="Établissement d'accueil",
        queryset=None,
        required=False,
        help_text="Si la personne change d'établissement.",
    )
    message = text_field("Mot pour le nouveau référent", required=False, max_length=None, area=True)

    def __init__(
        self, *args: Any, users: QuerySet[User], establishments: QuerySet[Establishment], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "to_user").queryset = users
        model_choice_field(self, "to_establishment").queryset = establishments


class DocumentForm(forms.Form):
    kind = choice("Type de document", BLANK + PersonDocumentKind.choices)
    title = text_field("Intitulé", required=False, max_length=200)
    expires_on = date_field(
        "Date d'expiration",
        required=False,
        help_text="Obligatoire pour une pièce d'identité, un titre de séjour, une domiciliation.",
    )
    upload = forms.FileField(
        label="Fichier",
        help_text=f"PDF, JPEG ou PNG, {max_upload_bytes() // (1024 * 1024)} Mo au plus.",
        error_messages={"required": "« Fichier » est obligatoire."},
    )


class OverdueFilterForm(forms.Form):
    establishment: forms.ModelChoiceField[Establishment] = forms.ModelChoiceField(
        label="Établissement", queryset=None, required=False
    )
    referent: forms.ModelChoiceField[User] = forms.ModelChoiceField(label="Référent", queryset=None, required=False)

    def __init__(
        self, *args: Any, establishments: QuerySet[Establishment], referents: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "establishment").queryset = establishments
        model_choice_field(self, "referent").queryset = referents
