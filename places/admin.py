from django.contrib import admin

from audit.admin import AuditedAdmin

from .models import Incident, Placement, Unit


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "service", "kind", "places", "active"]
    list_filter = ["service__establishment", "kind", "active"]


@admin.register(Placement)
class PlacementAdmin(AuditedAdmin):
    list_display = ["stay", "unit", "planned_departure"]
    raw_id_fields = ["stay"]


@admin.register(Incident)
class IncidentAdmin(AuditedAdmin):
    list_display = ["person", "kind", "occurred_at", "status", "spip_informed_at"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["person", "measure", "night_check"]
