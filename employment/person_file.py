"""Work and training in the person's file: insertion contracts, activity periods, cohorts, TIG and SOA on the
timeline, and the "Travail et formation" panel with the activity of today. Nothing for the reception role; TIG only
for the roles that see justice. Only the rows of the user's scope (`visible_to`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from core.person_file import Contribution, Panel, SameDay, TimelineItem
from people.models import Person

from .access import writable_insertion_services
from .activity import activity_from
from .enums import DAY_ACTIVITY_LABELS, ContractKind
from .models import ActivityPeriod, CohortCandidate, CohortMember, Contract, SoaParticipant, TigPlacement


def _d(day: Any) -> str:
    return f"{day:%d/%m/%Y}"


def contribute(person: Person, user: Any) -> Contribution:
    out = Contribution()
    if user.is_reception:
        return out
    today = timezone.localdate()
    contracts = list(
        Contract.objects.visible_to(user)
        .filter(stay__person=person)
        .select_related("stay__service__establishment")  # the path is named by its service: "establishment — name"
        .order_by("start_date", "pk")
    )
    periods = list(ActivityPeriod.objects.visible_to(user).filter(person=person).order_by("-start_date", "-pk"))
    members = list(CohortMember.objects.visible_to(user).filter(person=person).select_related("cohort", "stay"))
    candidacies = list(
        CohortCandidate.objects.visible_to(user).filter(person=person, member__isnull=True).select_related("cohort")
    )
    placements = (
        list(TigPlacement.objects.visible_to(user).filter(person=person).select_related("service"))
        if user.sees_justice
        else []
    )
    soa = list(SoaParticipant.objects.visible_to(user).filter(person=person).select_related("session", "stay"))

    for c in contracts:
        title = "Contrat d'insertion" if c.kind == ContractKind.INITIAL else "Renouvellement du contrat"
        out.items.append(
            TimelineItem(
                c.start_date,
                "contract",
                f"{title} : {c.stay.service.name}",
                f"{c.weekly_hours} h par semaine jusqu'au {_d(c.end_date)}" + (f", {c.position}" if c.position else ""),
                url=reverse("employment:path", args=[c.stay_id]),
                same_day=SameDay.EVENT,  # after the arrival in the workshop, the same day
            )
        )
        if c.end_reason:
            out.items.append(
                TimelineItem(
                    c.end_date,
                    "contract_end",
                    f"Fin anticipée du contrat : {c.get_end_reason_display()}",
                    f"fin prévue le {_d(c.planned_end_date)}",
                    url=reverse("employment:path", args=[c.stay_id]),
                    same_day=SameDay.END,
                )
            )
    for p in periods:
        label = p.get_activity_display()
        out.items.append(
            TimelineItem(p.start_date, "activity", f"Activité : {label}", p.employer, same_day=SameDay.EVENT)
        )
        if p.end_date:
            out.items.append(
                TimelineItem(
                    p.end_date, "activity_end", f"Fin de l'activité : {label}", p.employer, same_day=SameDay.END
                )
            )
    for m in members:
        start = m.stay.start_date if m.stay else m.cohort.start_date
        out.items.append(
            TimelineItem(
                start,
                "cohort",
                f"Formation : {m.cohort}",
                m.cohort.diploma_title,
                url=reverse("employment:cohort", args=[m.cohort_id]),
                same_day=SameDay.EVENT,
            )
        )
        if m.sat_exam and m.cohort.exam_date:
            result = "diplômé(e)" if m.graduated else "non diplômé(e)"
            out.items.append(TimelineItem(m.cohort.exam_date, "exam", f"Examen : {result}", m.cohort.diploma_title))
    for candidate in candidacies:
        out.items.append(
            TimelineItem(
                candidate.received_on,
                "request",
                f"Candidature à la promotion {candidate.cohort}",
                f"{candidate.get_prescriber_display()} — {candidate.get_decision_display().lower()}",
                url=reverse("employment:cohort", args=[candidate.cohort_id]),
                same_day=SameDay.REQUEST,
            )
        )
    for t in placements:
        out.items.append(
            TimelineItem(
                t.start_date,
                "tig",
                f"TIG accueilli : {t.service.name}",
                f"{t.hours_ordered or '?'} h prononcées" + (f", {t.spip}" if t.spip else ""),
                url=reverse("employment:tig", args=[t.pk]),
                same_day=SameDay.MEASURE_START,
            )
        )
        if t.end_date:
            out.items.append(
                TimelineItem(
                    t.end_date,
                    "tig_end",
                    f"Fin du TIG : {t.get_outcome_display() or 'issue non renseignée'}",
                    f"{t.hours_done} h effectuées",
                    url=reverse("employment:tig", args=[t.pk]),
                    same_day=SameDay.MEASURE_END,
                )
            )
    for s in soa:
        out.items.append(
            TimelineItem(
                s.stay.start_date,
                "soa",
                f"Session d'orientation : {s.session}",
                s.get_outcome_display(),
                url=reverse("employment:soa", args=[s.session_id]),
                same_day=SameDay.EVENT,
            )
        )

    activity = activity_from(
        today,
        [(c.start_date, c.end_date) for c in contracts],
        [(p.activity, p.start_date, p.end_date, p.external_id, p.pk) for p in periods],
    )
    paths: dict[int, Any] = {}
    for c in contracts:
        paths.setdefault(c.stay_id, {"stay": c.stay, "contracts": []})["contracts"].append(c)
    if contracts or periods or members or candidacies or placements or soa or user.writes_records:
        out.panels.append(
            Panel(
                "employment/panels/work.html",
                order=50,
                context={
                    "activity_today": DAY_ACTIVITY_LABELS.get(activity, activity),
                    "today": today,
                    "paths": list(paths.values()),
                    "periods": periods,
                    "members": members,
                    "candidacies": candidacies,
                    "placements": placements,
                    "soa": soa,
                    "can_write": user.writes_records,
                    "can_hire": writable_insertion_services(user).exists(),
                },
            )
        )
    return out
