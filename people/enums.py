from django.db import models


class Sex(models.TextChoices):
    F = "F", "Femme"
    M = "M", "Homme"
    X = "X", "Autre / non précisé"


class VulnerabilityKind(models.TextChoices):
    ADDICTION_ALCOOL = "addiction_alcool", "Addiction à l'alcool"
    ADDICTION_DROGUES = "addiction_drogues", "Addiction aux drogues"
    TROUBLES_PSYCHIQUES = "troubles_psychiques", "Troubles psychiques"
    HANDICAP = "handicap", "Handicap"


class Prescriber(models.TextChoices):
    """Who asks for an admission or a domiciliation (interchange v1 `prescriber`; `personne` = the person)."""

    SPIP = "spip", "SPIP"
    SIAO = "siao", "SIAO"
    JAP = "jap", "Juge de l'application des peines"
    PERMANENCE_PRISON = "permanence_prison", "Permanence en détention"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    MISSION_LOCALE = "mission_locale", "Mission locale"
    ASSOCIATION = "association", "Association"
    PERSONNE = "personne", "La personne elle-même"
    AUTRE = "autre", "Autre"
