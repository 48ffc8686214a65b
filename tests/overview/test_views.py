import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CapacityPeriodFactory, PersonFactory, StayFactory


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_establishment_page_lists_who_is_here_today_with_occupancy(client, world):
    today = datetime.date.today()
    StayFactory(person=PersonFactory(last_name="Présent"), service=world.shelter_a, start_date=today)
    StayFactory(
        person=PersonFactory(last_name="Parti"),
        service=world.shelter_a,
        start_date=today - datetime.timedelta(days=3),
        end_date=today,  # left this morning: not here tonight
        exit_reason="abandon",
        exit_housing="rue",
        exit_activity="inconnu",
    )
    CapacityPeriodFactory(service=world.shelter_a, start_date=today - datetime.timedelta(days=1), places=4)
    client.force_login(world.worker_a)
    body = client.get(reverse("overview:establishment", args=[world.est_a.pk])).content.decode()
    assert "PRÉSENT" in body and "PARTI" not in body
    assert "25,0 %" in body  # 1 present / 4 places in force today (winter period over the plain capacity of 2)


def test_establishment_page_queries_do_not_grow_with_people(client, world):
    client.force_login(world.worker_a)
    url = reverse("overview:establishment", args=[world.est_a.pk])
    few = _count_queries(client, url)
    for _ in range(20):
        StayFactory(person=PersonFactory(), service=world.chrs_a)
    assert _count_queries(client, url) == few


def test_person_page_queries_do_not_grow_with_the_record(client, world):
    client.force_login(world.worker_a)
    url = reverse("dossier:person", args=[world.person_a.pk])
    few = _count_queries(client, url)
    for i in range(10):
        StayFactory(
            person=world.person_a,
            service=world.shelter_a,
            start_date=datetime.date(2017, 1, 1) + datetime.timedelta(days=10 * i),
            end_date=datetime.date(2017, 1, 5) + datetime.timedelta(days=10 * i),
            exit_reason="autre",
            exit_housing="inconnu",
            exit_activity="inconnu",
        )
    assert _count_queries(client, url) == few
