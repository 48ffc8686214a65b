from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.models import ExternalRef, choices_check, external_ref_unique
from core.scope import EstablishmentScopedQuerySet

from .enums import HOSTING_MODALITIES, Modality, NightRecording


class EstablishmentQuerySet(EstablishmentScopedQuerySet["Establishment"]):
    establishment_path = "pk"


class Establishment(ExternalRef):
    name = models.CharField("nom", max_length=200)
    city = models.CharField("ville", max_length=200, blank=True)
    territory = models.CharField("territoire", max_length=200, blank=True)

    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        verbose_name = "établissement"
        ordering = ["name"]
        constraints = [external_ref_unique("establishment")]

    def __str__(self) -> str:
        return self.name


class ServiceQuerySet(EstablishmentScopedQuerySet["Service"]):
    establishment_path = "establishment"


class Service(ExternalRef):
    """A scheme ("dispositif") of an establishment."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="services", verbose_name="établissement"
    )
    name = models.CharField("nom", max_length=200)
    modality = models.CharField("modalité", max_length=40, choices=Modality.choices)
    capacity = models.PositiveIntegerField("capacité (places)", null=True, blank=True)
    night_recording = models.CharField(
        "décompte des nuits", max_length=10, choices=NightRecording.choices, default=NightRecording.SEJOUR
    )

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = "service (dispositif)"
        verbose_name_plural = "services (dispositifs)"
        ordering = ["establishment__name", "name"]
        constraints = [
            external_ref_unique("service"),
            choices_check("modality", Modality, "service_modality_valid"),
            choices_check("night_recording", NightRecording, "service_night_recording_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.establishment.name} — {self.name}"

    @property
    def is_hosting(self) -> bool:
        return self.modality in HOSTING_MODALITIES


class CapacityPeriodQuerySet(EstablishmentScopedQuerySet["CapacityPeriod"]):
    establishment_path = "service__establishment"


class CapacityPeriod(models.Model):
    """Capacity that differs over time (winter plan, seasonal night shelter). end_date is exclusive."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="capacity_periods", verbose_name="service"
    )
    start_date = models.DateField("début")
    end_date = models.DateField("fin (exclue)", null=True, blank=True)
    places = models.PositiveIntegerField("places")

    objects = CapacityPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "période de capacité"
        verbose_name_plural = "périodes de capacité"
        ordering = ["service", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="capacity_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        end = f"{self.end_date:%d/%m/%Y}" if self.end_date else "…"
        return f"{self.service} : {self.places} places du {self.start_date:%d/%m/%Y} au {end}"
