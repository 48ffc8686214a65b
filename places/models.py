from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from core.models import choices_check
from core.scope import EstablishmentScopedQuerySet
from people.models import PersonLinkedQuerySet

from .enums import IncidentKind, IncidentStatus, Presence, UnitKind, Weekday


class UnitQuerySet(EstablishmentScopedQuerySet["Unit"]):
    establishment_path = "service__establishment"


class Unit(models.Model):
    """A room, a bed or a flat of a hosting service, with its number of places."""

    service = models.ForeignKey(
        "establishments.Service", on_delete=models.PROTECT, related_name="units", verbose_name="service"
    )
    name = models.CharField("nom", max_length=100)
    kind = models.CharField("type", max_length=16, choices=UnitKind.choices, default=UnitKind.CHAMBRE)
    places = models.PositiveIntegerField("places")
    active = models.BooleanField("en service", default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "unité (chambre, lit, logement)"
        verbose_name_plural = "unités (chambres, lits, logements)"
        ordering = ["service", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="unit_unique_name"),
            models.CheckConstraint(condition=Q(places__gte=1), name="unit_places_positive"),
            choices_check("kind", UnitKind, "unit_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class PlacementQuerySet(EstablishmentScopedQuerySet["Placement"]):
    establishment_path = "stay__service__establishment"


class Placement(models.Model):
    """The unit a stay occupies (while the stay is ongoing)."""

    stay = models.OneToOneField("stays.Stay", on_delete=models.PROTECT, related_name="placement", verbose_name="séjour")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="placements", verbose_name="unité")
    planned_departure = models.DateField("départ prévu le", null=True, blank=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = "occupation d'une unité"
        verbose_name_plural = "occupations des unités"

    def __str__(self) -> str:
        return f"{self.stay.person} — {self.unit}"


class NightCheckQuerySet(EstablishmentScopedQuerySet["NightCheck"]):
    establishment_path = "stay__service__establishment"


class NightCheck(models.Model):
    """The nightly roll-call: one line per expected resident and night."""

    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="night_checks", verbose_name="séjour")
    date = models.DateField("nuit du")
    presence = models.CharField("présence", max_length=20, choices=Presence.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="saisi par"
    )
    recorded_at = models.DateTimeField("saisi le", auto_now=True)

    objects = NightCheckQuerySet.as_manager()

    class Meta:
        verbose_name = "appel du soir"
        verbose_name_plural = "appels du soir"
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["stay", "date"], name="night_check_unique"),
            choices_check("presence", Presence, "night_check_presence_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_presence_display()} la nuit du {self.date:%d/%m/%Y}"


class MeasureConditionsQuerySet(PersonLinkedQuerySet["MeasureConditions"]):
    person_path = "measure__person"


class MeasureConditions(models.Model):
    """The obligations of an adjusted sentence (PSE, semi-liberté…): additive to justice.JusticeMeasure."""

    measure = models.OneToOneField(
        "justice.JusticeMeasure", on_delete=models.PROTECT, related_name="conditions", verbose_name="mesure"
    )
    care_obligation = models.CharField("obligation de soins", max_length=300, blank=True)
    work_obligation = models.CharField("obligation de travail ou de formation", max_length=300, blank=True)
    prohibitions = models.TextField("interdictions (lieux, personnes…)", blank=True)
    other = models.TextField("autres obligations", blank=True)

    objects = MeasureConditionsQuerySet.as_manager()

    class Meta:
        verbose_name = "obligations d'une mesure"
        verbose_name_plural = "obligations des mesures"

    def __str__(self) -> str:
        return f"Obligations : {self.measure}"


class AuthorisedHoursQuerySet(PersonLinkedQuerySet["AuthorisedHours"]):
    person_path = "measure__person"


class AuthorisedHours(models.Model):
    """A window of a weekday during which the person may be out (outside it, they must be at the residence)."""

    measure = models.ForeignKey(
        "justice.JusticeMeasure", on_delete=models.CASCADE, related_name="authorised_hours", verbose_name="mesure"
    )
    weekday = models.PositiveSmallIntegerField("jour", choices=Weekday.choices)
    start = models.TimeField("sortie autorisée de")
    end = models.TimeField("à")

    objects = AuthorisedHoursQuerySet.as_manager()

    class Meta:
        verbose_name = "horaire de sortie autorisé"
        verbose_name_plural = "horaires de sortie autorisés"
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="authorised_hours_end_after_start"),
            models.CheckConstraint(condition=Q(weekday__gte=0) & Q(weekday__lte=6), name="authorised_hours_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class IncidentQuerySet(EstablishmentScopedQuerySet["Incident"]):
    establishment_path = "establishment"


class Incident(models.Model):
    """A breach to review (absence at night, outside authorised hours…), and when the SPIP was informed."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="incidents", verbose_name="personne"
    )
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="+", verbose_name="établissement"
    )
    measure = models.ForeignKey(
        "justice.JusticeMeasure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name="mesure",
    )
    night_check = models.OneToOneField(
        NightCheck, on_delete=models.PROTECT, null=True, blank=True, related_name="incident", verbose_name="appel"
    )
    kind = models.CharField("nature", max_length=20, choices=IncidentKind.choices)
    occurred_at = models.DateTimeField("survenu le")
    description = models.TextField("ce qui s'est passé", blank=True)
    spip_informed_at = models.DateTimeField("SPIP informé le", null=True, blank=True)
    status = models.CharField("état", max_length=12, choices=IncidentStatus.choices, default=IncidentStatus.A_EXAMINER)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = "incident"
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            choices_check("kind", IncidentKind, "incident_kind_valid"),
            choices_check("status", IncidentStatus, "incident_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} le {timezone.localtime(self.occurred_at):%d/%m/%Y %H:%M}"
