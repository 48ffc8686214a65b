from django.db import models


class StayDocumentKind(models.TextChoices):
    LIVRET_ACCUEIL = "livret_accueil", "Livret d'accueil"
    CONTRAT_SEJOUR = "contrat_sejour", "Contrat de séjour"
    DIPC = "dipc", "Document individuel de prise en charge"


class LifeDomain(models.TextChoices):
    LOGEMENT = "logement", "Logement"
    EMPLOI = "emploi", "Emploi"
    FORMATION = "formation", "Formation"
    SANTE = "sante", "Santé"
    ADDICTIONS = "addictions", "Addictions"
    OBLIGATIONS_JUSTICE = "obligations_justice", "Obligations judiciaires"
    PAPIERS_DROITS = "papiers_droits", "Papiers et droits"
    BUDGET_DETTES = "budget_dettes", "Budget et dettes"
    FAMILLE = "famille", "Famille et parentalité"
    MOBILITE = "mobilite", "Mobilité"
    NUMERIQUE = "numerique", "Compétences numériques"
    LANGUE = "langue", "Langue"


class ObjectiveStatus(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    ATTEINT = "atteint", "Atteint"
    PARTIEL = "partiel", "Partiellement atteint"
    ABANDONNE = "abandonne", "Abandonné"


class ReviewKind(models.TextChoices):
    MI_PARCOURS = "mi_parcours", "Bilan à mi-parcours"
    FIN_SEJOUR = "fin_sejour", "Bilan de fin de séjour"


class StepKind(models.TextChoices):
    CNI = "cni", "Carte d'identité"
    TITRE_SEJOUR = "titre_sejour", "Titre de séjour"
    COUVERTURE_SANTE = "couverture_sante", "Couverture santé"
    RSA = "rsa", "RSA"
    FRANCE_TRAVAIL = "france_travail", "Inscription à France Travail"
    COMPTE_BANCAIRE = "compte_bancaire", "Compte bancaire"
    SIAO = "siao", "Demande de logement : SIAO"
    LOGEMENT_SOCIAL = "logement_social", "Demande de logement social"
    DALO = "dalo", "Recours DALO"
    DOMICILIATION = "domiciliation", "Domiciliation"
    CV = "cv", "CV"
    PERMIS = "permis", "Permis de conduire"
    SURENDETTEMENT = "surendettement", "Dossier de surendettement / dettes"


class StepStatus(models.TextChoices):
    A_FAIRE = "a_faire", "À faire"
    EN_COURS = "en_cours", "En cours"
    BLOQUE = "bloque", "Bloquée"
    OBTENU = "obtenu", "Obtenue / faite"
    SANS_OBJET = "sans_objet", "Sans objet"


OPEN_STEP_STATUSES = (StepStatus.A_FAIRE, StepStatus.EN_COURS, StepStatus.BLOQUE)


class Partner(models.TextChoices):
    AUCUN = "", "Avec la personne (sans partenaire)"
    SPIP = "spip", "SPIP"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    CMP = "cmp", "CMP"
    MEDECIN = "medecin", "Médecin"
    AVOCAT = "avocat", "Avocat"
    TRIBUNAL = "tribunal", "Tribunal"
    AUTRE = "autre", "Autre partenaire"


class Attendance(models.TextChoices):
    PREVU = "prevu", "Prévu"
    HONORE = "honore", "Honoré"
    MANQUE = "manque", "Manqué"
    EXCUSE = "excuse", "Excusé"
    ANNULE = "annule", "Annulé"


class ReminderChannel(models.TextChoices):
    AUCUN = "", "Pas de rappel"
    SMS = "sms", "SMS"
    EMAIL = "email", "Courriel"


class WorkshopTheme(models.TextChoices):
    CV = "cv", "CV"
    BUDGET = "budget", "Budget"
    LOGEMENT = "recherche_logement", "Recherche de logement"
    NUMERIQUE = "numerique", "Compétences numériques"
    FLE = "fle", "Français langue étrangère"
    CULTURE = "culture", "Culture"
    SPORT = "sport", "Sport"
    AUTRE = "autre", "Autre"


class SessionAttendance(models.TextChoices):
    INSCRIT = "inscrit", "Inscrit"
    PRESENT = "present", "Présent"
    ABSENT = "absent", "Absent"
    EXCUSE = "excuse", "Excusé"


class Confidentiality(models.TextChoices):
    EQUIPE = "equipe", "L'équipe de l'établissement"
    AUTEUR = "auteur", "Moi seulement (auteur)"
    SANTE = "sante", "Santé (personnes habilitées aux données de santé)"


class PersonDocumentKind(models.TextChoices):
    CNI = "cni", "Carte d'identité"
    PASSEPORT = "passeport", "Passeport"
    TITRE_SEJOUR = "titre_sejour", "Titre de séjour"
    ATTESTATION_DOMICILIATION = "attestation_domiciliation", "Attestation de domiciliation"
    ATTESTATION = "attestation", "Attestation / certificat"
    DECISION_JUSTICE = "decision_justice", "Décision de justice"
    BULLETIN_SALAIRE = "bulletin_salaire", "Bulletin de salaire"
    AUTRE = "autre", "Autre"


# Kinds that expire: the expiry date is required for them.
EXPIRING_DOCUMENT_KINDS = frozenset(
    {
        PersonDocumentKind.CNI,
        PersonDocumentKind.PASSEPORT,
        PersonDocumentKind.TITRE_SEJOUR,
        PersonDocumentKind.ATTESTATION_DOMICILIATION,
    }
)
