from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from core.models import ExternalRef, choices_check, external_ref_unique

from .enums import Decision, Prescriber, RequestOutcome


class AdmissionRequest(ExternalRef):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="admission_requests", verbose_name="personne"
    )
    service = models.ForeignKey(
        "establishments.Service", on_delete=models.PROTECT, related_name="admission_requests", verbose_name="service"
    )
    received_on = models.DateField("reçue le")
    prescriber = models.CharField("prescripteur", max_length=32, choices=Prescriber.choices)
    decision = models.CharField("décision", max_length=16, choices=Decision.choices, default=Decision.EN_ATTENTE)
    decided_on = models.DateField("décidée le", null=True, blank=True)
    outcome = models.CharField("suite", max_length=16, choices=RequestOutcome.choices, default=RequestOutcome.EN_ATTENTE)
    reoriented_to_service = models.ForeignKey(
        "establishments.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="réorientée vers",
    )

    class Meta:
        verbose_name = "demande d'admission"
        verbose_name_plural = "demandes d'admission"
        ordering = ["received_on", "pk"]
        constraints = [
            external_ref_unique("admission_request"),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("received_on")),
                name="request_decided_after_received",
            ),
            choices_check("prescriber", Prescriber, "request_prescriber_valid"),
            choices_check("decision", Decision, "request_decision_valid"),
            choices_check("outcome", RequestOutcome, "request_outcome_valid"),
        ]

    def __str__(self) -> str:
        return f"Demande du {self.received_on:%d/%m/%Y} — {self.service.name}"
