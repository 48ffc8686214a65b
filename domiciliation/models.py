"""Postal domiciliation ("élection de domicile"): the request, the decision and the attestation's validity
(interchange v1.1 `domiciliations.csv`), the mail received for the person (`mail_items.csv`), and the
domiciliary body's address and approval printed on the attestation."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from core.models import ExternalRef, choices_check, external_ref_unique
from core.scope import EstablishmentScopedQuerySet
from people.enums import Prescriber

from .enums import DomiciliationDecision, EndReason, MailKind


class DomiciliaryBodyQuerySet(EstablishmentScopedQuerySet["DomiciliaryBody"]):
    establishment_path = "establishment"


class DomiciliaryBody(models.Model):
    """The establishment as a domiciliary body: the postal address people receive their mail at, and the
    prefectoral approval (printed on the CERFA n° 13482 attestation). Edited in the administration."""

    establishment = models.OneToOneField(
        "establishments.Establishment",
        on_delete=models.PROTECT,
        related_name="domiciliary_body",
        verbose_name="établissement",
    )
    legal_name = models.CharField("organisme domiciliataire (raison sociale)", max_length=200)
    address = models.CharField("adresse (numéro, voie)", max_length=200)
    postal_code = models.CharField("code postal", max_length=10)
    city = models.CharField("commune", max_length=100)
    approval = models.CharField(
        "agrément préfectoral",
        max_length=200,
        blank=True,
        help_text="Référence et date de l'arrêté d'agrément (organismes agréés), p. ex. « n° 2018-145 du 12/03/2018 ».",
    )
    signatory = models.CharField("signataire (nom et fonction)", max_length=200, blank=True)

    objects = DomiciliaryBodyQuerySet.as_manager()

    class Meta:
        verbose_name = "organisme domiciliataire"
        verbose_name_plural = "organismes domiciliataires"

    def __str__(self) -> str:
        return f"{self.legal_name} — {self.address}, {self.postal_code} {self.city}"


class DomiciliationQuerySet(EstablishmentScopedQuerySet["Domiciliation"]):
    establishment_path = "service__establishment"

    def running_on(self, day: object) -> DomiciliationQuerySet:
        """Accepted, valid on `day` (start ≤ day ≤ end, both included) and not ended otherwise."""
        return self.filter(
            decision=DomiciliationDecision.ACCEPTEE, start_date__lte=day, end_date__gte=day, end_reason=""
        )


class Domiciliation(ExternalRef):
    """One row of `domiciliations.csv`: a request, its decision, and for an accepted one the attestation's
    validity (one year at most). A renewal is a new row starting the day after the previous end (`renewal_of`)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="domiciliations", verbose_name="personne"
    )
    service = models.ForeignKey(
        "establishments.Service", on_delete=models.PROTECT, related_name="domiciliations", verbose_name="service"
    )
    requested_on = models.DateField("demandée le")
    requester = models.CharField("demandée par", max_length=32, choices=Prescriber.choices)
    decision = models.CharField(
        "décision", max_length=16, choices=DomiciliationDecision.choices, default=DomiciliationDecision.EN_ATTENTE
    )
    decided_on = models.DateField("décidée le", null=True, blank=True)
    start_date = models.DateField("valable du", null=True, blank=True)
    end_date = models.DateField("valable jusqu'au", null=True, blank=True)
    end_reason = models.CharField("motif de fin", max_length=32, choices=EndReason.choices, blank=True)
    # Additive fields (not in interchange v1.1): empty for imported rows.
    ended_on = models.DateField("fin enregistrée le", null=True, blank=True)
    refusal_reason = models.TextField("motif du refus", blank=True)
    birth_place = models.CharField("lieu de naissance (commune, pays)", max_length=200, blank=True)
    renewal_of = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name="renouvellement de",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = DomiciliationQuerySet.as_manager()

    class Meta:
        verbose_name = "domiciliation"
        ordering = ["requested_on", "pk"]
        constraints = [
            external_ref_unique("domiciliation"),
            choices_check("requester", Prescriber, "domiciliation_requester_valid"),
            choices_check("decision", DomiciliationDecision, "domiciliation_decision_valid"),
            choices_check("end_reason", EndReason, "domiciliation_end_reason_valid", allow_blank=True),
            models.CheckConstraint(
                condition=Q(decision=DomiciliationDecision.EN_ATTENTE, decided_on__isnull=True)
                | (~Q(decision=DomiciliationDecision.EN_ATTENTE) & Q(decided_on__gte=F("requested_on"))),
                name="domiciliation_decided_when_not_pending",
            ),
            models.CheckConstraint(
                condition=Q(
                    decision=DomiciliationDecision.ACCEPTEE,
                    start_date__isnull=False,
                    end_date__gte=F("start_date"),
                )
                | (
                    ~Q(decision=DomiciliationDecision.ACCEPTEE)
                    & Q(start_date__isnull=True, end_date__isnull=True, end_reason="")
                ),
                name="domiciliation_validity_when_accepted",
            ),
        ]
        indexes = [
            models.Index(fields=["service", "end_date"], name="domiciliation_service_end_idx"),
            models.Index(fields=["person", "start_date"], name="domiciliation_person_start_idx"),
        ]

    def __str__(self) -> str:
        if self.decision == DomiciliationDecision.ACCEPTEE:
            return f"Domiciliation du {self.start_date:%d/%m/%Y} au {self.end_date:%d/%m/%Y}"
        return f"Demande de domiciliation du {self.requested_on:%d/%m/%Y} ({self.get_decision_display().lower()})"

    @property
    def is_renewal(self) -> bool:
        return self.renewal_of_id is not None


class MailItemQuerySet(EstablishmentScopedQuerySet["MailItem"]):
    establishment_path = "domiciliation__service__establishment"

    def waiting(self) -> MailItemQuerySet:
        return self.filter(handed_on__isnull=True, returned_on__isnull=True)


class MailItem(ExternalRef):
    """One row of `mail_items.csv`: received on a date, then handed over to the person or returned to sender
    (at most one of the two, neither before the reception)."""

    domiciliation = models.ForeignKey(
        Domiciliation, on_delete=models.PROTECT, related_name="mail_items", verbose_name="domiciliation"
    )
    received_on = models.DateField("reçu le")
    kind = models.CharField("nature", max_length=16, choices=MailKind.choices, default=MailKind.SIMPLE)
    handed_on = models.DateField("remis le", null=True, blank=True)
    returned_on = models.DateField("retourné à l'expéditeur le", null=True, blank=True)
    # Additive fields: the sender written on the envelope, and the `courrier` event of the hand-over.
    sender = models.CharField("expéditeur", max_length=200, blank=True)
    hand_over_event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="remise (événement courrier)",
    )

    objects = MailItemQuerySet.as_manager()

    class Meta:
        verbose_name = "courrier reçu"
        verbose_name_plural = "courriers reçus"
        ordering = ["received_on", "pk"]
        constraints = [
            external_ref_unique("mail_item"),
            choices_check("kind", MailKind, "mail_item_kind_valid"),
            models.CheckConstraint(
                condition=Q(handed_on__isnull=True) | Q(returned_on__isnull=True), name="mail_item_handed_xor_returned"
            ),
            models.CheckConstraint(
                condition=Q(handed_on__isnull=True) | Q(handed_on__gte=F("received_on")),
                name="mail_item_handed_after_received",
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=F("received_on")),
                name="mail_item_returned_after_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reçu le {self.received_on:%d/%m/%Y}"

    @property
    def status(self) -> str:
        if self.handed_on:
            return f"remis le {self.handed_on:%d/%m/%Y}"
        if self.returned_on:
            return f"retourné à l'expéditeur le {self.returned_on:%d/%m/%Y}"
        return "en attente"
