from django.contrib import admin

from audit.admin import AuditedAdmin

from .models import RefusalReason


@admin.register(RefusalReason)
class RefusalReasonAdmin(AuditedAdmin):
    """The list of reasons for an unfavourable decision, offered to the commission."""

    list_display = ["label", "active"]
    list_editable = ["active"]
