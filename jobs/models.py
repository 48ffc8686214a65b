"""The user-visible record of a background job (who asked, what, its progress and result, its file), and the
scheduler's bookkeeping (one row per scheduled job and time slot: a slot runs once, however many schedulers run)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class JobKind(models.TextChoices):
    IMPORT = "import", "Import de données"
    REPORT_FILE = "report_file", "Fichier du rapport d'activité"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "En attente"
    RUNNING = "running", "En cours"
    SUCCEEDED = "succeeded", "Terminée"
    FAILED = "failed", "Échouée"


class JobQuerySet(models.QuerySet["Job"]):
    def visible_to(self, user: Any) -> JobQuerySet:
        """A job is seen only by the user who asked for it."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)


class Job(models.Model):
    kind = models.CharField("type", max_length=32, choices=JobKind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs", verbose_name="demandée par"
    )
    scope = models.CharField("périmètre", max_length=64, blank=True)
    params = models.JSONField("paramètres", default=dict, blank=True)
    status = models.CharField("état", max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    task_id = models.CharField("tâche", max_length=64, blank=True)
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    started_at = models.DateTimeField("commencée le", null=True, blank=True)
    finished_at = models.DateTimeField("terminée le", null=True, blank=True)
    progress = models.JSONField("progression", default=dict, blank=True)  # the last counters, kept at the end
    result = models.JSONField("résultat", default=dict, blank=True)
    error = models.TextField("erreur", blank=True)
    file = models.CharField("fichier", max_length=300, blank=True)  # a name in the default storage
    file_name = models.CharField("nom du fichier", max_length=200, blank=True)
    expires_at = models.DateTimeField("fichier supprimé le", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "tâche de fond"
        verbose_name_plural = "tâches de fond"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=JobKind.values), name="job_kind_valid"),
            models.CheckConstraint(condition=models.Q(status__in=JobStatus.values), name="job_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} n° {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}


class ScheduledRun(models.Model):
    """One scheduled job in one time slot: the unique constraint lets one scheduler only enqueue it."""

    name = models.CharField("tâche planifiée", max_length=100)
    slot = models.DateTimeField("créneau")
    task_id = models.CharField("tâche", max_length=64, blank=True)
    enqueued_at = models.DateTimeField("mise en file le", auto_now_add=True)

    class Meta:
        verbose_name = "exécution planifiée"
        verbose_name_plural = "exécutions planifiées"
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="scheduled_run_once_per_slot")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M}"
