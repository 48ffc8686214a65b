import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.models import AuditEntry
from audit.services import audit_view
from establishments.enums import Modality
from stays.models import Stay
from stays.services import stay_transfer
from tests.factories import HouseholdFactory, ServiceFactory, StayFactory

D = datetime.date


def test_audit_log_cannot_be_updated_or_deleted_in_the_database(world):
    entry = audit_view(actor=world.worker_a, person=world.person_a)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(actor_label="someone else")
    if connection.vendor == "postgresql":  # on SQLite the test flush needs DELETE (see audit migration 0002)
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).actor_label == "worker_a"


def test_admin_browses_audit_per_person_and_per_user(client, world):
    audit_view(actor=world.worker_a, person=world.person_a)
    audit_view(actor=world.head_office, person=world.person_b)
    client.force_login(world.admin)
    body = client.get(reverse("audit:list"), {"personne": world.person_a.pk}).content.decode()
    assert "worker_a" in body and "siege" not in body
    body = client.get(reverse("audit:list"), {"utilisateur": world.head_office.pk}).content.decode()
    assert "siege" in body and "worker_a" not in body


def test_audit_admin_is_read_only(client, world):
    entry = audit_view(actor=world.worker_a, person=world.person_a)
    client.force_login(world.admin)
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_failed_write_leaves_no_audit_row(world):
    """A transfer writes step by step (close each mover's stay, then open the new ones), each write with its audit
    entry; when a later step is refused, the earlier writes and their audit entries are rolled back with it."""
    day_centre = ServiceFactory(establishment=world.est_a, modality=Modality.ACCUEIL_JOUR, capacity=None)
    household = HouseholdFactory()
    mover = StayFactory(service=day_centre, household=household, start_date=D(2019, 4, 1))
    partner = StayFactory(service=day_centre, household=household, household_role="conjoint", start_date=D(2019, 4, 1))
    StayFactory(person=partner.person, service=world.chrs_b, start_date=D(2019, 4, 1))  # hosted elsewhere already
    stays, entries = Stay.objects.count(), AuditEntry.objects.count()

    with pytest.raises(ValidationError, match="déjà hébergé"):  # the partner's new stay, the last step, is refused
        stay_transfer(
            stay=mover,
            to_service=world.chrs_a,
            date=D(2019, 6, 1),
            exit_housing="hebergement_insertion",
            exit_activity="inconnu",
            acting_user=world.worker_a,
        )

    assert (Stay.objects.count(), AuditEntry.objects.count()) == (stays, entries)
    assert list(Stay.objects.filter(pk__in=[mover.pk, partner.pk]).values_list("end_date", flat=True)) == [None, None]
    assert not Stay.objects.filter(service=world.chrs_a, person=mover.person).exists()


def test_back_office_writes_are_audited(client, world):
    client.force_login(world.admin)
    client.post(
        reverse("admin:establishments_establishment_change", args=[world.est_a.pk]),
        {
            "name": "CHRS Les Augustins (Amiens)",
            "city": "Amiens",
            "territory": "Somme",
            "source": "",
            "external_id": "augustins",
        },
    )
    entry = AuditEntry.objects.get(object_type="establishments.establishment")
    assert entry.changes["name"] == ["CHRS Les Augustins", "CHRS Les Augustins (Amiens)"]
    assert entry.actor == world.admin
