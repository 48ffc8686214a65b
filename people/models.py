from __future__ import annotations

from typing import Any, ClassVar, Self, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Exists, OuterRef, Q

from accounts.models import User
from core.models import ExternalRef, choices_check, external_ref_unique
from core.scope import is_signed_in

from .enums import Sex, VulnerabilityKind

# How a person is linked to an establishment, as (reverse relation of Person, lookup from it to an Establishment):
# a person is in an establishment's scope if they have (or had) a stay or an admission request there, or were first
# recorded there (`home_establishment`). Relations are named, not imported, so that this app sits below the apps
# that hold them; apps that add a link (TIG placements, domiciliations…) add it here.
PERSON_LINKS: tuple[tuple[str, str], ...] = (
    ("stays", "service__establishment"),
    ("admission_requests", "service__establishment"),
    # day reception: a domiciliation, even without a stay there
    ("domiciliations", "service__establishment"),
    # work and training (employment): a TIG hosted, a cohort candidacy or membership, even without a stay there
    ("tig_placements", "service__establishment"),
    ("cohort_candidacies", "cohort__service__establishment"),
    ("cohort_memberships", "cohort__service__establishment"),
)


_M = TypeVar("_M", bound=models.Model, covariant=True)


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: User | AnonymousUser) -> PersonQuerySet:
        """Persons a user may see: head office and administrators see everyone; others see a person linked to one
        of their establishments (PERSON_LINKS, or the establishment of first record)."""
        if not is_signed_in(user):
            return self.none()
        if user.sees_all_establishments:
            return self.all()
        return self.linked_to(user.establishments.values("pk"))

    def linked_to(self, establishments: Any) -> PersonQuerySet:
        """Persons linked to one of these establishments (PERSON_LINKS, or the establishment of first record)."""
        linked = Q(home_establishment__in=establishments)
        for relation, path in PERSON_LINKS:
            linked |= Q(Exists(_linked_rows(relation).filter(**{f"{path}__in": establishments})))
        return self.filter(linked)


def _linked_rows(relation: str) -> models.QuerySet[Any]:
    """The rows of a reverse relation of Person, correlated with the outer person."""
    field = Person._meta.get_field(relation)
    related = field.related_model
    return related._default_manager.filter(**{field.field.name: OuterRef("pk")})  # type: ignore[union-attr]


class PersonLinkedQuerySet(models.QuerySet[_M]):
    """Rows about one person (a measure, a note, an objective…), reached by `person_path`: visible when the person
    is (`Person.objects.visible_to`)."""

    person_path: ClassVar[str] = "person"

    def visible_to(self, user: User | AnonymousUser) -> Self:
        return self.filter(**{f"{self.person_path}__in": Person.objects.visible_to(user)})


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


class VulnerabilityQuerySet(PersonLinkedQuerySet["Vulnerability"]):
    pass


class Vulnerability(models.Model):
    """Sensitive health and social fragilities: visible only to users granted health data."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="vulnerabilities", verbose_name="personne"
    )
    kind = models.CharField("nature", max_length=32, choices=VulnerabilityKind.choices)
    recorded_on = models.DateField("constatée le")

    objects = VulnerabilityQuerySet.as_manager()

    class Meta:
        verbose_name = "vulnérabilité"
        ordering = ["recorded_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "recorded_on"], name="vulnerability_unique"),
            choices_check("kind", VulnerabilityKind, "vulnerability_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.recorded_on:%d/%m/%Y})"
