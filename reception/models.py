"""The day-reception desk's own records: every tap of the desk (`DeskEntry`, linked to the `events.Event` it
recorded when the service is an interchange event kind), and the establishment's numbered lockers."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core.models import choices_check
from core.scope import EstablishmentScopedQuerySet

from .enums import ANONYMOUS_SERVICES, EVENT_KINDS, DeskService


class DeskEntryQuerySet(EstablishmentScopedQuerySet["DeskEntry"]):
    establishment_path = "establishment"

    def current(self) -> DeskEntryQuerySet:
        return self.filter(cancelled_at__isnull=True)


class DeskEntry(models.Model):
    """One tap at the desk: a service delivered to a person (or an anonymous count) on a day. A tap of the day
    can be cancelled (kept, marked, its event removed); a past day's entries are final."""

    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="+", verbose_name="établissement"
    )
    service = models.ForeignKey(
        "establishments.Service", on_delete=models.PROTECT, related_name="+", verbose_name="service"
    )
    date = models.DateField("date")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="desk_entries",
        verbose_name="personne",
    )
    kind = models.CharField("service rendu", max_length=32, choices=DeskService.choices)
    quantity = models.PositiveIntegerField("quantité", default=1)
    event = models.OneToOneField(
        "events.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="desk_entry",
        verbose_name="événement",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    recorded_at = models.DateTimeField("saisi le", auto_now_add=True)
    cancelled_at = models.DateTimeField("annulé le", null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="annulé par",
    )

    objects = DeskEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "saisie de l'accueil de jour"
        verbose_name_plural = "saisies de l'accueil de jour"
        ordering = ["date", "recorded_at", "pk"]
        constraints = [
            choices_check("kind", DeskService, "desk_entry_kind_valid"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="desk_entry_quantity_positive"),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(kind__in=list(ANONYMOUS_SERVICES)),
                name="desk_entry_anonymous_only_for_counts",
            ),
            models.CheckConstraint(
                condition=Q(event__isnull=True) | Q(kind__in=list(EVENT_KINDS)), name="desk_entry_event_kinds"
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | Q(event__isnull=True), name="desk_entry_cancelled_no_event"
            ),
        ]
        indexes = [models.Index(fields=["establishment", "date"], name="desk_entry_est_date_idx")]

    def __str__(self) -> str:
        who = str(self.person) if self.person_id else "anonyme"
        quantity = f" ×{self.quantity}" if self.quantity > 1 else ""
        return f"{self.get_kind_display()}{quantity} — {who} ({self.date:%d/%m/%Y})"


class LockerQuerySet(EstablishmentScopedQuerySet["Locker"]):
    establishment_path = "establishment"


class Locker(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="lockers", verbose_name="établissement"
    )
    number = models.PositiveIntegerField("numéro")
    active = models.BooleanField("en service", default=True)

    objects = LockerQuerySet.as_manager()

    class Meta:
        verbose_name = "casier"
        ordering = ["establishment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "number"], name="locker_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="locker_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Casier n° {self.number}"


class LockerAssignmentQuerySet(EstablishmentScopedQuerySet["LockerAssignment"]):
    establishment_path = "locker__establishment"

    def open(self) -> LockerAssignmentQuerySet:
        return self.filter(released_on__isnull=True)

    def overdue_on(self, day: datetime.date) -> LockerAssignmentQuerySet:
        """Not released, and the planned end has passed (the day after it)."""
        return self.open().filter(planned_end__lt=day)


class LockerAssignment(models.Model):
    locker = models.ForeignKey(Locker, on_delete=models.PROTECT, related_name="assignments", verbose_name="casier")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="locker_assignments", verbose_name="personne"
    )
    start_date = models.DateField("attribué le")
    planned_end = models.DateField("fin prévue le")
    released_on = models.DateField("libéré le", null=True, blank=True)

    objects = LockerAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "attribution de casier"
        verbose_name_plural = "attributions de casiers"
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("start_date")), name="locker_planned_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(released_on__isnull=True) | Q(released_on__gte=F("start_date")),
                name="locker_released_after_start",
            ),
            models.UniqueConstraint(
                fields=["locker"], condition=Q(released_on__isnull=True), name="locker_one_open_assignment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.locker} — {self.person} depuis le {self.start_date:%d/%m/%Y}"

    def is_overdue(self, day: datetime.date) -> bool:
        return self.released_on is None and self.planned_end < day
