from django.db import models


class Modality(models.TextChoices):
    ACCUEIL_JOUR = "accueil_jour", "Accueil de jour"
    CONTRAT_INSERTION = "contrat_insertion", "Contrat d'insertion"
    HEBERGEMENT_URGENCE = "hebergement_urgence", "Hébergement d'urgence seul"
    LOGEMENT_ADAPTE = "logement_adapte", "Logement adapté"
    HALTE_NUIT = "halte_nuit", "Halte de nuit"
    HEBERGEMENT_INSERTION = "hebergement_insertion", "Hébergement et réinsertion sociale (CHRS)"
    LHSS = "lhss", "Lits halte soins santé"
    HEBERGEMENT_URGENCE_ACCOMPAGNE = (
        "hebergement_urgence_accompagne",
        "Hébergement d'urgence avec accompagnement social",
    )
    PROJET_PROFESSIONNEL = "projet_professionnel", "Accompagnement de projet professionnel"


HOSTING_MODALITIES = frozenset(
    {
        Modality.HEBERGEMENT_URGENCE,
        Modality.HEBERGEMENT_URGENCE_ACCOMPAGNE,
        Modality.HALTE_NUIT,
        Modality.HEBERGEMENT_INSERTION,
        Modality.LHSS,
        Modality.LOGEMENT_ADAPTE,
    }
)
EMERGENCY_ONLY_MODALITIES = frozenset({Modality.HEBERGEMENT_URGENCE, Modality.HALTE_NUIT, Modality.ACCUEIL_JOUR})


class NightRecording(models.TextChoices):
    SEJOUR = "sejour", "Chaque nuit du séjour"
    NUITEE = "nuitee", "Nuitées enregistrées une à une"
