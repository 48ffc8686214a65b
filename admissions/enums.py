from django.db import models

from people.enums import Prescriber  # moved down so that domiciliation can use it; re-exported here

__all__ = ["CommissionChoice", "Decision", "MetAt", "Prescriber", "Priority", "RequestOutcome"]


class Decision(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    FAVORABLE = "favorable", "Favorable"
    DEFAVORABLE = "defavorable", "Défavorable"


class RequestOutcome(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    ADMIS = "admis", "Admis"
    REORIENTE = "reoriente", "Réorienté"
    NON_PRESENTE = "non_presente", "Ne s'est pas présenté"
    DESISTE = "desiste", "Désisté"


class Priority(models.TextChoices):
    NORMALE = "normale", "Normale"
    URGENTE = "urgente", "Urgente"


class CommissionChoice(models.TextChoices):
    """What a commission session may decide for one request (reorientation is recorded as an outcome)."""

    FAVORABLE = "favorable", "Favorable"
    DEFAVORABLE = "defavorable", "Défavorable"
    REORIENTATION = "reorientation", "Réorientation vers un autre service"


class MetAt(models.TextChoices):
    DEMANDE = "demande", "Demande d'admission"
    PERMANENCE = "permanence", "Permanence en détention"
    FORUM = "forum", "Forum emploi en détention"
    AUTRE = "autre", "Autre"
