from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import F, Q

from core.models import ExternalRef, choices_check, external_ref_unique
from core.scope import EstablishmentScopedQuerySet

from .enums import ExitActivity, ExitHousing, ExitReason, HouseholdRole
from .rules import holding_a_place_from_q, occupied_on_q, sharing_a_night_q


class StayQuerySet(EstablishmentScopedQuerySet["Stay"]):
    """`visible_to(user)`: the stays in the user's establishments (every stay for head office and administrators)."""

    establishment_path = "service__establishment"

    def ongoing_on(self, day: datetime.date) -> StayQuerySet:
        """Stays occupied on the night of `day` (`stays.rules.is_occupied_on`: start ≤ day < end)."""
        return self.filter(occupied_on_q(day))

    def holding_a_place_from(self, day: datetime.date) -> StayQuerySet:
        """Stays holding a place on the night of `day` or later (`stays.rules.holds_a_place_from`)."""
        return self.filter(holding_a_place_from_q(day))

    def holding_a_night(self) -> StayQuerySet:
        """Stays holding at least one night (`stays.rules.holds_a_night`: not left on their first day)."""
        return self.exclude(end_date=F("start_date"))

    def sharing_a_night_with(self, start: Any, end: Any) -> StayQuerySet:
        """Stays sharing a night with the stay [start, end) (`stays.rules.share_a_night`); dates or expressions."""
        return self.filter(sharing_a_night_q(start, end))


class Stay(ExternalRef):
    """One accompaniment of one person in one service. end_date is the day the person left (exclusive of
    that night); empty while the stay is ongoing."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="stays", verbose_name="personne")
    service = models.ForeignKey(
        "establishments.Service", on_delete=models.PROTECT, related_name="stays", verbose_name="service"
    )
    start_date = models.DateField("date d'entrée")
    end_date = models.DateField("date de sortie", null=True, blank=True)
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, null=True, blank=True, related_name="stays", verbose_name="ménage"
    )
    household_role = models.CharField(
        "rôle dans le ménage", max_length=16, choices=HouseholdRole.choices, default=HouseholdRole.DEMANDEUR
    )
    exit_reason = models.CharField("motif de sortie", max_length=32, choices=ExitReason.choices, blank=True)
    exit_housing = models.CharField("logement à la sortie", max_length=32, choices=ExitHousing.choices, blank=True)
    exit_activity = models.CharField("activité à la sortie", max_length=32, choices=ExitActivity.choices, blank=True)
    # Copy of the service's modality being a hosting one, so that the database can refuse two hosting
    # stays of one person on the same night (set by the services, never by save()).
    hosting = models.BooleanField("hébergement", default=False, editable=False)

    objects = StayQuerySet.as_manager()

    class Meta:
        verbose_name = "séjour"
        ordering = ["start_date", "pk"]
        constraints = [
            external_ref_unique("stay"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="stay_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | (~Q(exit_housing="") & ~Q(exit_activity="")),
                name="stay_closed_has_exit_codes",
            ),
            models.CheckConstraint(
                condition=~Q(end_date__isnull=True) | (Q(exit_reason="") & Q(exit_housing="") & Q(exit_activity="")),
                name="stay_ongoing_has_no_exit_codes",
            ),
            choices_check("household_role", HouseholdRole, "stay_household_role_valid"),
            choices_check("exit_reason", ExitReason, "stay_exit_reason_valid", allow_blank=True),
            choices_check("exit_housing", ExitHousing, "stay_exit_housing_valid", allow_blank=True),
            choices_check("exit_activity", ExitActivity, "stay_exit_activity_valid", allow_blank=True),
        ]
        indexes = [
            models.Index(fields=["person", "start_date"], name="stay_person_start_idx"),
            models.Index(fields=["service", "start_date"], name="stay_service_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.service.name} ({self.start_date:%d/%m/%Y})"

    @property
    def is_ongoing(self) -> bool:
        return self.end_date is None
