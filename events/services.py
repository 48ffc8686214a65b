from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from audit.services import audit_create
from establishments.models import Service
from people.models import Person

from .enums import EventKind
from .models import Event


@transaction.atomic
def event_record(
    *,
    service: Service,
    date: datetime.date,
    kind: str,
    acting_user: User,
    quantity: int = 1,
    person: Person | None = None,
) -> Event:
    """Record a night, meals, an interview… Meals may be anonymous counts (no person)."""
    errors: dict[str, str] = {}
    if kind not in EventKind.values:
        errors["kind"] = f"Nature inconnue ({kind})."
    if quantity is None or quantity < 1:
        errors["quantity"] = "La quantité doit être un nombre entier positif."
    if person is None and kind not in (EventKind.REPAS, EventKind.PASSAGE_ACCUEIL_JOUR, EventKind.DOUCHE):
        errors["person"] = "Seuls les repas, passages et douches peuvent être comptés sans personne."
    if date > datetime.date.today():
        errors["date"] = "La date ne peut pas être dans le futur."
    if errors:
        raise ValidationError(errors)
    event = Event.objects.create(service=service, date=date, kind=kind, quantity=quantity, person=person)
    audit_create(actor=acting_user, obj=event, person=person)
    return event
