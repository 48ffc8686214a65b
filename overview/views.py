"""Pages that bring several apps together: the home page, the establishment's page and its board of places."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from admissions.services import upcoming_arrivals
from core.forms import day_from_query
from core.http import AuthenticatedRequest
from employment.navigation import establishment_links
from establishments.access import establishment_for_user, writable_services
from establishments.enums import Modality
from establishments.models import Establishment
from places import services as places
from stays.models import Stay

from .live import live


@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Landing page: a worker of one establishment goes straight to it; others choose."""
    establishments = list(Establishment.objects.visible_to(request.user))
    if len(establishments) == 1 and not request.user.sees_all_establishments:
        return redirect("overview:establishment", pk=establishments[0].pk)
    today = timezone.localdate()
    counts = _ongoing_counts(today, establishments)
    rows = [(e, counts.get(e.pk, 0)) for e in establishments]
    return render(request, "overview/home.html", {"rows": rows, "today": today})


def _ongoing_counts(today: datetime.date, establishments: list[Establishment]) -> dict[int, int]:
    qs = (
        Stay.objects.ongoing_on(today)
        .filter(service__establishment__in=establishments)
        .values("service__establishment")
        .annotate(n=Count("person", distinct=True))
    )
    return {row["service__establishment"]: row["n"] for row in qs}


@require_GET
def establishment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The establishment's live page: what is happening in the house today, each block for the roles that may see
    it, in a constant number of queries."""
    establishment = establishment_for_user(request.user, pk)
    today = timezone.localdate()
    services = list(establishment.services.order_by("name"))
    stays = (
        Stay.objects.ongoing_on(today)
        .filter(service__establishment=establishment)
        .select_related("person", "service")
        .order_by("person__last_name", "person__first_name")
    )
    by_service: dict[int, list[Stay]] = defaultdict(list)
    for stay in stays:
        by_service[stay.service_id].append(stay)
    day = live(establishment, services, request.user, today)
    tonight = {t.service.pk: t for t in day.tonight}
    rows = []
    for service in services:
        present = by_service.get(service.pk, [])
        capacity = tonight[service.pk].capacity if service.pk in tonight else None
        occupancy = round(100 * len(present) / capacity, 1) if capacity else None
        rows.append({"service": service, "stays": present, "capacity": capacity, "occupancy": occupancy})
    records_events = writable_services(request.user, events=True).filter(establishment=establishment).exists()
    return render(
        request,
        "overview/establishment.html",
        {
            "establishment": establishment,
            "rows": rows,
            "today": today,
            "live": day,
            "can_count_meals": records_events,
            "records_events": records_events,
            "has_desk": any(s.modality == Modality.ACCUEIL_JOUR for s in services),
            "total": len({s.person_id for s in stays}),
            "employment_links": establishment_links(establishment, request.user),
        },
    )


@require_GET
def board(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for_user(request.user, establishment_pk)
    today = timezone.localdate()
    day = day_from_query(request.GET.get("date"), today)
    arrivals = upcoming_arrivals(establishment) if request.user.sees_accompaniment else []
    return render(
        request,
        "overview/board.html",
        {
            "establishment": establishment,
            "day": day,
            "services": places.board(establishment, day),
            "arrivals": arrivals,
            "can_rollcall": request.user.records_events,
        },
    )
