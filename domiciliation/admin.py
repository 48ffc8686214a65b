from django.contrib import admin

from audit.admin import AuditedAdmin

from .models import DomiciliaryBody


@admin.register(DomiciliaryBody)
class DomiciliaryBodyAdmin(AuditedAdmin):
    list_display = ["legal_name", "establishment", "city", "approval"]
