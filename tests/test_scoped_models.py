"""Every model linked to a person or an establishment — directly, or through a model that is — has
`objects.visible_to(user)`, the one scope rule (core/scope.py, docs/architecture.md). A new model that forgets it
fails here."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, cast

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models

from accounts.models import User
from core.scope import establishment_scope
from establishments.models import Establishment
from people.models import Person
from tests.factories import PersonFactory


class _ScopedManager(Protocol):
    """What `visible_to` gives a model's manager (checked by name in the first test: mypy cannot see it on
    `Model._default_manager`)."""

    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet[Any]: ...


def _project_models() -> list[type[models.Model]]:
    """The models of the project's own apps (not Django's nor third-party ones)."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base) and ".venv" not in Path(config.path).parts
        for model in config.get_models()
    ]


def _scoped_models() -> set[type[models.Model]]:
    """The models linked to Person or Establishment, by a relation field, directly or through a scoped model."""
    ours = _project_models()
    scoped: set[type[models.Model]] = {Person, Establishment}
    changed = True
    while changed:
        changed = False
        for model in ours:
            if model in scoped:
                continue
            targets = {f.related_model for f in model._meta.get_fields() if f.is_relation and f.concrete}
            if targets & scoped:
                scoped.add(model)
                changed = True
    return scoped


def test_every_model_linked_to_a_person_or_an_establishment_has_visible_to() -> None:
    scoped = _scoped_models()
    assert len(scoped) > 30  # the walk did find the models (stays, events, notes…)
    missing = sorted(m._meta.label for m in scoped if not hasattr(m._default_manager, "visible_to"))
    assert not missing, f"Modèles sans visible_to(user) : {missing}"


def test_visible_to_keeps_the_rows_of_the_users_establishments(world) -> None:  # type: ignore[no-untyped-def]
    """Each scoped manager answers for the five personas without error, and nothing for an anonymous user."""
    for model in _scoped_models():
        manager = cast(_ScopedManager, model._default_manager)
        for user in (world.worker_a, world.worker_b, world.reception_a, world.head_office, world.admin):
            list(manager.visible_to(user)[:1])
        assert not manager.visible_to(AnonymousUser()).exists(), model


def test_the_scope_of_a_worker_is_their_establishments(world) -> None:  # type: ignore[no-untyped-def]
    from stays.models import Stay

    assert set(Stay.objects.visible_to(world.worker_a)) == {world.stay_a}
    assert set(Stay.objects.visible_to(world.head_office)) == {world.stay_a, world.stay_b}
    assert set(Establishment.objects.filter(establishment_scope(world.worker_b, "pk"))) == {world.est_b}
    unlinked = PersonFactory()
    assert not Person.objects.visible_to(world.worker_a).filter(pk=unlinked.pk).exists()
    assert Person.objects.visible_to(world.admin).filter(pk=unlinked.pk).exists()
