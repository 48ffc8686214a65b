from django.db import models

from events.enums import EventKind


class DeskService(models.TextChoices):
    """What the day-reception desk records, one tap each. Five are interchange v1 event kinds (recorded as
    `events.Event`); laundry and locker are the reception's own records, never events."""

    PASSAGE = "passage_accueil_jour", "Passage"
    REPAS = "repas", "Repas"
    DOUCHE = "douche", "Douche"
    LESSIVE = "lessive", "Lessive"
    CASIER = "casier", "Casier"
    COURRIER = "courrier", "Courrier remis"
    ENTRETIEN = "entretien", "Entretien"


# The desk service → the event kind it records (laundry and locker record no event).
EVENT_KINDS: dict[str, str] = {
    DeskService.PASSAGE: EventKind.PASSAGE_ACCUEIL_JOUR,
    DeskService.REPAS: EventKind.REPAS,
    DeskService.DOUCHE: EventKind.DOUCHE,
    DeskService.COURRIER: EventKind.COURRIER,
    DeskService.ENTRETIEN: EventKind.ENTRETIEN,
}
# What may be counted without a name (an anonymous passage, meal, shower or laundry).
ANONYMOUS_SERVICES = (DeskService.PASSAGE, DeskService.REPAS, DeskService.DOUCHE, DeskService.LESSIVE)
