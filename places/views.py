from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import User
from core.forms import apply_service_errors, day_from_query, model_choices
from core.http import AuthenticatedRequest
from establishments.access import writable_services
from establishments.models import Establishment, Service
from justice.access import check_justice_access, measure_for_user
from people.access import person_for_user
from people.models import Person
from stays.access import stay_for_user
from stays.forms import MEMBER_ROWS, StayOpenForm, StayTransferForm
from stays.models import Stay

from . import occupancy as occ
from . import services
from .access import board_establishment_for_user, incident_for_user, rollcall_establishment_for_user
from .enums import Presence, Weekday
from .forms import AbsenceForm, ConditionsForm, IncidentForm, PlacementForm, UnitForm, WalkInForm
from .models import MeasureConditions, NightCheck, Placement, Unit


def _walkin_services(user: User, establishment: Establishment) -> QuerySet[Service]:
    return writable_services(user, events=True).filter(establishment=establishment)


ROLLCALL_ACTIONS = {"save", "all_present", "confirm"}
NO_ACTION = "Rien n'a été enregistré : choisissez « Tout le monde présent » ou « Enregistrer l'appel »."


def rollcall(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    """The night's roll-call: one compact line per resident; "Tout le monde présent" records everyone not marked
    otherwise as present in one action; saving with residents left unmarked first lists them for confirmation;
    afterwards the page says who was counted where (service, nights recorded). Every button of the form names its
    action: a POST without one records nothing and shows the form again."""
    establishment = rollcall_establishment_for_user(request.user, establishment_pk)
    today = timezone.localdate()
    day = day_from_query(request.POST.get("date") or request.GET.get("date"), today)
    residents = services.expected_residents(establishment, day)
    errors: dict[str, list[str]] = {}
    unmarked: list[Stay] = []
    action = request.POST.get("action", "")
    if request.method == "POST" and action not in ROLLCALL_ACTIONS:
        errors = {"__all__": [NO_ACTION]}
    elif request.method == "POST":
        marks = {}
        for stay in residents:
            value = request.POST.get(f"stay_{stay.pk}")
            if value:
                marks[stay.pk] = value
            elif action == "all_present":
                marks[stay.pk] = Presence.PRESENT
            else:
                unmarked.append(stay)
        if not unmarked or action == "confirm":
            try:
                result = services.rollcall_record(
                    establishment=establishment, day=day, marks=marks, acting_user=request.user
                )
            except ValidationError as exc:
                errors = exc.message_dict
            else:
                text = f"Appel de la nuit du {day:%d/%m/%Y} enregistré : {result.recorded} personne(s)"
                if result.nights_created:
                    text += f", {result.nights_created} nuitée(s)"
                if result.incidents:
                    text += f", {len(result.incidents)} incident(s) à examiner"
                messages.success(request, text + ".")
                return redirect(f"{request.path}?date={day.isoformat()}#bilan")
            unmarked = []
    checks = {c.stay_id: c.presence for c in NightCheck.objects.filter(stay__in=residents, date=day)}
    rows = [
        {
            "stay": s,
            "presence": request.POST.get(f"stay_{s.pk}") or checks.get(s.pk, ""),
            "errors": errors.get(f"stay_{s.pk}"),
        }
        for s in residents
    ]
    walkin_services = _walkin_services(request.user, establishment)
    walkin_form = WalkInForm(services=walkin_services, initial={"service": None})
    return render(
        request,
        "places/rollcall.html",
        {
            "establishment": establishment,
            "day": day,
            "rows": rows,
            "choices": Presence.choices,
            "errors": errors.get("date") or errors.get("__all__"),
            "walkin_form": walkin_form if model_choices(walkin_form, "service").exists() else None,
            "done": len(checks),
            "unmarked": unmarked,
            "summary": services.rollcall_summary(establishment, day) if checks else [],
        },
    )


def walkin(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    establishment = rollcall_establishment_for_user(request.user, establishment_pk)
    day = day_from_query(request.POST.get("date") or request.GET.get("date"), timezone.localdate())
    form = WalkInForm(request.POST or None, services=_walkin_services(request.user, establishment))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stay = services.walkin_admit(
                service=data["service"],
                day=day,
                last_name=data["last_name"],
                first_name=data["first_name"],
                birth_date=data["birth_date"],
                sex=data["sex"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, f"{stay.person} accueilli(e) pour la nuit du {day:%d/%m/%Y} ({stay.service.name})."
            )
            return redirect(f"/places/etablissements/{establishment.pk}/appel/?date={day.isoformat()}")
    return render(request, "places/walkin.html", {"form": form, "establishment": establishment, "day": day})


@require_GET
def occupancy(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    establishment = board_establishment_for_user(request.user, establishment_pk)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("annee", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year)
    rows = []
    for service in services.hosting_services(establishment):
        rows.append(
            occ.ServiceOccupancy(
                service=service,
                today_occupied=Stay.objects.ongoing_on(today).filter(service=service).count(),
                today_capacity=services.capacity_on(service, today),
                months=occ.months(service, year, until=today),
            )
        )
    return render(
        request,
        "places/occupancy.html",
        {
            "establishment": establishment,
            "year": year,
            "years": range(today.year, today.year - 8, -1),
            "rows": rows,
            "today": today,
        },
    )


def _person_establishment(user: User, person: Person) -> Establishment:
    stays = Stay.objects.visible_to(user).filter(person=person).select_related("service__establishment")
    stay = stays.filter(end_date__isnull=True).order_by("-start_date").first() or stays.order_by("-start_date").first()
    if stay is not None:
        return stay.service.establishment
    if person.home_establishment is not None:
        return person.home_establishment
    raise PermissionDenied("Aucun séjour de cette personne dans vos établissements.")


def absence(request: AuthenticatedRequest, person_pk: int) -> HttpResponse:
    person = person_for_user(request.user, person_pk, write=True)
    check_justice_access(request.user, write=True)
    form = AbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.absence_record(
                person=person,
                establishment=_person_establishment(request.user, person),
                at=form.cleaned_data["at"],
                description=form.cleaned_data["description"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if incident is None:
                messages.info(
                    request,
                    "Absence pendant des heures de sortie autorisées (ou sans mesure sous écrou) : pas d'incident.",
                )
            else:
                messages.warning(request, "Absence pendant les heures d'assignation : incident ouvert, à examiner.")
            return redirect("dossier:person", pk=person.pk)
    return render(
        request,
        "people/form_page.html",
        {
            "form": form,
            "person": person,
            "title": f"Signaler une absence — {person}",
            "intro": "Pour une personne sous PSE ou semi-liberté, une absence en dehors des heures de sortie "
            "autorisées ouvre un incident à examiner.",
            "submit_label": "Enregistrer",
        },
    )


def incident_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    write = request.method == "POST"
    incident = incident_for_user(request.user, pk, write=write)
    initial = {
        "description": incident.description,
        "spip_informed_at": timezone.localtime(incident.spip_informed_at) if incident.spip_informed_at else None,
        "status": incident.status,
    }
    form = IncidentForm(request.POST or None, initial=initial)
    if write and form.is_valid():
        try:
            services.incident_update(incident=incident, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Incident mis à jour.")
            return redirect("dossier:person", pk=incident.person_id)
    return render(
        request,
        "people/form_page.html",
        {
            "form": form,
            "person": incident.person,
            "title": f"Incident : {incident}",
            "intro": f"{incident.establishment.name}" + (f" — mesure : {incident.measure}" if incident.measure else ""),
            "submit_label": "Enregistrer",
        },
    )


def conditions(request: AuthenticatedRequest, measure_pk: int) -> HttpResponse:
    measure = measure_for_user(request.user, measure_pk, write=request.method == "POST")
    existing = MeasureConditions.objects.filter(measure=measure).first()
    initial = {}
    if existing:
        initial = {k: getattr(existing, k) for k in ("care_obligation", "work_obligation", "prohibitions", "other")}
    for h in measure.authorised_hours.all():
        initial[f"start_{h.weekday}"] = h.start
        initial[f"end_{h.weekday}"] = h.end
    form = ConditionsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.conditions_record(
                measure=measure,
                care_obligation=data["care_obligation"],
                work_obligation=data["work_obligation"],
                prohibitions=data["prohibitions"],
                other=data["other"],
                hours=data["hours"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Obligations et horaires enregistrés.")
            return redirect("dossier:person", pk=measure.person_id)
    return render(
        request,
        "people/form_page.html",
        {
            "form": form,
            "person": measure.person,
            "title": f"Obligations et horaires : {measure}",
            "intro": "Horaires de sortie autorisés par jour (en dehors, la personne doit être au domicile), "
            "et obligations de la mesure.",
            "submit_label": "Enregistrer",
            "weekdays": Weekday.choices,
        },
    )


def units(request: AuthenticatedRequest, establishment_pk: int) -> HttpResponse:
    """The units of the establishment's hosting services; adding one is for those who write records."""
    establishment = board_establishment_for_user(request.user, establishment_pk)
    if request.user.is_reception:
        raise PermissionDenied("La configuration des places n'est pas accessible à l'accueil de nuit.")
    hosting = services.hosting_services(establishment)
    form = UnitForm(request.POST or None, services=hosting)
    if request.method == "POST":
        if not request.user.writes_records:
            raise PermissionDenied("Votre rôle ne permet pas de modifier les places.")
        if form.is_valid():
            try:
                unit = services.unit_save(acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"{unit} ajouté(e) : {unit.places} place(s).")
                return redirect("places:units", establishment_pk=establishment.pk)
    return render(
        request,
        "places/units.html",
        {
            "establishment": establishment,
            "form": form,
            "units": Unit.objects.filter(service__in=hosting).select_related("service"),
            "can_write": request.user.writes_records,
        },
    )


def placement(request: AuthenticatedRequest, stay_pk: int) -> HttpResponse:
    stay = stay_for_user(request.user, stay_pk, write=True)
    current = Placement.objects.filter(stay=stay).first()
    initial = {"unit": current.unit_id, "planned_departure": current.planned_departure} if current else {}
    form = PlacementForm(
        request.POST or None, units=Unit.objects.filter(service=stay.service, active=True), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_set(stay=stay, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Place enregistrée.")
            return redirect("overview:board", establishment_pk=stay.service.establishment_id)
    return render(
        request,
        "people/form_page.html",
        {
            "form": form,
            "person": stay.person,
            "title": f"Place de {stay.person} — {stay.service.name}",
            "intro": "Unité occupée et date de départ prévue (affichées sur le tableau des places).",
            "submit_label": "Enregistrer",
        },
    )


# --- into a service: admission and transfer, with a unit when the service has units --------------------------------


def stay_open(request: AuthenticatedRequest, person_pk: int) -> HttpResponse:
    person = person_for_user(request.user, person_pk, write=True)
    form = StayOpenForm(request.POST or None, user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stay = services.admit(
                person=person,
                service=data["service"],
                start_date=data["start_date"],
                household_members=data["household_members"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{person} est admis(e) : {stay.service}, le {stay.start_date:%d/%m/%Y}.")
            return redirect("dossier:person", pk=person.pk)
    return render(
        request, "stays/open.html", {"form": form, "person": person, "member_rows": range(1, MEMBER_ROWS + 1)}
    )


def stay_transfer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = stay_for_user(request.user, pk, write=True, ongoing=True)
    form = StayTransferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.transfer(
                stay=stay,
                to_service=data["to_service"],
                date=data["date"],
                exit_housing=data["exit_housing"],
                exit_activity=data["exit_activity"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Transfert vers {new.service} le {new.start_date:%d/%m/%Y}.")
            return redirect("dossier:person", pk=stay.person_id)
    return render(
        request,
        "people/form_page.html",
        {
            "form": form,
            "person": stay.person,
            "title": f"Transférer depuis : {stay.service}",
            "intro": "Le séjour actuel est clôturé (motif : réorientation) et le suivant ouvert le même jour ; "
            "les membres du ménage présents suivent.",
            "submit_label": "Transférer",
        },
    )
