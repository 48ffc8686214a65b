"""Shared model helpers."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class ExternalRef(models.Model):
    """The interchange id of a record, kept per source so re-imports update, never duplicate.

    `source` is empty for records created in the application and for the default import source.
    """

    source = models.CharField("source", max_length=64, blank=True, default="")
    external_id = models.CharField("identifiant externe", max_length=64, blank=True, default="")

    class Meta:
        abstract = True


def external_ref_unique(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["source", "external_id"], condition=~Q(external_id=""), name=f"{name}_unique_external_ref"
    )


def choices_check(
    field: str, choices: type[models.TextChoices], name: str, *, allow_blank: bool = False
) -> models.CheckConstraint:
    """A database check that a code column only holds a code of its list."""
    values = list(choices.values)
    if allow_blank:
        values.append("")
    return models.CheckConstraint(condition=Q(**{f"{field}__in": values}), name=name)
