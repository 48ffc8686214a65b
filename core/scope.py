"""The scope rule, written once: a user sees the rows of their establishments; head office and administrators see
every row. Every model linked to an establishment has a `visible_to(user)` queryset method built on it (people's
records add the person rule: `people.models.PersonLinkedQuerySet`); access helpers (`<app>/access.py`) use those
methods and answer 404 outside the scope, then check the role (403)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Self, TypeGuard, TypeVar

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:  # for type checking only: core stays below accounts
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

_M = TypeVar("_M", bound=models.Model, covariant=True)


def establishment_scope(user: User, path: str) -> Q:
    """Rows whose `path` (a lookup ending on an Establishment) is one of the user's establishments."""
    if user.sees_all_establishments:
        return Q()
    return Q(**{f"{path}__in": user.establishments.values("pk")})


def is_signed_in(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return bool(getattr(user, "is_authenticated", False))


class EstablishmentScopedQuerySet(models.QuerySet[_M]):
    """Rows that belong to one establishment, reached by `establishment_path` (e.g. `service__establishment`)."""

    establishment_path: ClassVar[str] = "establishment"

    def visible_to(self, user: User | AnonymousUser) -> Self:
        if not is_signed_in(user):
            return self.none()
        return self.filter(establishment_scope(user, self.establishment_path))
