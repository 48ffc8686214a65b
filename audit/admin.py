from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest

from core.scope import is_signed_in

from .enums import AuditAction
from .models import AuditEntry
from .services import audit_create, audit_delete, audit_update, audit_write, diff, snapshot

if TYPE_CHECKING:  # for type checking only: audit stays below accounts
    from accounts.models import User


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


def _actor(request: HttpRequest) -> User | None:
    return request.user if is_signed_in(request.user) else None  # the admin site requires a staff login


def _person(obj: Model) -> Any:
    """The person a row concerns (an incident…), so the back-office change shows in that person's log."""
    return getattr(obj, "person", None) if any(f.name == "person" for f in obj._meta.concrete_fields) else None


def _many_to_many(obj: Model, names: list[str]) -> dict[str, list[Any]]:
    return {name: sorted(getattr(obj, name).values_list("pk", flat=True)) for name in names}


class AuditedAdmin(admin.ModelAdmin):
    """Back-office writes are audited like every other write: the object's fields (`save_model`), its many-to-many
    fields such as a user's establishments (`save_related`), its inlines (`save_formset`), deletions one by one
    (`delete_model`) and in bulk (`delete_queryset`), each with its action (create, update, delete). The whole
    request runs in one transaction (Django's admin), so the audit rows are saved with the change or not at all."""

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm[Model], change: bool) -> None:
        before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if before is None:
            audit_create(actor=_actor(request), obj=obj, person=_person(obj), detail="administration")
        else:
            audit_update(actor=_actor(request), obj=obj, before=before, person=_person(obj), detail="administration")

    def save_related(
        self, request: HttpRequest, form: ModelForm[Model], formsets: list[BaseModelFormSet], change: bool
    ) -> None:
        obj = form.instance
        names = [f.name for f in obj._meta.many_to_many if f.name in form.cleaned_data]
        before = _many_to_many(obj, names)
        super().save_related(request, form, formsets, change)
        changes = diff(before, _many_to_many(obj, names))
        if changes:
            audit_write(
                actor=_actor(request), action=AuditAction.UPDATE, obj=obj, changes=changes, detail="administration"
            )

    def save_formset(
        self, request: HttpRequest, form: ModelForm[Model], formset: BaseModelFormSet, change: bool
    ) -> None:
        model = formset.model
        before = {
            f.instance.pk: snapshot(model._default_manager.get(pk=f.instance.pk))
            for f in formset.initial_forms
            if f.instance.pk is not None and f not in formset.deleted_forms
        }
        for deleted in formset.deleted_forms:  # audited while the row and its id are still there
            if deleted.instance.pk is not None:
                audit_delete(actor=_actor(request), obj=deleted.instance, detail="administration")
        super().save_formset(request, form, formset, change)
        for created in formset.new_objects:
            audit_create(actor=_actor(request), obj=created, detail="administration")
        for changed, _fields in formset.changed_objects:
            audit_update(actor=_actor(request), obj=changed, before=before[changed.pk], detail="administration")

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        audit_delete(actor=_actor(request), obj=obj, person=_person(obj), detail="administration")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit_delete(
                actor=_actor(request), obj=obj, person=_person(obj), detail="administration (suppression groupée)"
            )
        super().delete_queryset(request, queryset)
