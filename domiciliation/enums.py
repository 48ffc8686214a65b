"""The codes of interchange v1.1 (`domiciliations.csv`, `mail_items.csv`), with French labels."""

from django.db import models


class DomiciliationDecision(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    ACCEPTEE = "acceptee", "Acceptée"
    REFUSEE = "refusee", "Refusée"


class EndReason(models.TextChoices):
    EXPIRATION = "expiration", "Expiration (fin de validité sans renouvellement)"
    RADIATION_SANS_CONTACT = "radiation_sans_contact", "Radiation : sans contact depuis trois mois"
    DEMANDE_PERSONNE = "demande_personne", "À la demande de la personne"
    AUTRE = "autre", "Autre"


# Ends a worker records by hand (expiration comes with time, radiation through the head's decision).
MANUAL_END_REASONS = (EndReason.DEMANDE_PERSONNE, EndReason.AUTRE)


class MailKind(models.TextChoices):
    SIMPLE = "simple", "Courrier simple"
    RECOMMANDE = "recommande", "Recommandé (avis de passage)"
    COLIS = "colis", "Colis"
    ADMINISTRATIF = "administratif", "Courrier administratif"
