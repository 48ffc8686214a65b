"""Domiciliation: request, decision (acceptance records a v1 `domiciliation` event), renewal, end, radiation,
and the mail log. Every write runs in a transaction with its audit row; a refused write saves nothing."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from audit.services import audit_create, audit_update, snapshot
from establishments.models import Establishment, Service
from events.enums import EventKind
from events.models import Event
from events.services import event_record
from people.enums import Prescriber
from people.models import Person

from . import rules
from .enums import MANUAL_END_REASONS, DomiciliationDecision, EndReason, MailKind
from .models import Domiciliation, DomiciliationQuerySet, MailItem

# A passage at the day reception, mail collected or an interview is a contact (radiation after 3 months without).
CONTACT_KINDS = (EventKind.PASSAGE_ACCUEIL_JOUR, EventKind.COURRIER, EventKind.ENTRETIEN)
DECISION_FIELDS = ["decision", "decided_on", "start_date", "end_date", "refusal_reason"]
END_FIELDS = ["end_date", "end_reason", "ended_on"]


def _locked(domiciliation: Domiciliation) -> Domiciliation:
    return (
        Domiciliation.objects.select_for_update()
        .select_related("person", "service__establishment")
        .get(pk=domiciliation.pk)
    )


def _not_future(day: datetime.date, field: str, label: str, errors: dict[str, str]) -> None:
    if day > timezone.localdate():
        errors[field] = f"« {label} » ne peut pas être dans le futur."


def _open_in_establishment(person: Person, establishment: Establishment, day: datetime.date) -> Domiciliation | None:
    """A pending request, or an accepted domiciliation not ended, of the person in the establishment."""
    qs = Domiciliation.objects.filter(person=person, service__establishment=establishment)
    pending = qs.filter(decision=DomiciliationDecision.EN_ATTENTE).first()
    if pending is not None:
        return pending
    return qs.filter(decision=DomiciliationDecision.ACCEPTEE, end_reason="", end_date__gte=day).first()


def _validity(
    *, start_date: datetime.date, end_date: datetime.date | None, errors: dict[str, str]
) -> datetime.date | None:
    end = end_date or rules.default_end(start_date)
    if end < start_date:
        errors["end_date"] = f"La fin de validité ({end:%d/%m/%Y}) précède son début ({start_date:%d/%m/%Y})."
    elif end > rules.one_year_after(start_date):
        errors["end_date"] = (
            f"Une attestation vaut un an au plus : fin au plus tard le {rules.one_year_after(start_date):%d/%m/%Y}."
        )
    return end


def _domiciliation_event(domiciliation: Domiciliation, acting_user: Any) -> Event:
    """The v1 `domiciliation` event of an acceptance (indicator `domiciliations` of indicators v1)."""
    assert domiciliation.decided_on is not None
    return event_record(
        service=domiciliation.service,
        date=domiciliation.decided_on,
        kind=EventKind.DOMICILIATION,
        person=domiciliation.person,
        acting_user=acting_user,
    )


@transaction.atomic
def domiciliation_request(
    *,
    person: Person,
    service: Service,
    requested_on: datetime.date,
    requester: str,
    acting_user: Any,
    birth_place: str = "",
) -> Domiciliation:
    """Record a request for an "élection de domicile" (who asked: a prescriber code, `personne` = the person)."""
    errors: dict[str, str] = {}
    if requester not in Prescriber.values:
        errors["requester"] = f"« Demandée par » : valeur inconnue ({requester})."
    _not_future(requested_on, "requested_on", "Demandée le", errors)
    existing = _open_in_establishment(person, service.establishment, requested_on)
    if existing is not None:
        errors["person"] = (
            f"{person} a déjà une domiciliation en cours ou une demande en attente ici ({existing}) : "
            "renouvelez-la plutôt."
        )
    if errors:
        raise ValidationError(errors)
    domiciliation = Domiciliation.objects.create(
        person=person,
        service=service,
        requested_on=requested_on,
        requester=requester,
        birth_place=birth_place.strip(),
    )
    audit_create(actor=acting_user, obj=domiciliation, person=person)
    return domiciliation


@transaction.atomic
def domiciliation_decide(
    *,
    domiciliation: Domiciliation,
    decision: str,
    decided_on: datetime.date,
    acting_user: Any,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    refusal_reason: str = "",
) -> Domiciliation:
    """Accept (validity from `start_date`, the decision day by default, for one year at most; a `domiciliation`
    event is recorded on the decision day) or refuse (a reason is required, printed on the refusal letter)."""
    domiciliation = _locked(domiciliation)
    errors: dict[str, str] = {}
    if domiciliation.decision != DomiciliationDecision.EN_ATTENTE:
        raise ValidationError({"decision": "Cette demande a déjà reçu une décision."})
    if decision not in (DomiciliationDecision.ACCEPTEE, DomiciliationDecision.REFUSEE):
        errors["decision"] = "Choisissez « Acceptée » ou « Refusée »."
    _not_future(decided_on, "decided_on", "Décidée le", errors)
    if decided_on < domiciliation.requested_on:
        errors["decided_on"] = (
            f"La décision ({decided_on:%d/%m/%Y}) précède la demande ({domiciliation.requested_on:%d/%m/%Y})."
        )
    before = snapshot(domiciliation, DECISION_FIELDS)
    if decision == DomiciliationDecision.ACCEPTEE:
        start = start_date or decided_on
        domiciliation.start_date = start
        domiciliation.end_date = _validity(start_date=start, end_date=end_date, errors=errors)
        domiciliation.refusal_reason = ""
    elif decision == DomiciliationDecision.REFUSEE:
        if not refusal_reason.strip():
            errors["refusal_reason"] = "Le motif du refus est obligatoire (il figure sur le courrier de refus)."
        domiciliation.refusal_reason = refusal_reason.strip()
        domiciliation.start_date = domiciliation.end_date = None
    if errors:
        raise ValidationError(errors)
    domiciliation.decision = decision
    domiciliation.decided_on = decided_on
    domiciliation.save(update_fields=DECISION_FIELDS)
    audit_update(actor=acting_user, obj=domiciliation, before=before, person=domiciliation.person)
    if decision == DomiciliationDecision.ACCEPTEE:
        _domiciliation_event(domiciliation, acting_user)
    return domiciliation


@transaction.atomic
def domiciliation_renew(
    *,
    previous: Domiciliation,
    decided_on: datetime.date,
    acting_user: Any,
    requester: str = Prescriber.PERSONNE,
    end_date: datetime.date | None = None,
) -> Domiciliation:
    """A new period from the day after the previous end (accepted on `decided_on`; one year at most)."""
    previous = _locked(previous)
    errors: dict[str, str] = {}
    if previous.decision != DomiciliationDecision.ACCEPTEE:
        raise ValidationError({"decision": "Seule une domiciliation acceptée peut être renouvelée."})
    if previous.end_reason not in ("", EndReason.EXPIRATION):
        raise ValidationError(
            {"end_reason": f"Cette domiciliation a pris fin ({previous.get_end_reason_display().lower()})."}
        )
    if Domiciliation.objects.filter(renewal_of=previous).exists():
        raise ValidationError({"decision": "Cette domiciliation a déjà été renouvelée."})
    if requester not in Prescriber.values:
        errors["requester"] = f"« Demandée par » : valeur inconnue ({requester})."
    _not_future(decided_on, "decided_on", "Décidée le", errors)
    assert previous.end_date is not None
    start = rules.renewal_start(previous.end_date)
    end = _validity(start_date=start, end_date=end_date, errors=errors)
    if errors:
        raise ValidationError(errors)
    renewal = Domiciliation.objects.create(
        person=previous.person,
        service=previous.service,
        requested_on=decided_on,
        requester=requester,
        decision=DomiciliationDecision.ACCEPTEE,
        decided_on=decided_on,
        start_date=start,
        end_date=end,
        birth_place=previous.birth_place,
        renewal_of=previous,
    )
    audit_create(actor=acting_user, obj=renewal, person=previous.person, detail=f"Renouvellement de : {previous}")
    _domiciliation_event(renewal, acting_user)
    return renewal


def _end(domiciliation: Domiciliation, *, on: datetime.date, reason: str, acting_user: Any, detail: str) -> None:
    before = snapshot(domiciliation, END_FIELDS)
    domiciliation.end_date = on
    domiciliation.end_reason = reason
    domiciliation.ended_on = timezone.localdate()
    domiciliation.save(update_fields=END_FIELDS)
    audit_update(actor=acting_user, obj=domiciliation, before=before, person=domiciliation.person, detail=detail)


def _check_running_on(domiciliation: Domiciliation, on: datetime.date) -> None:
    if domiciliation.decision != DomiciliationDecision.ACCEPTEE or domiciliation.end_reason:
        raise ValidationError({"end_reason": "Cette domiciliation n'est pas en cours."})
    assert domiciliation.start_date is not None and domiciliation.end_date is not None
    if not domiciliation.start_date <= on <= domiciliation.end_date:
        raise ValidationError(
            {
                "end_date": (
                    f"La date de fin doit tomber dans la validité ({domiciliation.start_date:%d/%m/%Y} – "
                    f"{domiciliation.end_date:%d/%m/%Y})."
                )
            }
        )
    if Domiciliation.objects.filter(renewal_of=domiciliation).exists():
        raise ValidationError({"end_reason": "Cette domiciliation a été renouvelée : mettez fin au renouvellement."})


@transaction.atomic
def domiciliation_end(
    *, domiciliation: Domiciliation, reason: str, on: datetime.date, acting_user: Any
) -> Domiciliation:
    """End a running domiciliation at the person's request, or for another reason, on `on`."""
    domiciliation = _locked(domiciliation)
    if reason not in MANUAL_END_REASONS:
        raise ValidationError({"end_reason": "Choisissez « À la demande de la personne » ou « Autre »."})
    errors: dict[str, str] = {}
    _not_future(on, "end_date", "Fin le", errors)
    if errors:
        raise ValidationError(errors)
    _check_running_on(domiciliation, on)
    _end(domiciliation, on=on, reason=reason, acting_user=acting_user, detail="Fin de domiciliation")
    return domiciliation


# --- contact, radiation, expiry ------------------------------------------------------------------------------


def with_last_contact(qs: QuerySet[Domiciliation], day: datetime.date) -> QuerySet[Domiciliation]:
    """Annotate the person's last contact events in the establishment, and last mail handed over, up to `day`."""
    events = Event.objects.filter(
        person=OuterRef("person"),
        service__establishment=OuterRef("service__establishment"),
        kind__in=list(CONTACT_KINDS),
        date__lte=day,
    ).order_by("-date")
    handed = MailItem.objects.filter(
        domiciliation__person=OuterRef("person"),
        domiciliation__service__establishment=OuterRef("service__establishment"),
        handed_on__lte=day,
    ).order_by("-handed_on")
    return qs.annotate(
        last_contact_event=Subquery(events.values("date")[:1]),
        last_mail_handed=Subquery(handed.values("handed_on")[:1]),
    )


def last_contact(domiciliation: Domiciliation) -> datetime.date:
    """The latest of: the decision (the person came to ask), a passage, mail collected or an interview in the
    establishment, and mail handed over (needs `with_last_contact`)."""
    dates = [
        domiciliation.decided_on,
        getattr(domiciliation, "last_contact_event", None),
        getattr(domiciliation, "last_mail_handed", None),
    ]
    return max(d for d in dates if d is not None)


@dataclass(frozen=True)
class RadiationProposal:
    domiciliation: Domiciliation
    last_contact: datetime.date

    @property
    def due_on(self) -> datetime.date:
        return rules.radiation_due_on(self.last_contact)


def radiation_proposals(domiciliations: DomiciliationQuerySet, day: datetime.date) -> list[RadiationProposal]:
    """Running domiciliations (not renewed) whose person has had no contact for three months on `day`."""
    running = with_last_contact(
        domiciliations.running_on(day).filter(renewal__isnull=True).select_related("person", "service"), day
    )
    proposals = [RadiationProposal(d, last_contact(d)) for d in running]
    return sorted(
        (p for p in proposals if rules.proposes_radiation(p.last_contact, day)),
        key=lambda p: (p.last_contact, p.domiciliation.pk),
    )


def expiring(domiciliations: DomiciliationQuerySet, day: datetime.date) -> QuerySet[Domiciliation]:
    """Running, not renewed, ending within the next 30 days (today included)."""
    return (
        domiciliations.running_on(day)
        .filter(renewal__isnull=True, end_date__lte=day + datetime.timedelta(days=rules.EXPIRY_NOTICE_DAYS))
        .select_related("person", "service")
        .order_by("end_date", "pk")
    )


def expired_to_close(domiciliations: QuerySet[Domiciliation], day: datetime.date) -> QuerySet[Domiciliation]:
    """Accepted domiciliations whose validity is over (end before `day`) but not yet closed."""
    return (
        domiciliations.filter(decision=DomiciliationDecision.ACCEPTEE, end_reason="", end_date__lt=day)
        .select_related("person", "service")
        .order_by("end_date", "pk")
    )


@transaction.atomic
def domiciliation_radiate(*, domiciliation: Domiciliation, on: datetime.date, acting_user: User) -> Domiciliation:
    """The head's decision (`User.is_establishment_head`): the domiciliation ends on `on` with
    `radiation_sans_contact` — only if the person has indeed had no contact for three months by then."""
    if not acting_user.is_establishment_head:
        raise PermissionDenied("La radiation est décidée par le chef d'établissement.")
    domiciliation = _locked(domiciliation)
    errors: dict[str, str] = {}
    _not_future(on, "end_date", "Radiée le", errors)
    if errors:
        raise ValidationError(errors)
    _check_running_on(domiciliation, on)
    annotated = with_last_contact(Domiciliation.objects.filter(pk=domiciliation.pk), on).get()
    contact = last_contact(annotated)
    if not rules.proposes_radiation(contact, on):
        raise ValidationError(
            {
                "end_reason": (
                    f"Dernier contact le {contact:%d/%m/%Y} : la radiation n'est possible qu'à partir du "
                    f"{rules.radiation_due_on(contact):%d/%m/%Y} (trois mois sans contact)."
                )
            }
        )
    _end(
        domiciliation,
        on=on,
        reason=EndReason.RADIATION_SANS_CONTACT,
        acting_user=acting_user,
        detail=f"Radiation : dernier contact le {contact:%d/%m/%Y}",
    )
    return domiciliation


@transaction.atomic
def domiciliations_close_expired(
    *, domiciliations: QuerySet[Domiciliation], day: datetime.date, acting_user: Any
) -> int:
    """Record `expiration` on every accepted domiciliation whose validity ended before `day`."""
    count = 0
    for domiciliation in expired_to_close(domiciliations, day).select_for_update(of=("self",)):
        before = snapshot(domiciliation, END_FIELDS)
        domiciliation.end_reason = EndReason.EXPIRATION
        domiciliation.ended_on = day
        domiciliation.save(update_fields=END_FIELDS)
        audit_update(actor=acting_user, obj=domiciliation, before=before, person=domiciliation.person)
        count += 1
    return count


# --- mail ------------------------------------------------------------------------------------------------------


@transaction.atomic
def mail_receive(
    *, domiciliation: Domiciliation, received_on: datetime.date, kind: str, acting_user: Any, sender: str = ""
) -> MailItem:
    errors: dict[str, str] = {}
    if kind not in MailKind.values:
        errors["kind"] = f"Nature de courrier inconnue ({kind})."
    _not_future(received_on, "received_on", "Reçu le", errors)
    running = (
        domiciliation.decision == DomiciliationDecision.ACCEPTEE
        and domiciliation.start_date is not None
        and domiciliation.end_date is not None
        and domiciliation.start_date <= received_on <= domiciliation.end_date
    )
    if not running:
        errors["received_on"] = (
            "La personne n'est pas domiciliée ici à cette date : le courrier est à retourner à l'expéditeur."
        )
    if errors:
        raise ValidationError(errors)
    item = MailItem.objects.create(
        domiciliation=domiciliation, received_on=received_on, kind=kind, sender=sender.strip()
    )
    audit_create(actor=acting_user, obj=item, person=domiciliation.person)
    return item


def _lock_waiting(items: Sequence[MailItem]) -> list[MailItem]:
    locked = list(
        MailItem.objects.select_for_update()
        .filter(pk__in=[i.pk for i in items])
        .select_related("domiciliation__person")
        .order_by("pk")
    )
    if not locked or any(i.handed_on or i.returned_on for i in locked):
        raise ValidationError({"handed_on": "Ce courrier a déjà été remis ou retourné."})
    return locked


@transaction.atomic
def mail_hand_over(*, items: Sequence[MailItem], on: datetime.date, service: Service, acting_user: Any) -> Event:
    """Hand waiting mail over to the person on `on`: one `courrier` event (quantity 1: one collection) in
    `service`, and each item marked handed over with it."""
    locked = _lock_waiting(items)
    person = locked[0].domiciliation.person
    errors: dict[str, str] = {}
    _not_future(on, "handed_on", "Remis le", errors)
    if any(i.domiciliation.person_id != person.pk for i in locked):
        errors["handed_on"] = "Ces courriers ne sont pas tous pour la même personne."
    early = [i for i in locked if on < i.received_on]
    if early:
        errors["handed_on"] = (
            f"Un courrier ne peut pas être remis avant sa réception ({early[0].received_on:%d/%m/%Y})."
        )
    if errors:
        raise ValidationError(errors)
    event = event_record(service=service, date=on, kind=EventKind.COURRIER, person=person, acting_user=acting_user)
    for item in locked:
        before = snapshot(item, ["handed_on", "hand_over_event_id"])
        item.handed_on, item.hand_over_event = on, event
        item.save(update_fields=["handed_on", "hand_over_event"])
        audit_update(actor=acting_user, obj=item, before=before, person=person)
    return event


@transaction.atomic
def mail_hand_over_undo(*, event: Event, acting_user: Any) -> int:
    items = list(MailItem.objects.select_for_update().filter(hand_over_event=event).select_related("domiciliation"))
    for item in items:
        before = snapshot(item, ["handed_on", "hand_over_event_id"])
        item.handed_on, item.hand_over_event = None, None
        item.save(update_fields=["handed_on", "hand_over_event"])
        audit_update(
            actor=acting_user, obj=item, before=before, person=item.domiciliation.person, detail="Remise annulée"
        )
    return len(items)


@transaction.atomic
def mail_return(*, item: MailItem, on: datetime.date, acting_user: Any) -> MailItem:
    (item,) = _lock_waiting([item])
    errors: dict[str, str] = {}
    _not_future(on, "returned_on", "Retourné le", errors)
    if on < item.received_on:
        errors["returned_on"] = (
            f"Un courrier ne peut pas être retourné avant sa réception ({item.received_on:%d/%m/%Y})."
        )
    if errors:
        raise ValidationError(errors)
    before = snapshot(item, ["returned_on"])
    item.returned_on = on
    item.save(update_fields=["returned_on"])
    audit_update(actor=acting_user, obj=item, before=before, person=item.domiciliation.person)
    return item
