"""Which reports a user may open: the scopes (association, establishment, service) by their slug in the URL."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from establishments.models import Establishment, Service

from .scope import Scope


def scopes_for(user: Any) -> list[tuple[str, str]]:
    """(slug, label) of every scope the user may open: the association (head office and administrators),
    then each visible establishment and its services."""
    choices: list[tuple[str, str]] = []
    if user.sees_all_establishments:
        choices.append(("association", "Toute l'association"))
    establishments = list(Establishment.objects.visible_to(user).prefetch_related("services"))
    for establishment in establishments:
        choices.append((f"e{establishment.pk}", establishment.name))
        for service in sorted(establishment.services.all(), key=lambda s: s.name):
            choices.append((f"s{service.pk}", f"{establishment.name} — {service.name}"))
    return choices


def scope_for(user: Any, slug: str) -> Scope:
    """The scope named by `slug`, or 404 when it does not exist or is not the user's (same answer)."""
    if slug == "association":
        if user.sees_all_establishments:
            return Scope.association()
        raise Http404("Périmètre introuvable.")
    kind, _, number = slug[:1], None, slug[1:]
    if not number.isdigit():
        raise Http404("Périmètre introuvable.")
    establishments = Establishment.objects.visible_to(user)
    if kind == "e":
        establishment = establishments.filter(pk=int(number)).first()
        if establishment is not None:
            return Scope.for_establishment(establishment)
    elif kind == "s":
        service = (
            Service.objects.select_related("establishment")
            .filter(pk=int(number), establishment__in=establishments)
            .first()
        )
        if service is not None:
            return Scope.for_service(service)
    raise Http404("Périmètre introuvable.")
