"""The day-reception desk (one screen, phone or tablet) and the lockers. Each tap is a small POST form with one
button, so the desk works without JavaScript; htmx only refreshes the search results as the agent types."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import User
from core.forms import apply_service_errors
from core.http import AuthenticatedRequest
from domiciliation.desk import waiting_mail
from establishments.models import Establishment, Service
from people.access import person_for_user
from people.models import Person
from people.normalize import normalize_name
from people.services import find_likely_duplicates, person_create

from . import services
from .access import (
    assignment_for_user,
    desk_establishment_for_user,
    entry_for_user,
    lockers_establishment_for_user,
)
from .enums import ANONYMOUS_SERVICES, DeskService
from .forms import AnonymousCountForm, DeskPersonForm, DeskSearchForm, LockerAssignForm, LockerForm, ReleaseForm
from .models import Locker, LockerAssignment

SEARCH_LIMIT = 20
PERSON_SERVICES = [
    DeskService.PASSAGE,
    DeskService.REPAS,
    DeskService.DOUCHE,
    DeskService.LESSIVE,
    DeskService.CASIER,
    DeskService.COURRIER,
    DeskService.ENTRETIEN,
]


def _desk_url(establishment: Establishment, *, person: Person | None = None, service: Service | None = None) -> str:
    url = reverse("reception:desk", args=[establishment.pk])
    params = []
    if person is not None:
        params.append(f"personne={person.pk}")
    if service is not None:
        params.append(f"service={service.pk}")
    return url + ("?" + "&".join(params) if params else "")


def _service(request: AuthenticatedRequest, establishment: Establishment) -> tuple[list[Service], Service | None]:
    choices = list(services.desk_services(establishment))
    wanted = request.POST.get("service") or request.GET.get("service")
    chosen = next((s for s in choices if str(s.pk) == wanted), choices[0] if choices else None)
    return choices, chosen


def _search(user: User, establishment: Establishment, q: str) -> tuple[list[Person], bool]:
    tokens = normalize_name(q).split()
    if not tokens:
        return [], False
    qs = Person.objects.visible_to(user).linked_to([establishment.pk])
    for token in tokens:
        qs = qs.filter(search_name__contains=token)
    found = list(qs.order_by("last_name", "first_name", "pk")[: SEARCH_LIMIT + 1])
    return found[:SEARCH_LIMIT], len(found) > SEARCH_LIMIT


@require_GET
def desk(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    establishment = desk_establishment_for_user(request.user, establishment_pk)
    today = timezone.localdate()
    service_choices, service = _service(request, establishment)
    form = DeskSearchForm(request.GET or None)
    q = form.data.get("q", "") if form.is_bound else ""
    results, truncated = _search(request.user, establishment, q)
    selected = None
    if request.GET.get("personne"):
        try:
            selected = person_for_user(request.user, int(request.GET["personne"]))
        except ValueError:
            selected = None
    shown_ids = [p.pk for p in results] + ([selected.pk] if selected else [])
    waiting = waiting_mail(establishment=establishment, person_ids=shown_ids)
    context = {
        "establishment": establishment,
        "service": service,
        "service_choices": service_choices,
        "today": today,
        "form": form,
        "q": q,
        "results": [(p, waiting.get(p.pk)) for p in results],
        "truncated": truncated,
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "desk-results":
        return render(request, "reception/desk.html#results", context)
    people_today, anonymous = services.day_entries(establishment, today)
    selected_day = next((d for d in people_today if selected and d.person.pk == selected.pk), None)
    locker = (
        LockerAssignment.objects.open()
        .filter(locker__establishment=establishment, person=selected)
        .select_related("locker")
        .first()
        if selected
        else None
    )
    context.update(
        {
            "selected": selected,
            "selected_entries": selected_day.entries if selected_day else [],
            "selected_mail": waiting.get(selected.pk) if selected else None,
            "selected_locker": locker,
            "person_services": [(code, DeskService(code).label) for code in PERSON_SERVICES],
            "anonymous_services": [(code, DeskService(code).label) for code in ANONYMOUS_SERVICES],
            "anonymous_form": AnonymousCountForm(),
            "people_today": people_today,
            "anonymous": anonymous,
            "anonymous_counts": services.anonymous_counts(anonymous),
            "tally": services.day_tally(establishment, today),
        }
    )
    return render(request, "reception/desk.html", context)


def tap(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    """One service delivered: one POST."""
    establishment = desk_establishment_for_user(request.user, establishment_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _, service = _service(request, establishment)
    person = None
    if request.POST.get("person"):
        person = get_object_or_404(Person.objects.visible_to(request.user), pk=request.POST["person"])
    kind = request.POST.get("kind", "")
    quantity = 1
    if person is None and request.POST.get("quantity"):
        count = AnonymousCountForm(request.POST)
        if not count.is_valid():
            for errors in count.errors.values():
                for error in errors:
                    messages.error(request, str(error))
            return redirect(_desk_url(establishment, service=service))
        quantity = count.cleaned_data["quantity"]
    if service is None:
        messages.error(request, "Aucun service d'accueil de jour dans cet établissement.")
        return redirect(_desk_url(establishment))
    try:
        entry = services.desk_tap(
            establishment=establishment,
            service=service,
            kind=kind,
            day=timezone.localdate(),
            person=person,
            quantity=quantity,
            acting_user=request.user,
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, f"Enregistré : {entry}.")
    return redirect(_desk_url(establishment, person=person, service=service))


def undo(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = entry_for_user(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.desk_undo(entry=entry, today=timezone.localdate(), acting_user=request.user)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, f"Annulé : {entry}.")
    return redirect(_desk_url(entry.establishment, person=entry.person))


def new_person(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    """A new person from the desk: the duplicate check first (never an identity outside the user's scope), then the
    record, first recorded in this establishment."""
    establishment = desk_establishment_for_user(request.user, establishment_pk)
    form = DeskPersonForm(request.POST or None, initial={"last_name": request.GET.get("q", "")})
    duplicates = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = find_likely_duplicates(
            last_name=data["last_name"], first_name=data["first_name"], birth_date=data["birth_date"], user=request.user
        )
        if not (duplicates.visible or duplicates.hidden_count) or data["confirm_not_duplicate"]:
            try:
                person = person_create(
                    acting_user=request.user,
                    last_name=data["last_name"],
                    first_name=data["first_name"],
                    birth_date=data["birth_date"],
                    sex=data["sex"],
                    home_establishment=establishment,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"Fiche de {person} créée.")
                return redirect(_desk_url(establishment, person=person))
    return render(
        request,
        "reception/new_person.html",
        {"form": form, "establishment": establishment, "duplicates": duplicates},
    )


# --- lockers ------------------------------------------------------------------------------------------------------


def lockers(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    write = request.method == "POST"
    establishment = lockers_establishment_for_user(request.user, establishment_pk, write=write)
    today = timezone.localdate()
    form = LockerForm(request.POST or None)
    if write and form.is_valid():
        try:
            locker = services.locker_add(
                establishment=establishment, number=form.cleaned_data["number"], acting_user=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{locker} ajouté.")
            return redirect("reception:lockers", establishment_pk=establishment.pk)
    open_by_locker = {
        a.locker_id: a
        for a in LockerAssignment.objects.open().filter(locker__establishment=establishment).select_related("person")
    }
    rows = [(locker, open_by_locker.get(locker.pk)) for locker in Locker.objects.filter(establishment=establishment)]
    overdue = [a for a in open_by_locker.values() if a.is_overdue(today)]
    return render(
        request,
        "reception/lockers.html",
        {
            "establishment": establishment,
            "form": form,
            "rows": rows,
            "overdue": sorted(overdue, key=lambda a: (a.planned_end, a.locker.number)),
            "today": today,
            "can_write": request.user.records_events,
            "free": sum(1 for locker, a in rows if a is None and locker.active),
        },
    )


def locker_assign(request: AuthenticatedRequest, establishment_pk: int, person_pk: int) -> HttpResponse:
    establishment = lockers_establishment_for_user(request.user, establishment_pk, write=True)
    person = person_for_user(request.user, person_pk)
    today = timezone.localdate()
    free = Locker.objects.filter(establishment=establishment, active=True).exclude(
        pk__in=LockerAssignment.objects.open().values("locker")
    )
    form = LockerAssignForm(
        request.POST or None,
        lockers=free,
        initial={"locker": free.first(), "start_date": today, "planned_end": today + datetime.timedelta(days=30)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.locker_assign(person=person, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{assignment.locker} attribué à {person}.")
            return redirect(_desk_url(establishment, person=person))
    return render(
        request,
        "reception/form_page.html",
        {
            "form": form,
            "establishment": establishment,
            "back": _desk_url(establishment, person=person),
            "title": f"Attribuer un casier à {person}",
            "submit_label": "Attribuer",
        },
    )


def locker_release(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = assignment_for_user(request.user, pk)
    establishment = assignment.locker.establishment
    form = ReleaseForm(request.POST or None, initial={"released_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.locker_release(
                assignment=assignment, released_on=form.cleaned_data["released_on"], acting_user=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{assignment.locker} libéré.")
            return redirect("reception:lockers", establishment_pk=establishment.pk)
    return render(
        request,
        "reception/form_page.html",
        {
            "form": form,
            "establishment": establishment,
            "back": reverse("reception:lockers", args=[establishment.pk]),
            "title": f"Libérer le {assignment.locker} ({assignment.person})",
            "submit_label": "Libérer le casier",
        },
    )
