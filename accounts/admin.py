from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from audit.admin import AuditedAdmin

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
