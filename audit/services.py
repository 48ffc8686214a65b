"""Writing the audit log. Every service that writes calls these inside its own transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

from .enums import AuditAction
from .models import AuditEntry

if TYPE_CHECKING:  # for type checking only: audit stays below accounts and people
    from accounts.models import User
    from people.models import Person


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).isoformat()  # local time, with its offset: what the user typed
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


# Never copied into the log: a password hash there could be cracked offline by whoever reads the log.
SECRET_FIELDS = frozenset({"password"})


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The current values of a model's concrete fields (foreign keys as ids, secrets left out), JSON-ready."""
    names = (
        list(fields)
        if fields is not None
        else [f.attname for f in obj._meta.concrete_fields if f.name != "id" and f.name not in SECRET_FIELDS]
    )
    return {name: _jsonable(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for each field whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _actor_label(actor: User | None) -> str:
    if actor is None:
        return "système"
    return actor.get_username()


def audit_write(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    person: Person | None = None,
    changes: dict[str, list[Any]] | None = None,
    detail: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=_actor_label(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        person=person,
        changes=changes or {},
        detail=detail,
    )


def audit_create(
    *, actor: User | None, obj: models.Model, person: Person | None = None, detail: str = ""
) -> AuditEntry:
    changes = {k: [None, v] for k, v in snapshot(obj).items() if v not in (None, "")}
    return audit_write(actor=actor, action=AuditAction.CREATE, obj=obj, person=person, changes=changes, detail=detail)


def audit_update(
    *, actor: User | None, obj: models.Model, before: dict[str, Any], person: Person | None = None, detail: str = ""
) -> AuditEntry | None:
    changes = diff(before, snapshot(obj, before.keys()))
    if not changes:
        return None
    return audit_write(actor=actor, action=AuditAction.UPDATE, obj=obj, person=person, changes=changes, detail=detail)


def audit_delete(
    *, actor: User | None, obj: models.Model, person: Person | None = None, detail: str = ""
) -> AuditEntry:
    """Written before the row goes (its id and values are still there): the values it had, as [old, None]."""
    changes = {k: [v, None] for k, v in snapshot(obj).items() if v not in (None, "")}
    return audit_write(actor=actor, action=AuditAction.DELETE, obj=obj, person=person, changes=changes, detail=detail)


def audit_view(*, actor: User, person: Person, detail: str = "") -> AuditEntry:
    return audit_write(actor=actor, action=AuditAction.VIEW, obj=person, person=person, detail=detail)
