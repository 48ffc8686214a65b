"""Work and training pages: thin views — access helper, form, service, redirect."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.forms import apply_service_errors
from core.http import AuthenticatedRequest
from establishments.access import writable_services
from establishments.enums import Modality
from establishments.models import Establishment
from people.models import Person

from . import services
from .access import (
    activity_period_for_user,
    candidate_for_user,
    check_head,
    check_justice,
    cohort_for_user,
    contract_for_user,
    establishment_for_employment,
    member_for_user,
    path_for_user,
    person_for_employment,
    service_for_employment,
    soa_participant_for_user,
    soa_session_for_user,
    tig_for_user,
    writable_insertion_services,
)
from .board import workshop_board
from .enums import CandidateDecision, SoaOutcome
from .figures import cohort_figures, member_paths, soa_figures
from .forms import (
    ActivityPeriodForm,
    CandidateForm,
    CohortForm,
    ConfirmForm,
    ContractForm,
    DecisionForm,
    EndEarlyForm,
    ExamForm,
    ExitForm,
    HireForm,
    ImmersionForm,
    InternshipForm,
    MonthSheetForm,
    ReopenForm,
    SoaCompleteForm,
    SoaEnrolForm,
    SoaSessionForm,
    TigAbsenceForm,
    TigCompleteForm,
    TigForm,
    TigSessionForm,
    month_from,
)
from .models import Cohort, Contract, SoaSession, TigPlacement, WorkHours
from .rules import ContractWarnings
from .sheets import (
    establishment_summaries,
    file_name,
    month_sheet,
    next_month,
    previous_month,
)
from .sheets import sheet_csv as csv_text
from .sheets import sheet_xlsx as xlsx_bytes

SHEET_MONTHS = 6


def _page(
    request: AuthenticatedRequest,
    form: Any,
    *,
    title: str,
    back: str,
    back_label: str = "Retour",
    intro: str = "",
    submit_label: str = "Enregistrer",
) -> HttpResponse:
    return render(
        request,
        "employment/form_page.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "back_label": back_label,
            "intro": intro,
            "submit_label": submit_label,
        },
    )


def _data(request: AuthenticatedRequest) -> Any:
    """The POSTed data, or None for a GET (an empty POST, e.g. unticked boxes only, is still a submission)."""
    return request.POST if request.method == "POST" else None


def _save(request: AuthenticatedRequest, form: Any, call: Callable[[dict[str, Any]], Any], success: str) -> Any:
    """Run the service on a valid POSTed form; the result, or None when the form or the service refused it."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
    messages.success(request, success)
    return result if result is not None else True


def _person_back(person: Person) -> str:
    return reverse("dossier:person", args=[person.pk]) + "#travail"


def _contract_flow(
    request: AuthenticatedRequest,
    form_class: type[ContractForm],
    call: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    back: str,
    back_label: str,
    intro: str = "",
    success: str,
    initial: dict[str, Any] | None = None,
    **form_kwargs: Any,
) -> Any:
    """A form that makes a contract, with the warn-then-confirm flow working without JavaScript: a first POST that
    raises warnings saves nothing and shows them; an establishment head may then override them with a written
    reason (a second POST carrying the warnings shown). Returns the service's result, or the page to render."""
    user = request.user
    data = request.POST if request.method == "POST" else None
    with_override = bool(data is not None and data.get("acknowledged")) and user.is_establishment_head
    form = form_class(data, initial=initial, with_override=with_override, **form_kwargs)
    warnings: list[Any] = []
    if data is not None and form.is_valid():
        try:
            result = call(form.cleaned_data)
        except ContractWarnings as exc:
            warnings = exc.warnings
            posted = data.copy()
            posted["acknowledged"] = ",".join(exc.codes)
            reason_given = bool(form.cleaned_data.get("override_reason", "").strip())
            form = form_class(posted, with_override=user.is_establishment_head, **form_kwargs)
            form.is_valid()
            if with_override and not reason_given:
                form.add_error("override_reason", "Écrivez le motif pour passer outre.")
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, success)
            return result
    return render(
        request,
        "employment/contract_form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "back_label": back_label,
            "intro": intro,
            "warnings": warnings,
            "can_override": user.is_establishment_head,
        },
    )


# --- Workshop board and month sheets ------------------------------------------------------------------------------


@require_GET
def board(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    establishment = establishment_for_employment(request.user, pk)
    today = timezone.localdate()
    return render(
        request,
        "employment/board.html",
        {
            "establishment": establishment,
            "board": workshop_board(establishment, today, with_justice=request.user.sees_justice),
            "today": today,
            "month": today.replace(day=1),
        },
    )


@require_GET
def sheets(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    establishment = establishment_for_employment(request.user, pk)
    month = timezone.localdate().replace(day=1)
    months = [month]
    for _ in range(SHEET_MONTHS - 1):
        months.append(previous_month(months[-1]))
    return render(
        request,
        "employment/sheets.html",
        {"establishment": establishment, "summaries": establishment_summaries(establishment, months)},
    )


def _month(year: int, month: int) -> datetime.date:
    day = month_from(year, month)
    if day is None:
        raise Http404
    return day


def sheet(request: AuthenticatedRequest, pk: int, year: int, month: int) -> HttpResponse:
    write = request.method == "POST"
    service = service_for_employment(request.user, pk, write=write)
    first = _month(year, month)
    data = month_sheet(service, first)
    contracts = [line.contract for line in data.lines]
    initial = {}
    for line in data.lines:
        if line.hours is not None:
            w = line.hours
            initial.update(
                {
                    f"hours_{w.contract_id}": w.hours,
                    f"absence_hours_{w.contract_id}": w.absence_hours or None,
                    f"absence_reason_{w.contract_id}": w.absence_reason,
                    f"comment_{w.contract_id}": w.comment,
                }
            )
    form = MonthSheetForm(request.POST if write else None, initial=initial, contracts=contracts)
    if _save(
        request,
        form,
        lambda d: services.month_sheet_save(service=service, month=first, lines=form.lines(), acting_user=request.user),
        f"Heures de {data.label} enregistrées.",
    ):
        return redirect("employment:sheet", pk=service.pk, year=first.year, month=first.month)
    context = {
        "service": service,
        "sheet": data,
        "form": form,
        "rows": list(zip(data.lines, [fields for _, fields in form.rows()], strict=True)),
        "can_write": request.user.writes_records and not data.is_validated,
        "can_validate": request.user.is_establishment_head,
        "previous": previous_month(first),
        "next": next_month(first) if next_month(first) <= timezone.localdate() else None,
    }
    template = "employment/sheet.html#sheet" if request.headers.get("HX-Request") else "employment/sheet.html"
    return render(request, template, context)


def sheet_validate(request: AuthenticatedRequest, pk: int, year: int, month: int) -> HttpResponse:
    service = service_for_employment(request.user, pk, write=True)
    check_head(request.user)
    first = _month(year, month)
    form = ConfirmForm(_data(request))
    back = reverse("employment:sheet", args=[service.pk, first.year, first.month])
    if _save(
        request,
        form,
        lambda d: services.month_sheet_validate(service=service, month=first, acting_user=request.user),
        "Feuille d'heures validée : elle n'est plus modifiable.",
    ):
        return redirect(back)
    data = month_sheet(service, first)
    return _page(
        request,
        form,
        title=f"Valider les heures de {data.label} — {service.name}",
        back=back,
        back_label="Feuille d'heures",
        intro=(
            f"{len(data.lines)} contrat(s), {data.total_hours} heures travaillées au total. Une fois validée, la "
            "feuille n'est plus modifiable, sauf si vous la rouvrez."
        ),
        submit_label="Valider la feuille",
    )


def sheet_reopen(request: AuthenticatedRequest, pk: int, year: int, month: int) -> HttpResponse:
    service = service_for_employment(request.user, pk, write=True)
    check_head(request.user)
    first = _month(year, month)
    form = ReopenForm(_data(request))
    back = reverse("employment:sheet", args=[service.pk, first.year, first.month])
    if _save(
        request,
        form,
        lambda d: services.month_sheet_reopen(service=service, month=first, acting_user=request.user, **d),
        "Feuille d'heures rouverte.",
    ):
        return redirect(back)
    return _page(
        request,
        form,
        title=f"Rouvrir la feuille d'heures — {service.name}",
        back=back,
        back_label="Feuille d'heures",
        intro="La feuille redevient modifiable ; le motif est inscrit au journal d'audit.",
        submit_label="Rouvrir la feuille",
    )


@require_GET
def sheet_csv(request: AuthenticatedRequest, pk: int, year: int, month: int) -> HttpResponse:
    service = service_for_employment(request.user, pk)
    data = month_sheet(service, _month(year, month))
    response = HttpResponse(csv_text(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(data, "csv")}"'
    return response


@require_GET
def sheet_xlsx(request: AuthenticatedRequest, pk: int, year: int, month: int) -> HttpResponse:
    service = service_for_employment(request.user, pk)
    data = month_sheet(service, _month(year, month))
    response = HttpResponse(
        xlsx_bytes(data), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name(data, "xlsx")}"'
    return response


# --- Contracts: hire, path, renewal, early end, exit -------------------------------------------------------------


def hire(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_employment(request.user, pk, write=True)
    result = _contract_flow(
        request,
        HireForm,
        lambda d: services.contract_hire(person=person, acting_user=request.user, **d),
        title=f"Embaucher {person} en contrat d'insertion (CDDI)",
        back=_person_back(person),
        back_label=f"Dossier de {person}",
        intro="Ouvre le parcours dans l'atelier et le contrat initial en une fois.",
        success="Embauche enregistrée : parcours et contrat ouverts.",
        services=writable_insertion_services(request.user),
    )
    if isinstance(result, Contract):
        return redirect("employment:path", pk=result.stay_id)
    return result  # type: ignore[no-any-return]


@require_GET
def path_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = path_for_user(request.user, pk)
    contracts = list(Contract.objects.filter(stay=stay).select_related("overridden_by").order_by("start_date", "pk"))
    hours = list(
        WorkHours.objects.filter(contract__stay=stay)
        .values("month")
        .annotate(total=Sum("hours"), absences=Sum("absence_hours"))
        .order_by("month")
    )
    today = timezone.localdate()
    return render(
        request,
        "employment/path.html",
        {
            "stay": stay,
            "person": stay.person,
            "contracts": contracts,
            "current": next((c for c in contracts if c.start_date <= today <= c.end_date), None),
            "hours": hours,
            "can_write": request.user.writes_records and stay.end_date is None,
        },
    )


def renew(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = path_for_user(request.user, pk, write=True)
    last = Contract.objects.filter(stay=stay).order_by("-end_date", "-pk").first()
    if last is None or stay.end_date is not None:
        raise Http404
    initial = {
        "start_date": last.end_date + datetime.timedelta(days=1),
        "weekly_hours": last.weekly_hours,
        "position": last.position,
        "agreement_reference": last.agreement_reference,
    }
    result = _contract_flow(
        request,
        ContractForm,
        lambda d: services.contract_renew(stay=stay, acting_user=request.user, **d),
        title=f"Renouveler le contrat de {stay.person}",
        back=reverse("employment:path", args=[stay.pk]),
        back_label="Parcours d'insertion",
        intro=f"Contrat en cours : {last}. Le renouvellement commence le lendemain de sa fin.",
        success="Renouvellement enregistré.",
        initial=initial,
    )
    if isinstance(result, Contract):
        return redirect("employment:path", pk=stay.pk)
    return result  # type: ignore[no-any-return]


def end_early(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contract = contract_for_user(request.user, pk, write=True)
    form = EndEarlyForm(_data(request))
    if _save(
        request,
        form,
        lambda d: services.contract_end_early(contract=contract, acting_user=request.user, **d),
        "Fin anticipée du contrat enregistrée.",
    ):
        return redirect("employment:path", pk=contract.stay_id)
    return _page(
        request,
        form,
        title=f"Fin anticipée du contrat de {contract.stay.person}",
        back=reverse("employment:path", args=[contract.stay_id]),
        back_label="Parcours d'insertion",
        intro=f"{contract}. La date saisie devient la fin réelle du contrat ; la fin prévue reste notée.",
    )


def path_exit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = path_for_user(request.user, pk, write=True)
    if stay.end_date is not None:
        raise Http404
    form = ExitForm(_data(request), initial={"end_date": timezone.localdate()})
    if _save(
        request,
        form,
        lambda d: services.path_exit(stay=stay, acting_user=request.user, **d),
        "Sortie du parcours enregistrée.",
    ):
        return redirect(_person_back(stay.person))
    return _page(
        request,
        form,
        title=f"Sortie du parcours : {stay.person} — {stay.service.name}",
        back=reverse("employment:path", args=[stay.pk]),
        back_label="Parcours d'insertion",
        intro=f"Entrée le {stay.start_date:%d/%m/%Y}. Les trois codes de sortie sont obligatoires.",
        submit_label="Enregistrer la sortie",
    )


# --- Activity periods ---------------------------------------------------------------------------------------------


def activity_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_employment(request.user, pk, write=True)
    form = ActivityPeriodForm(_data(request))
    if _save(
        request,
        form,
        lambda d: services.activity_period_record(person=person, acting_user=request.user, **d),
        "Activité enregistrée.",
    ):
        return redirect(_person_back(person))
    return _page(
        request,
        form,
        title=f"Activité de {person}",
        back=_person_back(person),
        back_label=f"Dossier de {person}",
        intro="Ce que fait la personne en dehors de nos contrats : un emploi, une formation, une recherche d'emploi…",
    )


def activity_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    period = activity_period_for_user(request.user, pk, write=True)
    initial = {
        "activity": period.activity,
        "start_date": period.start_date,
        "end_date": period.end_date,
        "employer": period.employer,
    }
    form = ActivityPeriodForm(_data(request), initial=initial)
    if _save(
        request,
        form,
        lambda d: services.activity_period_update(period=period, acting_user=request.user, **d),
        "Activité modifiée.",
    ):
        return redirect(_person_back(period.person))
    return _page(
        request,
        form,
        title=f"Modifier l'activité de {period.person}",
        back=_person_back(period.person),
        back_label=f"Dossier de {period.person}",
    )


# --- AQI cohorts --------------------------------------------------------------------------------------------------


@require_GET
def cohorts(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    establishment = establishment_for_employment(request.user, pk)
    rows = (
        Cohort.objects.visible_to(request.user)
        .filter(service__establishment=establishment)
        .select_related("service")
        .annotate(
            recruited=Count("members", distinct=True),
            pending=Count("candidates", filter=Q(candidates__decision=CandidateDecision.EN_ATTENTE), distinct=True),
        )
        .order_by("-start_date", "pk")
    )
    return render(
        request,
        "employment/cohorts.html",
        {
            "establishment": establishment,
            "cohorts": rows,
            "can_write": request.user.writes_records,
        },
    )


def cohort_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    establishment = establishment_for_employment(request.user, pk, write=True)
    form = CohortForm(
        _data(request),
        services=writable_insertion_services(request.user).filter(establishment=establishment),
        initial={"diploma_title": "Agent de restauration collective"},
    )
    cohort = _save(request, form, lambda d: services.cohort_create(acting_user=request.user, **d), "Promotion créée.")
    if cohort:
        return redirect("employment:cohort", pk=cohort.pk)
    return _page(
        request,
        form,
        title=f"Nouvelle promotion — {establishment.name}",
        back=reverse("employment:cohorts", args=[establishment.pk]),
        back_label="Promotions",
    )


@require_GET
def cohort_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cohort = cohort_for_user(request.user, pk)
    members = list(
        cohort.members.select_related("person", "stay", "candidate")
        .prefetch_related("immersions")
        .order_by("person__last_name", "person__first_name")
    )
    paths = member_paths(cohort, members)
    return render(
        request,
        "employment/cohort_detail.html",
        {
            "cohort": cohort,
            "figures": cohort_figures(cohort),
            "candidates": list(cohort.candidates.select_related("person", "member").order_by("received_on", "pk")),
            "members": [(m, paths[m.pk]) for m in members],
            "can_write": request.user.writes_records,
            "retained": CandidateDecision.RETENU,
            "pending": CandidateDecision.EN_ATTENTE,
        },
    )


def candidate_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cohort = cohort_for_user(request.user, pk, write=True)
    form = CandidateForm(_data(request), user=request.user, initial={"received_on": timezone.localdate()})
    if _save(
        request,
        form,
        lambda d: services.candidate_add(cohort=cohort, acting_user=request.user, **d),
        "Candidature enregistrée.",
    ):
        return redirect("employment:cohort", pk=cohort.pk)
    return _page(
        request,
        form,
        title=f"Nouvelle candidature — {cohort}",
        back=reverse("employment:cohort", args=[cohort.pk]),
        back_label=str(cohort),
    )


def candidate_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidate = candidate_for_user(request.user, pk, write=True)
    form = DecisionForm(_data(request), initial={"decided_on": timezone.localdate()})
    if _save(
        request,
        form,
        lambda d: services.candidate_decide(candidate=candidate, acting_user=request.user, **d),
        "Décision enregistrée.",
    ):
        return redirect("employment:cohort", pk=candidate.cohort_id)
    return _page(
        request,
        form,
        title=f"Décision sur la candidature de {candidate.person}",
        back=reverse("employment:cohort", args=[candidate.cohort_id]),
        back_label=str(candidate.cohort),
        intro=f"Envoyé(e) par : {candidate.get_prescriber_display()} {candidate.prescriber_detail}".strip(),
    )


def candidate_enrol(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidate = candidate_for_user(request.user, pk, write=True)
    cohort = candidate.cohort
    result = _contract_flow(
        request,
        ContractForm,
        lambda d: services.candidate_enrol(candidate=candidate, acting_user=request.user, **d),
        title=f"Inscrire {candidate.person} — {cohort}",
        back=reverse("employment:cohort", args=[cohort.pk]),
        back_label=str(cohort),
        intro=(
            f"L'inscription ouvre le parcours de formation à « {cohort.service.name} » et son CDDI "
            "(les stagiaires de l'AQI sont salariés en insertion)."
        ),
        success="Inscription enregistrée : parcours et contrat ouverts.",
        initial={
            "start_date": max(cohort.start_date, timezone.localdate()),
            "end_date": cohort.end_date,
            "weekly_hours": 26,
            "position": "Stagiaire " + (cohort.diploma_title or "AQI"),
        },
    )
    if not isinstance(result, HttpResponse):
        return redirect("employment:cohort", pk=cohort.pk)
    return result


def immersion_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    member = member_for_user(request.user, pk, write=True)
    form = ImmersionForm(_data(request))
    if _save(
        request,
        form,
        lambda d: services.immersion_add(member=member, acting_user=request.user, **d),
        "Immersion enregistrée.",
    ):
        return redirect("employment:cohort", pk=member.cohort_id)
    return _page(
        request,
        form,
        title=f"Immersion en entreprise de {member.person}",
        back=reverse("employment:cohort", args=[member.cohort_id]),
        back_label=str(member.cohort),
    )


def member_exam(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    member = member_for_user(request.user, pk, write=True)
    form = ExamForm(_data(request), initial={"sat_exam": member.sat_exam, "graduated": member.graduated})
    if _save(
        request,
        form,
        lambda d: services.member_exam_record(member=member, acting_user=request.user, **d),
        "Résultat d'examen enregistré.",
    ):
        return redirect("employment:cohort", pk=member.cohort_id)
    exam = member.cohort.exam_date
    return _page(
        request,
        form,
        title=f"Examen de {member.person}",
        back=reverse("employment:cohort", args=[member.cohort_id]),
        back_label=str(member.cohort),
        intro=f"Examen du {exam:%d/%m/%Y}." if exam else "",
    )


# --- TIG hosting --------------------------------------------------------------------------------------------------


@require_GET
def tig_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    establishment = establishment_for_employment(request.user, pk)
    check_justice(request.user)
    placements = list(
        TigPlacement.objects.filter(service__establishment=establishment)
        .select_related("person", "service")
        .order_by("-start_date", "-pk")
    )
    return render(
        request,
        "employment/tig_list.html",
        {
            "establishment": establishment,
            "ongoing": [p for p in placements if p.end_date is None],
            "ended": [p for p in placements if p.end_date is not None],
        },
    )


def tig_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_for_employment(request.user, pk, write=True)
    form = TigForm(_data(request), services=writable_services(request.user))
    placement = _save(
        request,
        form,
        lambda d: services.tig_create(person=person, acting_user=request.user, **d),
        "Accueil du TIG enregistré.",
    )
    if placement:
        return redirect("employment:tig", pk=placement.pk)
    return _page(
        request,
        form,
        title=f"Accueillir un TIG : {person}",
        back=_person_back(person),
        back_label=f"Dossier de {person}",
        intro="Travail d'intérêt général envoyé par le SPIP : heures prononcées, échéance, tuteur dans l'atelier.",
    )


@require_GET
def tig_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = tig_for_user(request.user, pk)
    return render(
        request,
        "employment/tig_detail.html",
        {
            "placement": placement,
            "sessions": list(placement.sessions.order_by("date")),
            "absences": list(placement.absences.select_related("incident").order_by("incident__occurred_at")),
            "can_write": request.user.writes_records,
        },
    )


def tig_session_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = tig_for_user(request.user, pk, write=True)
    form = TigSessionForm(_data(request), initial={"date": timezone.localdate()})
    if _save(
        request,
        form,
        lambda d: services.tig_session_record(placement=placement, acting_user=request.user, **d),
        "Séance enregistrée.",
    ):
        return redirect("employment:tig", pk=placement.pk)
    remaining = placement.hours_remaining
    return _page(
        request,
        form,
        title=f"Séance de TIG : {placement.person}",
        back=reverse("employment:tig", args=[placement.pk]),
        back_label="TIG",
        intro=f"Heures restantes : {remaining}." if remaining is not None else "",
    )


def tig_absence(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = tig_for_user(request.user, pk, write=True)
    form = TigAbsenceForm(_data(request))
    if _save(
        request,
        form,
        lambda d: services.tig_absence_report(placement=placement, acting_user=request.user, **d),
        "Absence enregistrée : à signaler au SPIP.",
    ):
        return redirect("employment:tig", pk=placement.pk)
    return _page(
        request,
        form,
        title=f"Absence au TIG : {placement.person}",
        back=reverse("employment:tig", args=[placement.pk]),
        back_label="TIG",
        intro=f"Un incident est ouvert ; notez quand {placement.spip or 'le SPIP'} a été informé.",
    )


def tig_complete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = tig_for_user(request.user, pk, write=True)
    form = TigCompleteForm(_data(request), initial={"end_date": timezone.localdate()})
    if _save(
        request,
        form,
        lambda d: services.tig_complete(placement=placement, acting_user=request.user, **d),
        "Fin du TIG enregistrée.",
    ):
        return redirect("employment:tig", pk=placement.pk)
    return _page(
        request,
        form,
        title=f"Fin du TIG : {placement.person}",
        back=reverse("employment:tig", args=[placement.pk]),
        back_label="TIG",
        intro=f"{placement.hours_done} heure(s) effectuée(s) sur {placement.hours_ordered or '?'} prononcée(s).",
    )


def tig_hire(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = tig_for_user(request.user, pk, write=True)
    result = _contract_flow(
        request,
        HireForm,
        lambda d: services.tig_hire(placement=placement, acting_user=request.user, **d),
        title=f"Embaucher {placement.person} en insertion après son TIG",
        back=reverse("employment:tig", args=[placement.pk]),
        back_label="TIG",
        intro="Ouvre le parcours d'insertion et son contrat ; le TIG est noté « embauché ensuite ».",
        success="Embauche enregistrée.",
        initial={"start_date": placement.end_date},
        services=writable_insertion_services(request.user),
    )
    if isinstance(result, Contract):
        return redirect("employment:tig", pk=placement.pk)
    return result  # type: ignore[no-any-return]


# --- SOA sessions -------------------------------------------------------------------------------------------------


def _soa_services(user: Any, establishment: Establishment) -> Any:
    return writable_services(user).filter(establishment=establishment, modality=Modality.PROJET_PROFESSIONNEL)


@require_GET
def soa_sessions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    establishment = establishment_for_employment(request.user, pk)
    rows = (
        SoaSession.objects.filter(service__establishment=establishment)
        .select_related("service")
        .annotate(
            count=Count("participants", distinct=True),
            completed=Count("participants", filter=Q(participants__outcome=SoaOutcome.PARCOURS_COMPLET), distinct=True),
        )
    )
    return render(
        request,
        "employment/soa_sessions.html",
        {"establishment": establishment, "sessions": rows, "can_write": request.user.writes_records},
    )


def soa_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    establishment = establishment_for_employment(request.user, pk, write=True)
    form = SoaSessionForm(_data(request), services=_soa_services(request.user, establishment))
    session = _save(
        request, form, lambda d: services.soa_session_create(acting_user=request.user, **d), "Session créée."
    )
    if session:
        return redirect("employment:soa", pk=session.pk)
    return _page(
        request,
        form,
        title=f"Nouvelle session d'orientation approfondie — {establishment.name}",
        back=reverse("employment:soa_sessions", args=[establishment.pk]),
        back_label="Sessions d'orientation",
    )


@require_GET
def soa_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = soa_session_for_user(request.user, pk)
    participants = list(
        session.participants.select_related("person", "stay")
        .prefetch_related("internships")
        .order_by("person__last_name", "person__first_name")
    )
    return render(
        request,
        "employment/soa_detail.html",
        {
            "session": session,
            "participants": participants,
            "figures": soa_figures(session),
            "can_write": request.user.writes_records,
            "ongoing": SoaOutcome.EN_COURS,
        },
    )


def soa_enrol(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = soa_session_for_user(request.user, pk, write=True)
    form = SoaEnrolForm(_data(request), user=request.user, initial={"start_date": session.start_date})
    if _save(
        request,
        form,
        lambda d: services.soa_enrol(session=session, acting_user=request.user, **d),
        "Participant(e) inscrit(e).",
    ):
        return redirect("employment:soa", pk=session.pk)
    return _page(
        request,
        form,
        title=f"Inscrire à la session — {session}",
        back=reverse("employment:soa", args=[session.pk]),
        back_label=str(session),
        intro=f"L'inscription ouvre l'accompagnement dans « {session.service.name} ».",
    )


def soa_internship_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = soa_participant_for_user(request.user, pk, write=True)
    form = InternshipForm(_data(request))
    if _save(
        request,
        form,
        lambda d: services.soa_internship_add(participant=participant, acting_user=request.user, **d),
        "Stage enregistré.",
    ):
        return redirect("employment:soa", pk=participant.session_id)
    return _page(
        request,
        form,
        title=f"Stage de {participant.person}",
        back=reverse("employment:soa", args=[participant.session_id]),
        back_label=str(participant.session),
    )


def soa_complete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = soa_participant_for_user(request.user, pk, write=True)
    if participant.outcome != SoaOutcome.EN_COURS:
        raise Http404
    form = SoaCompleteForm(_data(request), initial={"end_date": participant.session.end_date})
    if _save(
        request,
        form,
        lambda d: services.soa_complete(participant=participant, acting_user=request.user, **d),
        "Fin de session enregistrée.",
    ):
        return redirect("employment:soa", pk=participant.session_id)
    return _page(
        request,
        form,
        title=f"Fin de session : {participant.person}",
        back=reverse("employment:soa", args=[participant.session_id]),
        back_label=str(participant.session),
        intro="La fin de session clôt l'accompagnement avec ses trois codes de sortie.",
    )
