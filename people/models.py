from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from core.models import ExternalRef, choices_check, external_ref_unique

from .enums import Sex, VulnerabilityKind

if TYPE_CHECKING:
    from accounts.models import User


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: User | Any) -> PersonQuerySet:
        """Persons a user may see: head office and administrators see everyone; others see a person who has
        (or had) a stay, an admission request, or was first recorded, in one of their establishments."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.sees_all_establishments:
            return self.all()
        from admissions.models import AdmissionRequest
        from stays.models import Stay

        establishment_ids = user.establishments.values("pk")
        in_stays = Stay.objects.filter(person=OuterRef("pk"), service__establishment__in=establishment_ids)
        in_requests = AdmissionRequest.objects.filter(
            person=OuterRef("pk"), service__establishment__in=establishment_ids
        )
        return self.filter(Q(Exists(in_stays)) | Q(Exists(in_requests)) | Q(home_establishment__in=establishment_ids))


class Person(ExternalRef):
    last_name = models.CharField("nom", max_length=150)
    first_name = models.CharField("prénom", max_length=150)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    search_name = models.CharField("nom normalisé", max_length=320, db_index=True, editable=False)
    home_establishment = models.ForeignKey(
        "establishments.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="établissement d'enregistrement",
        help_text="Établissement qui a créé la fiche (elle y reste visible même sans séjour).",
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_persons",
        verbose_name="référent",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "personne"
        ordering = ["last_name", "first_name", "pk"]
        constraints = [external_ref_unique("person"), choices_check("sex", Sex, "person_sex_valid")]
        indexes = [models.Index(fields=["birth_date"], name="person_birth_date_idx")]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


class Household(ExternalRef):
    """People who arrive together (couple, family) share a household; stays point to it."""

    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "ménage"
        constraints = [external_ref_unique("household")]

    def __str__(self) -> str:
        return f"Ménage {self.external_id or self.pk}"


class Vulnerability(models.Model):
    """Sensitive health and social fragilities: visible only to users granted health data."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="vulnerabilities", verbose_name="personne"
    )
    kind = models.CharField("nature", max_length=32, choices=VulnerabilityKind.choices)
    recorded_on = models.DateField("constatée le")

    class Meta:
        verbose_name = "vulnérabilité"
        ordering = ["recorded_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "recorded_on"], name="vulnerability_unique"),
            choices_check("kind", VulnerabilityKind, "vulnerability_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.recorded_on:%d/%m/%Y})"
