from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from audit.admin import AuditedAdmin

from . import services
from .models import Incident, Placement, Unit


class ServiceBackedAdmin(AuditedAdmin):
    """Saves go through the places service (its rules, its audit row) instead of `Model.save()`. A rule the service
    refuses rolls the whole request back (the admin runs it in one transaction) and shows the service's message on
    the form again. No deletion from the back-office: the services have none."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:  # raised by the service in save_model, after the transaction rolled back
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.get_full_path())

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(ServiceBackedAdmin):
    """Units through `places.services.unit_save`: never fewer places than the people in the unit today."""

    list_display = ["name", "service", "kind", "places", "active"]
    list_filter = ["service__establishment", "kind", "active"]
    fields = ["service", "name", "kind", "places", "active"]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return ["service"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm[Model], change: bool) -> None:
        assert isinstance(obj, Unit)
        saved = services.unit_save(
            service=obj.service,
            name=obj.name,
            kind=obj.kind,
            places=obj.places,
            active=obj.active,
            unit=obj if change else None,
            acting_user=request.user,  # type: ignore[arg-type]  # the admin site requires a staff login
        )
        obj.pk = saved.pk


@admin.register(Placement)
class PlacementAdmin(ServiceBackedAdmin):
    """The unit of an ongoing stay through `places.services.placement_set`: within the unit's places."""

    list_display = ["stay", "unit", "planned_departure"]
    raw_id_fields = ["stay"]
    fields = ["stay", "unit", "planned_departure"]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return ["stay"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm[Model], change: bool) -> None:
        assert isinstance(obj, Placement)
        saved = services.placement_set(
            stay=obj.stay,
            unit=obj.unit,
            planned_departure=obj.planned_departure,
            acting_user=request.user,  # type: ignore[arg-type]
        )
        obj.pk = saved.pk


@admin.register(Incident)
class IncidentAdmin(AuditedAdmin):
    list_display = ["person", "kind", "occurred_at", "status", "spip_informed_at"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["person", "measure", "night_check"]
