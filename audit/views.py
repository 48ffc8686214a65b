from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.http import AuthenticatedRequest

from .models import AuditEntry

PAGE_SIZE = 100


@require_GET
def entry_list(request: AuthenticatedRequest) -> HttpResponse:
    """The audit log, for association administrators, filtered per person (?personne=) or per user (?utilisateur=)."""
    if not request.user.is_association_admin:
        raise PermissionDenied("Le journal d'audit est réservé aux administrateurs de l'association.")
    entries = AuditEntry.objects.visible_to(request.user).select_related("person", "actor")
    person = actor = None
    person_id, user_id = request.GET.get("personne", ""), request.GET.get("utilisateur", "")
    if person_id.isdigit():
        entries = entries.filter(person_id=int(person_id))
        person = first.person if (first := entries.first()) else None
    if user_id.isdigit():
        entries = entries.filter(actor_id=int(user_id))
        actor = first.actor if (first := entries.first()) else None
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/list.html",
        {"page": page, "person": person, "actor": actor, "person_id": person_id, "user_id": user_id},
    )
