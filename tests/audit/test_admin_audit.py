"""The back-office (`/admin/`) is audited like every other write (issue 11): many-to-many changes, inlines, deletions
one by one and in bulk; the places admins go through the places services."""

from __future__ import annotations

import datetime
from typing import Any

from django.forms import BaseForm
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse

from accounts.models import User
from admissions.models import RefusalReason
from audit.enums import AuditAction
from audit.models import AuditEntry
from establishments.models import CapacityPeriod
from places.models import Placement, Unit
from tests.factories import StayFactory, UnitFactory


def _form_data(form: BaseForm) -> dict[str, Any]:
    """What the browser would post for an unchanged form (checked boxes, selected options, split date fields)."""
    data: dict[str, Any] = {}
    for bound in form:
        if bound.field.disabled:
            continue
        widget: Any = bound.field.widget
        widget = getattr(widget, "widget", widget)  # the admin's RelatedFieldWidgetWrapper
        context = widget.get_context(bound.html_name, bound.value(), {})["widget"]
        for part in context.get("subwidgets", [context]):
            if part.get("type") == "checkbox":
                if part["attrs"].get("checked"):
                    data[part["name"]] = "on"
            elif part["value"] is not None:
                data[part["name"]] = part["value"]
    return data


def _page_data(response: HttpResponseBase) -> dict[str, Any]:
    """The change page's main form and its inlines (with their management forms), as posted unchanged."""
    context = response.context  # type: ignore[attr-defined]
    data = _form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data |= _form_data(formset.management_form)
        for form in formset.forms:
            data |= _form_data(form)
    return data


def _admin_client(client: Client, world: Any) -> Client:
    client.force_login(world.admin)
    return client


def test_admin_change_of_a_users_establishments_is_audited(client, world):
    _admin_client(client, world)
    url = reverse("admin:accounts_user_change", args=[world.worker_a.pk])
    data = _page_data(client.get(url))
    data["establishments"] = [str(world.est_a.pk), str(world.est_b.pk)]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(world.worker_a.establishments.all()) == {world.est_a, world.est_b}
    entries = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(world.worker_a.pk))
    (entry,) = [e for e in entries if "establishments" in e.changes]
    assert entry.action == AuditAction.UPDATE and entry.actor == world.admin
    assert entry.changes["establishments"] == [[world.est_a.pk], sorted([world.est_a.pk, world.est_b.pk])]


def test_admin_inline_changes_are_audited(client, world):
    _admin_client(client, world)
    url = reverse("admin:establishments_service_change", args=[world.chrs_a.pk])
    data = _page_data(client.get(url))
    data |= {
        "capacity_periods-TOTAL_FORMS": "1",
        "capacity_periods-0-start_date": "01/01/2020",
        "capacity_periods-0-places": "25",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    period = CapacityPeriod.objects.get(service=world.chrs_a)
    created = AuditEntry.objects.get(object_type="establishments.capacityperiod")
    assert (created.action, created.object_id, created.changes["places"]) == (
        AuditAction.CREATE,
        str(period.pk),
        [None, 25],
    )

    data = _page_data(client.get(url))
    data["capacity_periods-0-places"] = "30"
    assert client.post(url, data).status_code == 302
    changed = AuditEntry.objects.filter(object_type="establishments.capacityperiod").latest("pk")
    assert (changed.action, changed.changes) == (AuditAction.UPDATE, {"places": [25, 30]})

    data = _page_data(client.get(url))
    data["capacity_periods-0-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert not CapacityPeriod.objects.exists()
    deleted = AuditEntry.objects.filter(object_type="establishments.capacityperiod").latest("pk")
    assert (deleted.action, deleted.object_id) == (AuditAction.DELETE, str(period.pk))


def test_admin_deletion_is_logged_as_delete(client, world):
    reason = RefusalReason.objects.create(label="Motif d'essai")
    _admin_client(client, world)
    response = client.post(reverse("admin:admissions_refusalreason_delete", args=[reason.pk]), {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_type="admissions.refusalreason")
    assert (entry.action, entry.object_id, entry.object_repr) == (AuditAction.DELETE, str(reason.pk), "Motif d'essai")
    assert entry.changes["label"] == ["Motif d'essai", None]


def test_admin_bulk_deletion_is_audited(client, world):
    reasons = [RefusalReason.objects.create(label=label) for label in ("Motif d'essai 1", "Motif d'essai 2")]
    _admin_client(client, world)
    response = client.post(
        reverse("admin:admissions_refusalreason_changelist"),
        {"action": "delete_selected", "_selected_action": [r.pk for r in reasons], "post": "yes"},
    )
    assert response.status_code == 302
    assert not RefusalReason.objects.filter(pk__in=[r.pk for r in reasons]).exists()
    entries = AuditEntry.objects.filter(object_type="admissions.refusalreason")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(str(r.pk) for r in reasons)
    assert set(entries.values_list("action", flat=True)) == {AuditAction.DELETE}


def test_unit_admin_goes_through_the_places_service(client, world):
    unit = UnitFactory(service=world.chrs_a, name="Ch. 1", places=2)
    StayFactory(service=world.chrs_a, start_date=datetime.date(2019, 1, 1))
    stay = StayFactory(service=world.chrs_a, start_date=datetime.date(2019, 1, 1))
    Placement.objects.create(stay=stay, unit=unit)
    _admin_client(client, world)
    url = reverse("admin:places_unit_change", args=[unit.pk])
    data = _page_data(client.get(url))
    data.pop("active")  # unit_save refuses to take out of service a unit somebody sleeps in
    response = client.post(url, data, follow=True)
    assert Unit.objects.get(pk=unit.pk).active
    assert "occupent cette unité" in response.content.decode()
    assert not AuditEntry.objects.filter(object_type="places.unit").exists()

    data["active"] = "on"
    data["places"] = "3"
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(object_type="places.unit")
    assert (entry.action, entry.changes, entry.actor) == (AuditAction.UPDATE, {"places": [2, 3]}, world.admin)
    # No deletion from the back-office: a unit is taken out of service (unit_save), never deleted.
    assert client.post(reverse("admin:places_unit_delete", args=[unit.pk]), {"post": "yes"}).status_code == 403


def test_placement_admin_goes_through_the_places_service(client, world):
    full = UnitFactory(service=world.chrs_a, name="Ch. 1", places=1)
    free = UnitFactory(service=world.chrs_a, name="Ch. 2", places=1)
    occupant = StayFactory(service=world.chrs_a, start_date=datetime.date(2019, 1, 1))
    Placement.objects.create(stay=occupant, unit=full)
    placement = Placement.objects.create(stay=world.stay_a, unit=free)
    _admin_client(client, world)
    url = reverse("admin:places_placement_change", args=[placement.pk])
    data = _page_data(client.get(url))
    data["unit"] = str(full.pk)  # placement_set refuses a full unit
    response = client.post(url, data, follow=True)
    assert Placement.objects.get(pk=placement.pk).unit == free
    assert "complet" in response.content.decode()

    data["unit"] = str(free.pk)
    data["planned_departure"] = "30/06/2019"
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(object_type="places.placement")
    assert entry.changes == {"planned_departure": [None, "2019-06-30"]} and entry.person == world.person_a


def test_admin_password_change_is_audited(client, world):
    _admin_client(client, world)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[world.worker_a.pk]),
        {
            "usable_password": "true",
            "password1": "un-nouveau-mot-de-passe-42",
            "password2": "un-nouveau-mot-de-passe-42",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=world.worker_a.pk).check_password("un-nouveau-mot-de-passe-42")
    entry = AuditEntry.objects.get(object_type="accounts.user")
    assert entry.action == AuditAction.UPDATE and "mot de passe" in entry.detail and entry.actor == world.admin


def test_admin_deletion_of_an_incident_shows_in_the_persons_log(client, world):
    from django.utils import timezone

    from places.enums import IncidentKind
    from places.models import Incident

    incident = Incident.objects.create(
        person=world.person_a, establishment=world.est_a, kind=IncidentKind.values[0], occurred_at=timezone.now()
    )
    _admin_client(client, world)
    response = client.post(reverse("admin:places_incident_delete", args=[incident.pk]), {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_type="places.incident")
    assert (entry.action, entry.person) == (AuditAction.DELETE, world.person_a)


def test_a_user_created_in_the_back_office_is_audited_without_the_password_hash(client, world):
    _admin_client(client, world)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "nouvelle",
            "usable_password": "true",
            "password1": "un-mot-de-passe-solide-42",
            "password2": "un-mot-de-passe-solide-42",
            "role": "travailleur_social",
            "establishments": [str(world.est_a.pk)],
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="nouvelle")
    created = AuditEntry.objects.get(object_type="accounts.user", object_id=str(user.pk), action=AuditAction.CREATE)
    assert "password" not in created.changes and user.password not in str(created.changes)
    assert created.changes["username"] == [None, "nouvelle"]
