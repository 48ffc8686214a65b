from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.models import ExternalRef, choices_check, external_ref_unique
from core.scope import EstablishmentScopedQuerySet

from .enums import EventKind


class EventQuerySet(EstablishmentScopedQuerySet["Event"]):
    establishment_path = "service__establishment"


class Event(ExternalRef):
    """A countable service delivered: a night, meals, an interview… person is empty for anonymous counts."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name="personne"
    )
    service = models.ForeignKey(
        "establishments.Service", on_delete=models.PROTECT, related_name="events", verbose_name="service"
    )
    date = models.DateField("date")
    kind = models.CharField("nature", max_length=32, choices=EventKind.choices)
    quantity = models.PositiveIntegerField("quantité", default=1)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        ordering = ["date", "pk"]
        constraints = [
            external_ref_unique("event"),
            choices_check("kind", EventKind, "event_kind_valid"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="event_quantity_positive"),
        ]
        indexes = [
            models.Index(fields=["service", "kind", "date"], name="event_service_kind_date_idx"),
            models.Index(fields=["person", "date"], name="event_person_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ×{self.quantity} le {self.date:%d/%m/%Y}"
