from django.db import models


class Prescriber(models.TextChoices):
    SPIP = "spip", "SPIP"
    SIAO = "siao", "SIAO"
    JAP = "jap", "Juge de l'application des peines"
    PERMANENCE_PRISON = "permanence_prison", "Permanence en détention"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    MISSION_LOCALE = "mission_locale", "Mission locale"
    ASSOCIATION = "association", "Association"
    PERSONNE = "personne", "La personne elle-même"
    AUTRE = "autre", "Autre"


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
