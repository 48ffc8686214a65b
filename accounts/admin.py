from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.admin import AuditedAdmin
from audit.enums import AuditAction
from audit.services import audit_write

from . import two_factor
from .models import User

# Second factors are changed through accounts/two_factor.py only (audited, secrets never shown): not django-otp's own
# admin pages, which would edit them without an audit row and show the app's QR code to the administrator.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


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
    actions = ["reset_two_factor"]

    @admin.action(description="Réinitialiser la double authentification (téléphone perdu)")
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        acting = request.user
        assert isinstance(acting, User)
        done = [u.get_username() for u in queryset if two_factor.two_factor_reset(user=u, acting_user=acting)]
        if done:
            self.message_user(
                request,
                f"Double authentification réinitialisée pour : {', '.join(done)}. "
                "Ils l'activeront à nouveau à leur prochaine connexion.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, "Aucune double authentification à réinitialiser.", messages.WARNING)

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
