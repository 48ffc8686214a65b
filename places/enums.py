from django.db import models


class UnitKind(models.TextChoices):
    CHAMBRE = "chambre", "Chambre"
    LIT = "lit", "Lit"
    APPARTEMENT = "appartement", "Appartement"
    AUTRE = "autre", "Autre"


class Presence(models.TextChoices):
    PRESENT = "present", "Présent"
    ABSENCE_AUTORISEE = "absence_autorisee", "Absence autorisée"
    ABSENT = "absent", "Absent"


class IncidentKind(models.TextChoices):
    ABSENCE_NUIT = "absence_nuit", "Absence la nuit (appel)"
    ABSENCE_HORAIRES = "absence_horaires", "Absence pendant les heures d'assignation"
    ABSENCE_TIG = "absence_tig", "Absence à une séance de TIG"
    AUTRE = "autre", "Autre manquement"


class IncidentStatus(models.TextChoices):
    A_EXAMINER = "a_examiner", "À examiner"
    CLOS = "clos", "Clos"


class Weekday(models.IntegerChoices):
    LUNDI = 0, "Lundi"
    MARDI = 1, "Mardi"
    MERCREDI = 2, "Mercredi"
    JEUDI = 3, "Jeudi"
    VENDREDI = 4, "Vendredi"
    SAMEDI = 5, "Samedi"
    DIMANCHE = 6, "Dimanche"
