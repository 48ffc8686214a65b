"""The activity report pages: one report per year and scope, the records behind each figure, the files."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.http import AuthenticatedRequest
from establishments.models import Establishment, Service

from .charts import section_chart
from .drilldown import HEALTH_INDICATORS, INDICATORS, JUSTICE_INDICATORS, drilldown
from .establishment_table import COLUMNS, establishment_rows
from .exports import FORMATS, render_file
from .facts import ReportContext
from .occupancy_months import occupancy_charts
from .presentation import key_figures, report_sections
from .quality import incomplete_notes, quality_panel
from .scope import Scope
from .services import activity_report, report_session

FIRST_YEAR = 2000


def default_year() -> int:
    return datetime.date.today().year - 1


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= datetime.date.today().year:
        raise Http404("Année hors des limites.")


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


@require_GET
def index(request: AuthenticatedRequest) -> HttpResponse:
    """The first report the user may see (the association for head office), for `?year=` or last year."""
    choices = scopes_for(request.user)
    if not choices:
        raise Http404("Aucun établissement ne vous est rattaché.")
    year = request.GET.get("year", "")
    scope = request.GET.get("scope", "")
    if scope not in {slug for slug, _ in choices}:
        scope = choices[0][0]
    return report(request, int(year) if year.isdigit() else default_year(), scope)


@require_GET
def report(request: AuthenticatedRequest, year: int, scope: str) -> HttpResponse:
    check_year(year)
    user: Any = request.user
    the_scope = scope_for(user, scope)
    result = activity_report(year=year, scope=the_scope)
    sections = report_sections(result, health=user.sees_health)
    charts = {s.slug: section_chart(s) for s in sections if s.chart}
    quality = quality_panel(year=year, scope=the_scope, user=user)
    rows = []
    if the_scope.type == "association":
        rows = establishment_rows(year=year, establishments=Establishment.objects.visible_to(user))
    return render(
        request,
        "reports/report.html",
        {
            "year": year,
            "scope": the_scope,
            "scope_slug": scope,
            "scopes": scopes_for(user),
            "years": list(range(datetime.date.today().year, FIRST_YEAR - 1, -1))[:12],
            "keys": key_figures(result),
            "sections": [(s, charts.get(s.slug)) for s in sections],
            "drill_allowed": _drill_allowed(user),
            "quality": quality,
            "incomplete": incomplete_notes(result, quality),
            "establishment_columns": COLUMNS,
            "establishment_rows": rows,
            "occupancy": occupancy_charts(year, result.nights),
        },
    )


def _drill_allowed(user: Any) -> set[str]:
    allowed = set(INDICATORS)
    if not user.sees_justice:
        allowed -= JUSTICE_INDICATORS
    if not user.sees_health:
        allowed -= HEALTH_INDICATORS
    return allowed


@require_GET
def drill(request: AuthenticatedRequest, year: int, scope: str, indicator: str) -> HttpResponse:
    check_year(year)
    user: Any = request.user
    the_scope = scope_for(user, scope)
    if indicator not in INDICATORS:
        raise Http404("Indicateur inconnu.")
    if indicator not in _drill_allowed(user):
        raise PermissionDenied("Votre rôle ne permet pas de voir ces personnes.")
    code = request.GET.get("code", "")[:64]
    with report_session():
        result = drilldown(ReportContext(year, the_scope), indicator, code)
    return render(
        request,
        "reports/drill.html",
        {
            "year": year,
            "scope": the_scope,
            "scope_slug": scope,
            "indicator": indicator,
            "drill": result,
            "back": reverse("reports:report", kwargs={"year": year, "scope": scope}),
        },
    )


@require_GET
def download(request: AuthenticatedRequest, year: int, scope: str, fmt: str) -> HttpResponse:
    check_year(year)
    user: Any = request.user
    the_scope = scope_for(user, scope)
    if fmt not in FORMATS:
        raise Http404("Format inconnu.")
    result = activity_report(year=year, scope=the_scope)
    name = f"rapport-activite-{year}-{scope}"
    rows = None
    if the_scope.type == "association" and fmt in {"html", "pdf", "xlsx"}:
        rows = establishment_rows(year=year, establishments=Establishment.objects.visible_to(user))
    content, content_type = render_file(result, fmt, health=user.sees_health, establishments=rows)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
