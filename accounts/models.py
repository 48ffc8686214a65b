from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from core.models import choices_check

from .enums import ASSOCIATION_WIDE_ROLES, RECORD_WRITER_ROLES, Role


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

    class Meta:
        verbose_name = "utilisateur"
        constraints = [choices_check("role", Role, "user_role_valid")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def sees_all_establishments(self) -> bool:
        return self.role in ASSOCIATION_WIDE_ROLES

    @property
    def writes_records(self) -> bool:
        return self.role in RECORD_WRITER_ROLES

    @property
    def is_reception(self) -> bool:
        return self.role == Role.RECEPTION

    @property
    def sees_justice(self) -> bool:
        return self.role != Role.RECEPTION

    @property
    def sees_health(self) -> bool:
        return self.health_data_access and self.role != Role.RECEPTION

    @property
    def is_association_admin(self) -> bool:
        return self.role == Role.ADMIN
