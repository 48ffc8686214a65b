from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from core.scope import is_signed_in

from .models import AuditEntry
from .services import audit_create, audit_update, audit_write, snapshot


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes audit entries."""

    list_display = ["at", "actor_label", "action", "object_type", "object_id", "person"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_repr", "object_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False


class AuditedAdmin(admin.ModelAdmin):
    """Back-office writes are audited like every other write."""

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm[Model], change: bool) -> None:
        actor = request.user if is_signed_in(request.user) else None  # the admin site requires a staff login
        before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if before is None:
            audit_create(actor=actor, obj=obj, detail="administration")
        else:
            audit_update(actor=actor, obj=obj, before=before, detail="administration")

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        actor = request.user if is_signed_in(request.user) else None
        audit_write(actor=actor, action="update", obj=obj, detail="suppression (administration)")
        super().delete_model(request, obj)
