from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from audit.admin import AuditedAdmin
from audit.enums import AuditAction
from audit.services import audit_write

from .models import User


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "health_data_access", "is_active"]
    list_filter = ["role", "health_data_access", "is_active", "establishments"]
    filter_horizontal = ["establishments", "groups", "user_permissions"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("Parcours", {"fields": ("role", "establishments", "health_data_access")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Parcours", {"fields": ("role", "establishments", "health_data_access")}),
    )

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """The password set by an administrator is audited (never its value)."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=id)
                actor = request.user if isinstance(request.user, User) else None
                audit_write(
                    actor=actor, action=AuditAction.UPDATE, obj=user, detail="mot de passe changé (administration)"
                )
        return response
