from django.contrib import admin

from audit.admin import AuditedAdmin

from .models import Locker


@admin.register(Locker)
class LockerAdmin(AuditedAdmin):
    list_display = ["number", "establishment", "active"]
    list_filter = ["establishment", "active"]
