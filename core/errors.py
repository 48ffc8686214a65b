"""French pages for the CSRF failure (the 400/403/404/500 pages are templates/<code>.html)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the form was too old (session expired) or did not come from Parcours."""
    template = loader.get_template("403_csrf.html")
    return HttpResponse(template.render({}), status=403)
