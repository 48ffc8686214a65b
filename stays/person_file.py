"""The stays in the person's file: arrivals, departures and the gaps between them on the timeline; the ongoing
stays with their household. Only the stays of the user's establishments; the others are counted, never shown."""

from __future__ import annotations

import datetime

from accounts.models import User
from core.person_file import Contribution, Panel, SameDay, TimelineItem
from people.models import Person

from .models import Stay


def contribute(person: Person, user: User) -> Contribution:
    stays = list(
        Stay.objects.visible_to(user).filter(person=person).select_related("service__establishment", "household")
    )
    out = Contribution()
    hidden = Stay.objects.filter(person=person).count() - len(stays)
    if hidden:
        out.notices.append(
            f"{hidden} séjour(s) dans un autre établissement de l'association ne sont pas affichés "
            "(hors de votre périmètre)."
        )
    for stay in stays:
        out.items.append(
            TimelineItem(stay.start_date, "stay_start", f"Entrée : {stay.service}", same_day=SameDay.START)
        )
        if stay.end_date:
            out.items.append(
                TimelineItem(
                    stay.end_date,
                    "stay_end",
                    f"Sortie : {stay.service}",
                    f"{stay.get_exit_reason_display()} — logement : {stay.get_exit_housing_display()} — "
                    f"activité : {stay.get_exit_activity_display()}",
                    same_day=SameDay.END,
                )
            )
    out.items.extend(_gaps(stays))
    current = [s for s in stays if s.end_date is None]
    household: list[Stay] = []
    if current and current[0].household_id:
        household = list(
            Stay.objects.visible_to(user)
            .filter(household_id=current[0].household_id, end_date__isnull=True)
            .exclude(person=person)
            .select_related("person")
        )
    out.panels.append(
        Panel(
            "stays/panels/current.html",
            order=20,
            card=True,
            context={"current_stays": current, "household": household, "can_write": user.writes_records},
        )
    )
    return out


def _gaps(stays: list[Stay]) -> list[TimelineItem]:
    """Days without any (visible) stay between two stays."""
    items = []
    covered_until: datetime.date | None = None
    for stay in sorted(stays, key=lambda s: s.start_date):
        if covered_until is not None and stay.start_date > covered_until:
            days = (stay.start_date - covered_until).days
            items.append(
                TimelineItem(covered_until, "gap", f"Sans accompagnement pendant {days} jour(s)", same_day=SameDay.GAP)
            )
        if stay.end_date is None:
            covered_until = datetime.date.max
        elif covered_until is None or stay.end_date > covered_until:
            covered_until = stay.end_date
    return items
