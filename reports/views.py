"""The activity report pages: one report per year and scope, the records behind each figure, the files."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core.http import AuthenticatedRequest
from core.replica import report_reads
from establishments.models import Establishment
from jobs.access import job_for_user
from jobs.models import JobKind
from jobs.services import job_submit, live_progress

from .access import scope_for, scopes_for
from .charts import section_chart
from .drilldown import HEALTH_INDICATORS, INDICATORS, JUSTICE_INDICATORS, drilldown
from .establishment_table import COLUMNS, establishment_rows
from .exports import FORMATS, render_file
from .facts import ReportContext
from .occupancy_months import occupancy_charts
from .presentation import key_figures, report_sections
from .quality import incomplete_notes, quality_panel
from .services import activity_report, report_session
from .tasks import BACKGROUND_FORMATS, build_report_file

FIRST_YEAR = 2000


def default_year() -> int:
    return datetime.date.today().year - 1


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= datetime.date.today().year:
        raise Http404("Année hors des limites.")


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
@report_reads
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
@report_reads
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
@report_reads
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


@require_POST
def prepare(request: AuthenticatedRequest, year: int, scope: str, fmt: str) -> HttpResponse:
    """Build the report file (PDF, XLSX) in a background job, then follow it on its page."""
    check_year(year)
    scope_for(request.user, scope)
    if fmt not in BACKGROUND_FORMATS:
        raise Http404("Format inconnu.")
    job = job_submit(
        kind=JobKind.REPORT_FILE,
        task=build_report_file,
        requested_by=request.user,
        scope=scope,
        params={"year": year, "fmt": fmt},
    )
    return redirect("reports:job", pk=job.pk)


@require_GET
def job_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A report file being built (progress, polled by htmx or reloaded without JavaScript), then its download link."""
    job = job_for_user(request.user, pk, kind=JobKind.REPORT_FILE)
    scope_for(request.user, job.scope)
    context = {
        "job": job,
        "live": live_progress(job),
        "format": BACKGROUND_FORMATS.get(job.params.get("fmt", ""), ""),
        "available": bool(job.file) and (job.expires_at is None or job.expires_at > timezone.now()),
        "back": reverse("reports:report", kwargs={"year": job.params["year"], "scope": job.scope}),
    }
    return render(request, "reports/job.html", context)


@require_GET
def job_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The built file, for the user who asked, if they may still open that report (checked again now)."""
    job = job_for_user(request.user, pk, kind=JobKind.REPORT_FILE)
    scope_for(request.user, job.scope)
    if not job.file or (job.expires_at is not None and job.expires_at <= timezone.now()):
        raise Http404("Fichier expiré ou pas encore prêt.")
    response = FileResponse(default_storage.open(job.file, "rb"), as_attachment=True, filename=job.file_name)
    response["Content-Type"] = FORMATS[job.params["fmt"]]
    return response
