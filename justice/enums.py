from django.db import models


class MeasureType(models.TextChoices):
    CONTROLE_JUDICIAIRE = "controle_judiciaire", "Contrôle judiciaire (CJ)"
    ARSE = "arse", "Assignation à résidence sous surveillance électronique (ARSE)"
    SEMI_LIBERTE = "semi_liberte", "Semi-liberté (SL)"
    PSE = "pse", "Placement sous surveillance électronique (PSE)"
    LIBERATION_CONDITIONNELLE = "liberation_conditionnelle", "Libération conditionnelle (LC)"
    PLACEMENT_EXTERIEUR = "placement_exterieur", "Placement à l'extérieur (PE)"
    SME = "sme", "Sursis avec mise à l'épreuve / sursis probatoire (SME)"
    TIG = "tig", "Travail d'intérêt général (TIG)"
    CONTRAINTE_PENALE = "contrainte_penale", "Contrainte pénale (CP)"
    COMPOSITION_PENALE = "composition_penale", "Composition pénale"
    SSJ = "ssj", "Suivi socio-judiciaire (SSJ)"
    SURSIS_SIMPLE = "sursis_simple", "Sursis simple"
    INCARCERATION = "incarceration", "Détention (y compris provisoire)"
    CONDAMNATION_ANTERIEURE = "condamnation_anterieure", "Condamnation antérieure déclarée"


class MeasureOutcome(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    TERMINEE = "terminee", "Terminée"
    REVOQUEE = "revoquee", "Révoquée"
    LEVEE = "levee", "Levée"


class SituationGroup(models.TextChoices):
    AMENAGEMENT_PEINE = "amenagement_peine", "Aménagement de peine"
    ATTENTE_JUGEMENT = "attente_jugement", "Dans l'attente d'un jugement"
    PEINE_ALTERNATIVE = "peine_alternative", "Peine alternative à la prison"
    PEINE_HORS_PRISON = "peine_hors_prison", "Peine principale ou complémentaire en dehors de la prison"
    PEINE_TERMINEE = "peine_terminee", "Peine terminée"
    INCARCERATION = "incarceration", "Incarcération"


class ServedSubcategory(models.TextChoices):
    SORTIE_PRISON_6_MOIS = "sortie_prison_6_mois", "Dans les 6 mois qui suivent la sortie de prison"
    FIN_AMENAGEMENT_OU_ALTERNATIVE = (
        "fin_amenagement_ou_alternative",
        "À la suite d'un aménagement de peine ou d'une peine alternative",
    )
    CONDAMNATION_ANTERIEURE = "condamnation_anterieure", "Après une condamnation passée non connue"


# Group of each measure (indicators v1), in precedence order: adjustment > awaiting trial > alternative > outside.
MEASURE_GROUP: dict[str, str] = {
    MeasureType.SEMI_LIBERTE: SituationGroup.AMENAGEMENT_PEINE,
    MeasureType.PSE: SituationGroup.AMENAGEMENT_PEINE,
    MeasureType.LIBERATION_CONDITIONNELLE: SituationGroup.AMENAGEMENT_PEINE,
    MeasureType.PLACEMENT_EXTERIEUR: SituationGroup.AMENAGEMENT_PEINE,
    MeasureType.CONTROLE_JUDICIAIRE: SituationGroup.ATTENTE_JUGEMENT,
    MeasureType.ARSE: SituationGroup.ATTENTE_JUGEMENT,
    MeasureType.SME: SituationGroup.PEINE_ALTERNATIVE,
    MeasureType.TIG: SituationGroup.PEINE_ALTERNATIVE,
    MeasureType.CONTRAINTE_PENALE: SituationGroup.PEINE_ALTERNATIVE,
    MeasureType.COMPOSITION_PENALE: SituationGroup.PEINE_ALTERNATIVE,
    MeasureType.SSJ: SituationGroup.PEINE_HORS_PRISON,
    MeasureType.SURSIS_SIMPLE: SituationGroup.PEINE_HORS_PRISON,
}
GROUP_PRECEDENCE: list[str] = [
    SituationGroup.AMENAGEMENT_PEINE,
    SituationGroup.ATTENTE_JUGEMENT,
    SituationGroup.PEINE_ALTERNATIVE,
    SituationGroup.PEINE_HORS_PRISON,
]
ADJUSTMENT_MEASURES = [m for m, g in MEASURE_GROUP.items() if g == SituationGroup.AMENAGEMENT_PEINE]
