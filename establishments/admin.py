from django.contrib import admin

from audit.admin import AuditedAdmin

from .models import CapacityPeriod, Establishment, Service


class CapacityPeriodInline(admin.TabularInline):
    model = CapacityPeriod
    extra = 0


@admin.register(Establishment)
class EstablishmentAdmin(AuditedAdmin):
    list_display = ["name", "city", "territory", "external_id"]
    search_fields = ["name", "city"]


@admin.register(Service)
class ServiceAdmin(AuditedAdmin):
    list_display = ["name", "establishment", "modality", "capacity", "night_recording", "external_id"]
    list_filter = ["modality", "establishment"]
    inlines = [CapacityPeriodInline]


@admin.register(CapacityPeriod)
class CapacityPeriodAdmin(AuditedAdmin):
    list_display = ["service", "start_date", "end_date", "places"]
