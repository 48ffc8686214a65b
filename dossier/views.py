from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from audit.services import audit_view
from core.http import AuthenticatedRequest
from people.access import person_for_user

from .person_file import compose


@require_GET
def person(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The person's file: identity, what is going on, and the whole parcours (what the user may see of it)."""
    person = person_for_user(request.user, pk)
    audit_view(actor=request.user, person=person)
    file = compose(person, request.user)
    base = {"person": person, "user": request.user}
    rendered = [
        (panel, render_to_string(panel.template, {**base, **panel.context}, request=request)) for panel in file.panels
    ]
    return render(
        request,
        "dossier/person.html",
        {
            "person": person,
            "file": file,
            "cards": [html for panel, html in rendered if panel.card],
            "sections": [html for panel, html in rendered if not panel.card],
        },
    )
