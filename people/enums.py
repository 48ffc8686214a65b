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
