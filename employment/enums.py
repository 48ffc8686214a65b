"""Codes of work and training: contracts (CDDI), hours, activity periods, AQI cohorts, TIG hosting, SOA sessions.
Codes that the interchange format carries (`interchange-v1.md`, v1.1 additions) are spelt as there."""

from django.db import models

from establishments.enums import Modality
from stays.enums import ExitActivity

# The modalities of a stay that may carry insertion contracts (contracts.csv: "any other modality is an error").
CONTRACT_MODALITIES = frozenset({Modality.CONTRAT_INSERTION, Modality.PROJET_PROFESSIONNEL})


class ContractKind(models.TextChoices):
    INITIAL = "initial", "Contrat initial"
    RENOUVELLEMENT = "renouvellement", "Renouvellement"


class ContractEndReason(models.TextChoices):
    """Why a CDDI ended before its planned end (a CDDI may be broken off early only for these reasons)."""

    EMBAUCHE = "embauche", "Embauche ailleurs (CDI, CDD d'au moins 6 mois, autre contrat)"
    FORMATION = "formation", "Entrée en formation qualifiante"
    ACCORD_COMMUN = "accord_commun", "Rupture d'un commun accord"
    PERIODE_ESSAI = "periode_essai", "Rupture pendant la période d'essai"
    FAUTE_GRAVE = "faute_grave", "Faute grave"
    INAPTITUDE = "inaptitude", "Inaptitude constatée par le médecin du travail"
    INCARCERATION = "incarceration", "Incarcération"
    ABANDON = "abandon", "Abandon de poste"
    AUTRE = "autre", "Autre motif"


class ContractWarning(models.TextChoices):
    """What an establishment head may override, with a written reason (docs/employment.md)."""

    HEURES_MOINS_20 = "heures_moins_20", "Moins de 20 heures par semaine"
    CUMUL_PLUS_24_MOIS = "cumul_plus_24_mois", "Plus de 24 mois de contrats cumulés"
    RENOUVELLEMENT_NON_CONSECUTIF = (
        "renouvellement_non_consecutif",
        "Renouvellement qui ne suit pas le contrat précédent",
    )


class AbsenceReason(models.TextChoices):
    """Absences on the month sheet."""

    MALADIE = "maladie", "Arrêt maladie"
    ACCIDENT_TRAVAIL = "accident_travail", "Accident du travail"
    CONGES = "conges", "Congés payés"
    ABSENCE_AUTORISEE = "absence_autorisee", "Absence autorisée (démarche, rendez-vous)"
    CONVOCATION_JUSTICE = "convocation_justice", "Convocation (SPIP, JAP, tribunal)"
    ABSENCE_INJUSTIFIEE = "absence_injustifiee", "Absence injustifiée"
    AUTRE = "autre", "Autre motif"


class SheetStatus(models.TextChoices):
    BROUILLON = "brouillon", "En cours de saisie"
    VALIDEE = "validee", "Validée par le chef d'établissement"


# What a person does over time: the `exit_activity` codes other than `inconnu` (activity_periods.csv).
PERIOD_ACTIVITIES = [(value, label) for value, label in ExitActivity.choices if value != ExitActivity.INCONNU]

# The activity on a day (indicators v1.1): `contrat_insertion` when a contract is in force, else a period's
# activity, else `inconnu`.
ACTIVITY_CONTRACT = "contrat_insertion"
DAY_ACTIVITY_LABELS: dict[str, str] = {
    ACTIVITY_CONTRACT: "Contrat d'insertion (CDDI)",
    **dict(ExitActivity.choices),
}


class CohortPrescriber(models.TextChoices):
    """Who sends a candidate to an AQI cohort (not the admission requests' prescribers)."""

    SPIP = "spip", "SPIP"
    FRANCE_TRAVAIL = "france_travail", "France Travail (ex-Pôle emploi justice)"
    MISSION_LOCALE = "mission_locale", "Mission locale"
    PLIE = "plie", "PLIE (plan local pour l'insertion et l'emploi)"
    AUTRE = "autre", "Autre (association, candidature spontanée…)"


class CandidateDecision(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    RETENU = "retenu", "Retenu(e)"
    NON_RETENU = "non_retenu", "Non retenu(e)"
    DESISTE = "desiste", "Désistement"


class TigOutcome(models.TextChoices):
    """How a placement ended (empty while it runs, and on rows imported without it)."""

    EFFECTUE = "effectue", "Heures effectuées"
    INTERROMPU = "interrompu", "Interrompu (retour au SPIP)"


class SoaOutcome(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    PARCOURS_COMPLET = "parcours_complet", "Est allé(e) au bout de la session"
    ABANDON = "abandon", "A quitté la session avant la fin"
