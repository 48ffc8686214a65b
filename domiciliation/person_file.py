"""The domiciliation in the person's file: the domiciliations of the user's establishments with their mail waiting,
on the timeline the request, the validity and the end; links to the mail log. Who asked (a SPIP…) is a justice
detail: not shown to roles that see no justice."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from core.person_file import Contribution, Panel, SameDay, TimelineItem
from people.models import Person

from .enums import DomiciliationDecision
from .models import Domiciliation, MailItem


def contribute(person: Person, user: Any) -> Contribution:
    out = Contribution()
    rows = list(
        Domiciliation.objects.visible_to(user)
        .filter(person=person)
        .select_related("service__establishment")
        .prefetch_related(Prefetch("mail_items", MailItem.objects.waiting(), to_attr="waiting_mail"))
        .order_by("-requested_on", "-pk")
    )
    for d in rows:
        label = "Demande de domiciliation" + (f" ({d.get_requester_display()})" if user.sees_justice else "")
        if not d.is_renewal:
            out.items.append(TimelineItem(d.requested_on, "request", label, d.service.name, same_day=SameDay.REQUEST))
        if d.decision == DomiciliationDecision.ACCEPTEE:
            out.items.append(
                TimelineItem(
                    d.start_date,
                    "stay_start",
                    "Domiciliation renouvelée" if d.is_renewal else "Domiciliation",
                    f"{d.service.establishment.name}, valable jusqu'au {d.end_date:%d/%m/%Y}",
                    same_day=SameDay.START,
                )
            )
            if d.end_reason:
                out.items.append(
                    TimelineItem(
                        d.end_date,
                        "stay_end",
                        f"Fin de domiciliation : {d.get_end_reason_display().lower()}",
                        d.service.establishment.name,
                        same_day=SameDay.END,
                    )
                )
        elif d.decision == DomiciliationDecision.REFUSEE:
            out.items.append(
                TimelineItem(
                    d.decided_on, "request", "Domiciliation refusée", d.refusal_reason, same_day=SameDay.REQUEST
                )
            )
    establishments = {d.service.establishment for d in rows}
    if user.records_events and not user.sees_all_establishments:
        establishments |= set(user.establishments.all())
    if rows or establishments:
        out.panels.append(
            Panel(
                "domiciliation/panels/domiciliations.html",
                order=45,
                context={
                    "domiciliations": rows,
                    "establishments": sorted(establishments, key=lambda e: e.name),
                },
            )
        )
    return out
