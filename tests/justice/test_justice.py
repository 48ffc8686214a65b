import datetime

from django.urls import reverse

from audit.models import AuditEntry
from justice.models import JusticeMeasure
from tests.factories import JusticeMeasureFactory


def test_record_and_end_a_measure(client, world):
    client.force_login(world.worker_a)
    response = client.post(
        reverse("justice:create", args=[world.person_a.pk]),
        {"measure": "pse", "start_date": "2019-03-01", "outcome": "en_cours", "spip": "SPIP 80"},
    )
    assert response.status_code == 302
    measure = JusticeMeasure.objects.get(person=world.person_a)
    response = client.post(reverse("justice:end", args=[measure.pk]), {"end_date": "2019-09-01", "outcome": "terminee"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.end_date, measure.outcome) == (datetime.date(2019, 9, 1), "terminee")
    assert AuditEntry.objects.filter(object_type="justice.justicemeasure").count() == 2


def test_end_before_start_is_refused_in_french(client, world):
    measure = JusticeMeasureFactory(person=world.person_a)
    client.force_login(world.worker_a)
    body = client.post(
        reverse("justice:end", args=[measure.pk]), {"end_date": "2018-01-01", "outcome": "terminee"}
    ).content.decode()
    assert "est avant la date de début" in body


def test_measure_needs_start_date_except_past_conviction(client, world):
    client.force_login(world.worker_a)
    body = client.post(
        reverse("justice:create", args=[world.person_a.pk]), {"measure": "sme", "outcome": "en_cours"}
    ).content.decode()
    assert "La date de début est obligatoire" in body
    response = client.post(
        reverse("justice:create", args=[world.person_a.pk]),
        {"measure": "condamnation_anterieure", "outcome": "en_cours"},
    )
    assert response.status_code == 302
