from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, AnonymousUser, UserManager
from django.db import models

from core.models import choices_check
from core.scope import establishment_scope, is_signed_in

from .enums import ASSOCIATION_WIDE_ROLES, HEAD_ROLES, RECORD_WRITER_ROLES, Role


class UserQuerySet(models.QuerySet["User"]):
    def visible_to(self, user: User | AnonymousUser) -> UserQuerySet:
        """Colleagues: the users sharing one of the user's establishments (every user for head office and
        administrators)."""
        if not is_signed_in(user):
            return self.none()
        if user.sees_all_establishments:
            return self.all()
        return self.filter(establishment_scope(user, "establishments")).distinct()

    def record_writers(self) -> UserQuerySet:
        """Active users whose role writes records: those who can be a person's referent."""
        return self.filter(is_active=True, role__in=RECORD_WRITER_ROLES)


class ParcoursUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    role = models.CharField("rôle", max_length=32, choices=Role.choices, default=Role.SOCIAL_WORKER)
    establishments = models.ManyToManyField(
        "establishments.Establishment", blank=True, related_name="staff", verbose_name="établissements"
    )
    health_data_access = models.BooleanField(
        "accès aux données de santé",
        default=False,
        help_text=(
            "Accordé explicitement : voir et saisir les vulnérabilités (addictions, troubles psychiques, handicap)."
        ),
    )

    objects: ClassVar[ParcoursUserManager] = ParcoursUserManager()

    class Meta:
        verbose_name = "utilisateur"
        constraints = [choices_check("role", Role, "user_role_valid")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    # --- what the role may do (the only place where roles are compared) -----------------------------------------

    @property
    def sees_all_establishments(self) -> bool:
        """Head office and administrators: every establishment is in their scope."""
        return self.role in ASSOCIATION_WIDE_ROLES

    @property
    def writes_records(self) -> bool:
        """Writes the accompaniment record (persons, stays, measures, notes…) in their scope; can be a referent."""
        return self.role in RECORD_WRITER_ROLES

    @property
    def is_reception(self) -> bool:
        """Reception / night agent: identity, stays and daily events of their establishment only."""
        return self.role == Role.RECEPTION

    @property
    def is_establishment_head(self) -> bool:
        """Takes the establishment's decisions (administrators too)."""
        return self.role in HEAD_ROLES

    @property
    def records_events(self) -> bool:
        """Records nights, meals, visits and the roll-call."""
        return self.writes_records or self.is_reception

    @property
    def sees_justice(self) -> bool:
        return self.role != Role.RECEPTION

    @property
    def sees_accompaniment(self) -> bool:
        """Notes, personalised project, appointments, documents, admission requests."""
        return self.role != Role.RECEPTION

    @property
    def sees_health(self) -> bool:
        return self.health_data_access and self.role != Role.RECEPTION

    @property
    def is_association_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def needs_two_factor(self) -> bool:
        """Signs in with a second factor (a code from an authenticator app, or a recovery code): whoever sees health
        data or justice details, and the administrators. The reception role signs in with its password only."""
        return self.sees_health or self.sees_justice or self.is_association_admin
