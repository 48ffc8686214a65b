from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from core.models import ExternalRef, choices_check, external_ref_unique
from core.scope import EstablishmentScopedQuerySet

from .enums import Decision, MetAt, Prescriber, Priority, RequestOutcome


class AdmissionRequestQuerySet(EstablishmentScopedQuerySet["AdmissionRequest"]):
    establishment_path = "service__establishment"


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
    outcome = models.CharField(
        "suite", max_length=16, choices=RequestOutcome.choices, default=RequestOutcome.EN_ATTENTE
    )
    reoriented_to_service = models.ForeignKey(
        "establishments.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="réorientée vers",
    )
    # Additive fields (issue 5): not part of interchange v1, empty for imported requests.
    organisation = models.CharField("organisme prescripteur", max_length=200, blank=True)
    contact = models.CharField("contact (nom, téléphone, courriel)", max_length=300, blank=True)
    priority = models.CharField("priorité", max_length=16, choices=Priority.choices, default=Priority.NORMALE)
    remarks = models.TextField("remarques", blank=True)
    session = models.ForeignKey(
        "CommissionSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name="commission",
    )
    refusal_reason = models.ForeignKey(
        "RefusalReason", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="motif"
    )
    decision_note = models.TextField("commentaire de la décision", blank=True)
    expected_arrival = models.DateField("arrivée prévue le", null=True, blank=True)
    outcome_on = models.DateField("suite enregistrée le", null=True, blank=True)
    reoriented_request = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reoriented_from",
        verbose_name="demande créée par la réorientation",
    )
    stay = models.OneToOneField(
        "stays.Stay",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="admission_request",
        verbose_name="séjour ouvert",
    )

    objects = AdmissionRequestQuerySet.as_manager()

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
            choices_check("priority", Priority, "request_priority_valid"),
        ]

    def __str__(self) -> str:
        return f"Demande du {self.received_on:%d/%m/%Y} — {self.service.name}"

    @property
    def days_waited(self) -> int:
        """Days since the request was received (today, local time)."""
        return (timezone.localdate() - self.received_on).days


class RefusalReason(models.Model):
    """The configurable list of reasons for an unfavourable decision (edited in the administration)."""

    label = models.CharField("motif", max_length=200, unique=True)
    active = models.BooleanField("proposé", default=True)

    class Meta:
        verbose_name = "motif de refus"
        verbose_name_plural = "motifs de refus"
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class CommissionSessionQuerySet(EstablishmentScopedQuerySet["CommissionSession"]):
    establishment_path = "establishment"


class CommissionSession(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="+", verbose_name="établissement"
    )
    date = models.DateField("date")
    members = models.TextField("membres présents")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="saisie par"
    )

    objects = CommissionSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "séance de commission"
        verbose_name_plural = "séances de commission"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"Commission du {self.date:%d/%m/%Y}"


class RequestDocumentQuerySet(EstablishmentScopedQuerySet["RequestDocument"]):
    establishment_path = "request__service__establishment"


class RequestDocument(models.Model):
    """A file attached to a request, stored outside the web root (core/uploads.py)."""

    request = models.ForeignKey(
        AdmissionRequest, on_delete=models.PROTECT, related_name="documents", verbose_name="demande"
    )
    name = models.CharField("nom du fichier", max_length=200)
    path = models.CharField("chemin", max_length=300, editable=False)
    content_type = models.CharField("type", max_length=100, editable=False)
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)

    objects = RequestDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "pièce jointe"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class DetentionQuerySet(EstablishmentScopedQuerySet["Detention"]):
    establishment_path = "establishment"


class Detention(models.Model):
    """A person met or referred while still in prison: where, until when, under which measure."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="detentions", verbose_name="personne"
    )
    establishment = models.ForeignKey(
        "establishments.Establishment",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="établissement qui suit la personne",
    )
    prison = models.CharField("établissement pénitentiaire", max_length=200)
    expected_release = models.DateField("date de libération prévue", null=True, blank=True)
    current_measure = models.CharField("mesure en cours", max_length=200, blank=True)
    met_at = models.CharField("rencontrée lors de", max_length=16, choices=MetAt.choices, default=MetAt.DEMANDE)
    met_on = models.DateField("le")
    notes = models.TextField("observations", blank=True)

    objects = DetentionQuerySet.as_manager()

    class Meta:
        verbose_name = "contact en détention"
        verbose_name_plural = "contacts en détention"
        ordering = ["-met_on", "-pk"]
        constraints = [choices_check("met_at", MetAt, "detention_met_at_valid")]

    def __str__(self) -> str:
        return f"{self.prison} (rencontre du {self.met_on:%d/%m/%Y})"
