from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from core.models import ExternalRef, choices_check, external_ref_unique
from people.models import PersonLinkedQuerySet

from .enums import MeasureOutcome, MeasureType


class JusticeMeasureQuerySet(PersonLinkedQuerySet["JusticeMeasure"]):
    pass


class JusticeMeasure(ExternalRef):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="justice_measures", verbose_name="personne"
    )
    measure = models.CharField("mesure", max_length=32, choices=MeasureType.choices)
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True)
    outcome = models.CharField("issue", max_length=16, choices=MeasureOutcome.choices, default=MeasureOutcome.EN_COURS)
    spip = models.CharField("SPIP en charge", max_length=200, blank=True)

    objects = JusticeMeasureQuerySet.as_manager()

    class Meta:
        verbose_name = "mesure de justice"
        verbose_name_plural = "mesures de justice"
        ordering = ["start_date", "pk"]
        constraints = [
            external_ref_unique("justice_measure"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="measure_end_after_start",
            ),
            choices_check("measure", MeasureType, "measure_type_valid"),
            choices_check("outcome", MeasureOutcome, "measure_outcome_valid"),
        ]

    def __str__(self) -> str:
        return self.get_measure_display()
