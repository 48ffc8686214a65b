from django.db import models


class EventKind(models.TextChoices):
    NUITEE = "nuitee", "Nuitée"
    REPAS = "repas", "Repas"
    PASSAGE_ACCUEIL_JOUR = "passage_accueil_jour", "Passage à l'accueil de jour"
    ENTRETIEN = "entretien", "Entretien"
    ATELIER_COLLECTIF = "atelier_collectif", "Atelier collectif"
    DOMICILIATION = "domiciliation", "Domiciliation"
    DOUCHE = "douche", "Douche"
    COURRIER = "courrier", "Courrier"
