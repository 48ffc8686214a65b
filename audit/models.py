from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.scope import is_signed_in

from .enums import AuditAction

if TYPE_CHECKING:  # for type checking only: audit stays below accounts
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def visible_to(self, user: User | AnonymousUser) -> AuditEntryQuerySet:
        """The audit log is read by the association's administrators only."""
        if not is_signed_in(user) or not user.is_association_admin:
            return self.none()
        return self.all()


class AuditEntry(models.Model):
    """Append-only: written in the same transaction as the change it records, never updated or deleted
    (the database refuses it, see the migration's triggers)."""

    at = models.DateTimeField("date", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="utilisateur",
    )
    actor_label = models.CharField("utilisateur (au moment de l'action)", max_length=200, blank=True)
    action = models.CharField("action", max_length=16, choices=AuditAction.choices)
    object_type = models.CharField("type d'objet", max_length=100)
    object_id = models.CharField("identifiant de l'objet", max_length=64, blank=True)
    object_repr = models.CharField("objet", max_length=300, blank=True)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="personne concernée",
    )
    changes = models.JSONField("champs modifiés", default=dict, blank=True)
    detail = models.TextField("détail", blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal d'audit"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["person", "at"], name="audit_person_at_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_at_idx"),
        ]

    def __str__(self) -> str:
        at = timezone.localtime(self.at)
        return f"{at:%d/%m/%Y %H:%M} {self.actor_label} {self.get_action_display()} {self.object_repr}"
