from django.db import models


class HouseholdRole(models.TextChoices):
    DEMANDEUR = "demandeur", "Demandeur"
    CONJOINT = "conjoint", "Conjoint"
    ENFANT = "enfant", "Enfant"
    AUTRE = "autre", "Autre membre"


class ExitReason(models.TextChoices):
    FIN_ACCOMPAGNEMENT = "fin_accompagnement", "Fin d'accompagnement"
    FIN_MESURE = "fin_mesure", "Fin de mesure"
    ABANDON = "abandon", "Abandon"
    EXCLUSION = "exclusion", "Exclusion"
    REORIENTATION = "reorientation", "Réorientation"
    INCARCERATION = "incarceration", "Incarcération"
    HOSPITALISATION = "hospitalisation", "Hospitalisation"
    DECES = "deces", "Décès"
    AUTRE = "autre", "Autre"


class ExitHousing(models.TextChoices):
    LOGEMENT_AUTONOME = "logement_autonome", "Logement autonome"
    LOGEMENT_ADAPTE = "logement_adapte", "Logement adapté"
    HEBERGEMENT_INSERTION = "hebergement_insertion", "Hébergement d'insertion"
    HEBERGEMENT_URGENCE = "hebergement_urgence", "Hébergement d'urgence"
    TIERS = "tiers", "Chez un tiers"
    RUE = "rue", "Rue"
    INCARCERATION = "incarceration", "Incarcération"
    HOPITAL = "hopital", "Hôpital"
    DECES = "deces", "Décès"
    INCONNU = "inconnu", "Inconnu"


class ExitActivity(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD_6_MOIS_PLUS = "cdd_6_mois_plus", "CDD de 6 mois ou plus"
    CDD_MOINS_6_MOIS = "cdd_moins_6_mois", "CDD de moins de 6 mois"
    INTERIM = "interim", "Intérim"
    CREATION_ENTREPRISE = "creation_entreprise", "Création d'entreprise"
    CONTRAT_AIDE = "contrat_aide", "Contrat aidé"
    EMBAUCHE_IAE = "embauche_iae", "Embauche en structure d'insertion (IAE)"
    FORMATION_QUALIFIANTE = "formation_qualifiante", "Formation qualifiante"
    FORMATION_PRE_QUALIFIANTE = "formation_pre_qualifiante", "Formation pré-qualifiante"
    RECHERCHE_EMPLOI = "recherche_emploi", "Recherche d'emploi"
    SANS_ACTIVITE = "sans_activite", "Sans activité"
    RETRAITE = "retraite", "Retraite"
    INCONNU = "inconnu", "Inconnu"


EMPLOYMENT_ACTIVITIES = frozenset(
    {
        ExitActivity.CDI,
        ExitActivity.CDD_6_MOIS_PLUS,
        ExitActivity.CDD_MOINS_6_MOIS,
        ExitActivity.INTERIM,
        ExitActivity.CREATION_ENTREPRISE,
        ExitActivity.CONTRAT_AIDE,
        ExitActivity.EMBAUCHE_IAE,
    }
)
TRAINING_ACTIVITIES = frozenset({ExitActivity.FORMATION_QUALIFIANTE, ExitActivity.FORMATION_PRE_QUALIFIANTE})
POSITIVE_HOUSING = frozenset({ExitHousing.LOGEMENT_AUTONOME, ExitHousing.LOGEMENT_ADAPTE})
