"""In the tests, a template variable the view did not pass fails the test (tests/conftest.py), unless the template
says what to show without it."""

from __future__ import annotations

import pytest
from django.template import engines


def render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


def test_an_undefined_variable_fails_the_test() -> None:
    with pytest.raises(pytest.fail.Exception, match="Undefined template variable 'missing'"):
        render("<p>{{ missing }}</p>")
    with pytest.raises(pytest.fail.Exception, match="Undefined template variable 'person.nickname'"):
        render("{{ person.nickname|upper }}", person=object())


def test_an_undefined_variable_still_fails_after_a_setting_rebuilt_the_engines(settings) -> None:  # type: ignore[no-untyped-def]
    """Changing DEBUG (as the tests of the production error pages do) makes Django build new template engines."""
    settings.DEBUG = not settings.DEBUG
    with pytest.raises(pytest.fail.Exception, match="Undefined template variable 'missing'"):
        render("<p>{{ missing }}</p>")


def test_a_default_an_if_or_a_for_say_what_to_show_without_it() -> None:
    assert render('{{ missing|default:"—" }}{% if missing %}x{% endif %}{% for y in missing %}y{% endfor %}') == "—"
    assert render("{{ present }}", present="là") == "là"
