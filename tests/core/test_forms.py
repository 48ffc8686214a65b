"""core.forms: the typed accessors of a form's choice fields."""

from __future__ import annotations

import pytest
from django import forms

from core.forms import choice_field, model_choice_field, model_choices
from establishments.models import Establishment


class _Form(forms.Form):
    establishment = forms.ModelChoiceField(queryset=Establishment.objects.none())
    kind = forms.ChoiceField(choices=[("a", "A")])
    name = forms.CharField()


def test_the_accessors_return_the_field_of_the_right_kind() -> None:
    form = _Form()
    model_choice_field(form, "establishment").queryset = Establishment.objects.filter(name="x")
    assert model_choices(form, "establishment").query.where
    assert choice_field(form, "kind").choices == [("a", "A")]


def test_the_accessors_refuse_a_field_of_another_kind() -> None:
    form = _Form()
    with pytest.raises(TypeError):
        model_choice_field(form, "name")
    with pytest.raises(TypeError):
        choice_field(form, "name")
