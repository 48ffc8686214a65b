from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet


class DateInput(forms.DateInput):
    """A native date picker; the value is sent as ISO (AAAA-MM-JJ), typed dates JJ/MM/AAAA are accepted too."""

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={
            "required": f"« {label} » est obligatoire.",
            "invalid": f"« {label} » : date invalide (format JJ/MM/AAAA).",
        },
    )


def day_from_query(value: str | None, default: datetime.date) -> datetime.date:
    """A day given in a URL (`?date=AAAA-MM-JJ`), or `default` when it is missing or not a date."""
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def apply_service_errors(form: forms.Form, error: Exception) -> None:
    """Put a service's ValidationError on the form fields it names (unknown fields go to the form itself)."""
    assert isinstance(error, ValidationError)
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field `name`, a ModelChoiceField (to set or read its queryset: `form.fields` holds plain Fields)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} n'est pas un champ de choix d'objets.")
    return field


def model_choices(form: forms.BaseForm, name: str) -> QuerySet[Any]:
    """The objects the form's model choice field `name` offers."""
    queryset = model_choice_field(form, name).queryset
    if queryset is None:
        raise TypeError(f"{type(form).__name__}.{name} n'a pas d'ensemble de choix.")
    return queryset


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field `name`, a ChoiceField (to narrow its choices: `form.fields` holds plain Fields)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} n'est pas un champ de choix.")
    return field
