"""The establishment's live page: each block for the roles that may see it, in a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from domiciliation.models import Domiciliation
from establishments.enums import Modality
from places.models import Incident
from reception import services as reception
from tests.factories import AdmissionRequestFactory, JusticeMeasureFactory, PersonFactory, ServiceFactory, StayFactory

pytestmark = pytest.mark.django_db


def _house(world):
    today = timezone.localdate()
    day = ServiceFactory(establishment=world.est_a, name="Accueil de jour", modality=Modality.ACCUEIL_JOUR)
    AdmissionRequestFactory(person=PersonFactory(last_name="Attente"), service=world.chrs_a)
    Incident.objects.create(
        person=world.person_a,
        establishment=world.est_a,
        measure=JusticeMeasureFactory(person=world.person_a),
        kind="absence_nuit",
        occurred_at=timezone.now(),
    )
    reception.desk_tap(
        establishment=world.est_a, service=day, kind="repas", day=today, person=world.person_a, acting_user=world.admin
    )
    Domiciliation.objects.create(
        person=PersonFactory(),  # no contact since the decision, 350 days ago
        service=day,
        requested_on=today - datetime.timedelta(days=380),
        requester="spip",
        decision="acceptee",
        decided_on=today - datetime.timedelta(days=350),
        start_date=today - datetime.timedelta(days=350),
        end_date=today + datetime.timedelta(days=10),
    )
    return day


def _page(client, user, world):
    client.force_login(user)
    return client.get(reverse("overview:establishment", args=[world.est_a.pk])).content.decode()


def test_each_block_for_the_roles_that_may_see_it(client, world):
    _house(world)
    body = _page(client, world.worker_a, world)
    assert "Demandes en attente de commission (1)" in body and "ATTENTE" in body
    assert "Incidents à examiner (1)" in body
    assert "Contrats de séjour et documents en retard" in body
    assert 'data-testid="live-persons">1<' in body
    assert "1 expire(nt) dans les 30 jours" in body and "1 radiation(s) à décider" in body
    body = _page(client, world.reception_a, world)
    assert "Cette nuit" in body and 'data-testid="live-persons">1<' in body and "1 expire(nt)" in body
    assert "Demandes en attente" not in body and "Incidents" not in body and "documents en retard" not in body
    assert "ATTENTE" not in body


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_live_page_queries_do_not_grow_with_the_house(client, world):
    day = _house(world)
    client.force_login(world.worker_a)
    url = reverse("overview:establishment", args=[world.est_a.pk])
    few = _count(client, url)
    today = timezone.localdate()
    for i in range(8):
        person = PersonFactory()
        StayFactory(person=person, service=world.chrs_a)
        AdmissionRequestFactory(service=world.chrs_a)
        reception.desk_tap(
            establishment=world.est_a, service=day, kind="douche", day=today, person=person, acting_user=world.admin
        )
        Domiciliation.objects.create(
            person=person,
            service=day,
            requested_on=today - datetime.timedelta(days=200 + i),
            requester="personne",
            decision="acceptee",
            decided_on=today - datetime.timedelta(days=200),
            start_date=today - datetime.timedelta(days=200),
            end_date=today + datetime.timedelta(days=20),
        )
    assert _count(client, url) == few
