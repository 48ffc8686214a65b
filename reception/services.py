"""The day-reception desk: one tap per service delivered (recorded as an `events.Event` for the interchange kinds
— passage, meal, shower, mail collected, interview — and as the reception's own record for laundry and locker),
corrections of the day, the day's tally; and the lockers. Every write is audited, inside a transaction."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone

from audit.services import audit_create, audit_update, snapshot
from domiciliation.desk import hand_over_waiting_mail, undo_mail_hand_over
from establishments.enums import Modality
from establishments.models import Establishment, Service
from events.models import Event
from events.services import event_record
from people.models import Person

from .enums import ANONYMOUS_SERVICES, EVENT_KINDS, DeskService
from .models import DeskEntry, Locker, LockerAssignment


def desk_services(establishment: Establishment) -> QuerySet[Service]:
    """The establishment's day-reception services (modality `accueil_jour`): the desk records in them."""
    return Service.objects.filter(establishment=establishment, modality=Modality.ACCUEIL_JOUR).order_by("name", "pk")


def _passage_today(establishment: Establishment, person: Person, day: datetime.date) -> DeskEntry | None:
    return (
        DeskEntry.objects.current()
        .filter(establishment=establishment, person=person, date=day, kind=DeskService.PASSAGE)
        .first()
    )


def _record(
    *,
    establishment: Establishment,
    service: Service,
    kind: str,
    day: datetime.date,
    person: Person | None,
    quantity: int,
    acting_user: Any,
) -> DeskEntry:
    event = None
    if kind == DeskService.COURRIER:
        event = hand_over_waiting_mail(
            establishment=establishment, person=person, service=service, day=day, acting_user=acting_user
        )
    elif kind in EVENT_KINDS:
        event = event_record(
            service=service,
            date=day,
            kind=EVENT_KINDS[kind],
            person=person,
            quantity=quantity,
            acting_user=acting_user,
        )
    entry = DeskEntry.objects.create(
        establishment=establishment,
        service=service,
        date=day,
        person=person,
        kind=kind,
        quantity=quantity,
        event=event,
        recorded_by=acting_user,
    )
    audit_create(actor=acting_user, obj=entry, person=person)
    return entry


@transaction.atomic
def desk_tap(
    *,
    establishment: Establishment,
    service: Service,
    kind: str,
    day: datetime.date,
    acting_user: Any,
    person: Person | None = None,
    quantity: int = 1,
) -> DeskEntry:
    """One service delivered at the desk. A named person's first service of the day also records their passage
    (one passage per person and day); anonymous passages, meals, showers and laundry are counts (`quantity`)."""
    errors: dict[str, str] = {}
    if service.establishment_id != establishment.pk or service.modality != Modality.ACCUEIL_JOUR:
        errors["service"] = "Choisissez un service d'accueil de jour de l'établissement."
    if kind not in DeskService.values:
        errors["kind"] = f"Service inconnu ({kind})."
    elif person is None and kind not in ANONYMOUS_SERVICES:
        errors["person"] = "Ce service se rattache à une personne : cherchez-la ou créez sa fiche."
    if quantity is None or quantity < 1:
        errors["quantity"] = "La quantité doit être un nombre entier positif."
    elif person is not None and quantity != 1:
        errors["quantity"] = "Pour une personne, une saisie vaut un service."
    if day > timezone.localdate():
        errors["date"] = "La date ne peut pas être dans le futur."
    if errors:
        raise ValidationError(errors)
    if person is not None:
        Person.objects.select_for_update().filter(pk=person.pk).first()  # one passage per person and day
        passage = _passage_today(establishment, person, day)
        if kind == DeskService.PASSAGE and passage is not None:
            raise ValidationError({"kind": f"Le passage de {person} est déjà enregistré aujourd'hui."})
        if kind == DeskService.CASIER and not (
            LockerAssignment.objects.open().filter(locker__establishment=establishment, person=person).exists()
        ):
            raise ValidationError({"kind": f"{person} n'a pas de casier attribué : attribuez-en un d'abord."})
        if kind != DeskService.PASSAGE and passage is None:
            _record(
                establishment=establishment,
                service=service,
                kind=DeskService.PASSAGE,
                day=day,
                person=person,
                quantity=1,
                acting_user=acting_user,
            )
    return _record(
        establishment=establishment,
        service=service,
        kind=kind,
        day=day,
        person=person,
        quantity=quantity,
        acting_user=acting_user,
    )


@transaction.atomic
def desk_undo(*, entry: DeskEntry, today: datetime.date, acting_user: Any) -> DeskEntry:
    """Cancel a tap of today (kept and marked as cancelled, its event removed, the mail handed with it waiting
    again); a past day's entries are final. A passage goes only once the person's other services of the day are."""
    entry = DeskEntry.objects.select_for_update(of=("self",)).select_related("person", "event").get(pk=entry.pk)
    if entry.cancelled_at is not None:
        raise ValidationError({"kind": "Cette saisie est déjà annulée."})
    if entry.date != today:
        raise ValidationError({"date": "Seules les saisies du jour peuvent être corrigées."})
    if entry.kind == DeskService.PASSAGE and entry.person_id is not None:
        others = (
            DeskEntry.objects.current()
            .filter(establishment_id=entry.establishment_id, person_id=entry.person_id, date=entry.date)
            .exclude(kind=DeskService.PASSAGE)
        )
        if others.exists():
            raise ValidationError(
                {"kind": "Annulez d'abord les autres services du jour de cette personne, puis son passage."}
            )
    event = entry.event
    detail = "Saisie annulée"
    if event is not None:
        if entry.kind == DeskService.COURRIER:
            handed = undo_mail_hand_over(event=event, acting_user=acting_user)
            detail += f" ; {handed} courrier(s) de nouveau en attente"
        detail += f" ; événement « {event} » (n° {event.pk}) supprimé"
    before = snapshot(entry, ["cancelled_at", "cancelled_by_id", "event_id"])
    entry.cancelled_at = timezone.now()
    entry.cancelled_by = acting_user
    entry.event = None
    entry.save(update_fields=["cancelled_at", "cancelled_by", "event"])
    audit_update(actor=acting_user, obj=entry, before=before, person=entry.person, detail=detail)
    if event is not None:
        event.delete()
    return entry


# --- the day ------------------------------------------------------------------------------------------------------


@dataclass
class PersonDay:
    person: Person
    entries: list[DeskEntry] = field(default_factory=list)

    @property
    def kinds(self) -> set[str]:
        return {e.kind for e in self.entries}


@dataclass
class DayTally:
    """The day's figures at the desk. Passages, meals, showers, mail and interviews are Σ quantity of the events of
    the establishment's day-reception services that day (what the activity report counts); laundry and lockers,
    of the desk's own entries. `persons`: distinct persons with a passage."""

    persons: int
    totals: dict[str, int]

    def rows(self) -> list[tuple[str, str, int]]:
        return [(code, label, self.totals.get(code, 0)) for code, label in DeskService.choices]


def day_tally(establishment: Establishment, day: datetime.date) -> DayTally:
    events = Event.objects.filter(service__in=desk_services(establishment), date=day)
    totals: dict[str, int] = dict.fromkeys(DeskService.values, 0)
    kind_of_event = {v: k for k, v in EVENT_KINDS.items()}
    for row in events.filter(kind__in=list(EVENT_KINDS.values())).values("kind").annotate(n=Sum("quantity")):
        totals[kind_of_event[row["kind"]]] = row["n"] or 0
    own = DeskEntry.objects.current().filter(
        establishment=establishment, date=day, kind__in=[DeskService.LESSIVE, DeskService.CASIER]
    )
    for row in own.values("kind").annotate(n=Sum("quantity")):
        totals[row["kind"]] = row["n"] or 0
    persons = (
        events.filter(kind=EVENT_KINDS[DeskService.PASSAGE], person__isnull=False).values("person").distinct().count()
    )
    return DayTally(persons=persons, totals=totals)


def day_entries(establishment: Establishment, day: datetime.date) -> tuple[list[PersonDay], list[DeskEntry]]:
    """Today's taps, by person (in order of arrival), and the anonymous counts."""
    by_person: dict[int, PersonDay] = {}
    anonymous: list[DeskEntry] = []
    entries = (
        DeskEntry.objects.current()
        .filter(establishment=establishment, date=day)
        .select_related("person")
        .order_by("recorded_at", "pk")
    )
    for entry in entries:
        if entry.person is None:
            anonymous.append(entry)
        else:
            by_person.setdefault(entry.person.pk, PersonDay(entry.person)).entries.append(entry)
    return list(by_person.values()), anonymous


def anonymous_counts(anonymous: list[DeskEntry]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for entry in anonymous:
        counts[entry.kind] += entry.quantity
    return dict(counts)


# --- lockers ------------------------------------------------------------------------------------------------------


@transaction.atomic
def locker_add(*, establishment: Establishment, number: int, acting_user: Any) -> Locker:
    if number is None or number < 1:
        raise ValidationError({"number": "« Numéro » : un nombre entier à partir de 1."})
    if Locker.objects.filter(establishment=establishment, number=number).exists():
        raise ValidationError({"number": f"Le casier n° {number} existe déjà."})
    locker = Locker.objects.create(establishment=establishment, number=number)
    audit_create(actor=acting_user, obj=locker)
    return locker


@transaction.atomic
def locker_assign(
    *,
    locker: Locker,
    person: Person,
    start_date: datetime.date,
    planned_end: datetime.date,
    acting_user: Any,
) -> LockerAssignment:
    locker = Locker.objects.select_for_update().get(pk=locker.pk)
    errors: dict[str, str] = {}
    if not locker.active:
        errors["locker"] = f"Le {locker} n'est plus en service."
    current = LockerAssignment.objects.open().filter(locker=locker).select_related("person").first()
    if current is not None:
        errors["locker"] = f"Le {locker} est occupé par {current.person} : libérez-le d'abord."
    other = LockerAssignment.objects.open().filter(locker__establishment=locker.establishment_id, person=person).first()
    if other is not None:
        errors["person"] = f"{person} a déjà le {other.locker}."
    if start_date > timezone.localdate():
        errors["start_date"] = "« Attribué le » ne peut pas être dans le futur."
    if planned_end < start_date:
        errors["planned_end"] = f"La fin prévue ({planned_end:%d/%m/%Y}) précède l'attribution ({start_date:%d/%m/%Y})."
    if errors:
        raise ValidationError(errors)
    assignment = LockerAssignment.objects.create(
        locker=locker, person=person, start_date=start_date, planned_end=planned_end
    )
    audit_create(actor=acting_user, obj=assignment, person=person)
    return assignment


@transaction.atomic
def locker_release(*, assignment: LockerAssignment, released_on: datetime.date, acting_user: Any) -> LockerAssignment:
    assignment = LockerAssignment.objects.select_for_update().select_related("person", "locker").get(pk=assignment.pk)
    if assignment.released_on is not None:
        raise ValidationError({"released_on": f"Ce casier a déjà été libéré le {assignment.released_on:%d/%m/%Y}."})
    if released_on < assignment.start_date:
        raise ValidationError(
            {"released_on": f"La libération ne peut pas précéder l'attribution ({assignment.start_date:%d/%m/%Y})."}
        )
    if released_on > timezone.localdate():
        raise ValidationError({"released_on": "« Libéré le » ne peut pas être dans le futur."})
    before = snapshot(assignment, ["released_on"])
    assignment.released_on = released_on
    assignment.save(update_fields=["released_on"])
    audit_update(actor=acting_user, obj=assignment, before=before, person=assignment.person)
    return assignment
