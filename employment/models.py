from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from core.models import ExternalRef, external_ref_unique
from core.scope import EstablishmentScopedQuerySet


class CohortQuerySet(EstablishmentScopedQuerySet["Cohort"]):
    establishment_path = "service__establishment"


class Cohort(ExternalRef):
    """A training cohort (AQI promotion)."""

    service = models.ForeignKey(
        "establishments.Service", on_delete=models.PROTECT, related_name="cohorts", verbose_name="service"
    )
    name = models.CharField("nom", max_length=200)
    start_date = models.DateField("début")
    end_date = models.DateField("fin", null=True, blank=True)
    exam_date = models.DateField("date d'examen", null=True, blank=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = "promotion de formation"
        verbose_name_plural = "promotions de formation"
        ordering = ["start_date", "pk"]
        constraints = [
            external_ref_unique("cohort"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="cohort_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CohortMemberQuerySet(EstablishmentScopedQuerySet["CohortMember"]):
    establishment_path = "cohort__service__establishment"


class CohortMember(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members", verbose_name="promotion")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="cohort_memberships", verbose_name="personne"
    )
    sat_exam = models.BooleanField("s'est présenté à l'examen", default=False)
    graduated = models.BooleanField("diplômé", default=False)

    objects = CohortMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "membre de promotion"
        constraints = [models.UniqueConstraint(fields=["cohort", "person"], name="cohort_member_unique")]

    def __str__(self) -> str:
        return f"{self.person} — {self.cohort}"


class TigPlacementQuerySet(EstablishmentScopedQuerySet["TigPlacement"]):
    establishment_path = "service__establishment"


class TigPlacement(ExternalRef):
    """Community-service (TIG) hours hosted by a service."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="tig_placements", verbose_name="personne"
    )
    service = models.ForeignKey(
        "establishments.Service", on_delete=models.PROTECT, related_name="tig_placements", verbose_name="service"
    )
    start_date = models.DateField("début")
    end_date = models.DateField("fin", null=True, blank=True)
    hours_ordered = models.PositiveIntegerField("heures prononcées", null=True, blank=True)
    hours_done = models.PositiveIntegerField("heures effectuées", default=0)
    hired_after = models.BooleanField("embauché ensuite", default=False)

    objects = TigPlacementQuerySet.as_manager()

    class Meta:
        verbose_name = "accueil de TIG"
        verbose_name_plural = "accueils de TIG"
        ordering = ["start_date", "pk"]
        constraints = [
            external_ref_unique("tig_placement"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="tig_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"TIG de {self.person} ({self.start_date:%d/%m/%Y})"
