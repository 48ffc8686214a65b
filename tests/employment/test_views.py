"""The pages as a user notices them: the warn-then-confirm flow without JavaScript, the month sheet, the workshop
board (constant queries), the person's file, the establishment page's links."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from employment import services
from employment.models import Contract, WorkHours
from establishments.enums import Modality
from stays.models import Stay
from tests.employment.conftest import hire
from tests.factories import JusticeMeasureFactory, PersonFactory, ServiceFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _hire_post(w, **fields):  # type: ignore[no-untyped-def]
    data = {
        "service": w.restaurant_a.pk,
        "start_date": "2019-04-01",
        "end_date": "2019-09-30",
        "weekly_hours": "15",
        "position": "Plongeur",
        "agreement_reference": "PASS IAE 1",
        "acknowledged": "",
    }
    data.update(fields)
    return data


def test_a_worker_sees_the_warning_and_cannot_override_it(client, ins):
    client.force_login(ins.worker_a)
    url = reverse("employment:hire", args=[ins.person_a.pk])
    page = client.post(url, _hire_post(ins)).content.decode()
    assert "15 heures par semaine" in page and "rien n'est encore enregistré" in page
    assert "Seul un chef d'établissement peut passer outre" in page
    assert 'name="override_reason"' not in page
    assert 'name="acknowledged" value="heures_moins_20"' in page
    assert not Contract.objects.exists() and not Stay.objects.filter(service=ins.restaurant_a).exists()
    # an override reason sent anyway is not even read: the warning stands, nothing is saved
    page = client.post(
        url, _hire_post(ins, acknowledged="heures_moins_20", override_reason="Je passe outre")
    ).content.decode()
    assert "Seul un chef d'établissement peut passer outre" in page
    assert not Contract.objects.exists()


def test_the_head_confirms_with_a_second_post_and_a_reason(client, ins):
    client.force_login(ins.head_a)
    url = reverse("employment:hire", args=[ins.person_a.pk])
    page = client.post(url, _hire_post(ins)).content.decode()
    assert 'name="override_reason"' in page and "Passer outre et enregistrer" in page
    page = client.post(url, _hire_post(ins, acknowledged="heures_moins_20", override_reason="")).content.decode()
    assert "Écrivez le motif pour passer outre." in page
    assert not Contract.objects.exists()
    response = client.post(
        url, _hire_post(ins, acknowledged="heures_moins_20", override_reason="Temps partiel thérapeutique.")
    )
    contract = Contract.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("employment:path", args=[contract.stay_id])
    assert contract.override_reason == "Temps partiel thérapeutique." and contract.overridden_by == ins.head_a
    page = client.get(response["Location"]).content.decode()
    assert "Temps partiel thérapeutique." in page and "passé(s) outre" in page


def test_a_hard_error_names_the_field(client, ins):
    client.force_login(ins.head_a)
    page = client.post(
        reverse("employment:hire", args=[ins.person_a.pk]), _hire_post(ins, end_date="2019-03-01", weekly_hours="26")
    ).content.decode()
    assert "« Fin » (01/03/2019) est avant « Début » (01/04/2019)." in page
    assert not Stay.objects.filter(service=ins.restaurant_a).exists()


def test_the_month_sheet_is_filled_in_one_post_and_validated_by_the_head(client, ins):
    c1 = hire(ins)
    bob = PersonFactory(last_name="Zola", first_name="Bob")
    c2 = hire(ins, bob)
    url = reverse("employment:sheet", args=[ins.restaurant_a.pk, 2019, 5])
    client.force_login(ins.worker_a)
    page = client.get(url).content.decode()
    assert f'name="hours_{c1.pk}"' in page and f'<label class="sr-only" for="id_hours_{c2.pk}">' in page
    assert "Valider la feuille" not in page  # the head's
    response = client.post(
        url,
        {
            f"hours_{c1.pk}": "98,5",
            f"absence_hours_{c1.pk}": "7",
            f"absence_reason_{c1.pk}": "maladie",
            f"hours_{c2.pk}": "112",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert WorkHours.objects.get(contract=c1).hours == Decimal("98.5")
    page = client.get(url).content.decode()
    assert "210,50" in page  # the workshop's total
    client.force_login(ins.head_a)
    assert "Valider la feuille" in client.get(url).content.decode()
    response = client.post(reverse("employment:sheet_validate", args=[ins.restaurant_a.pk, 2019, 5]))
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Feuille validée" in page and f'name="hours_{c1.pk}"' not in page and "Rouvrir la feuille" in page
    client.force_login(ins.worker_a)
    page = client.post(url, {f"hours_{c1.pk}": "1", f"hours_{c2.pk}": "1"}).content.decode()
    assert WorkHours.objects.get(contract=c1).hours == Decimal("98.5")


def test_the_sheet_navigation_answers_htmx_with_the_sheet_only(client, ins):
    hire(ins)
    client.force_login(ins.worker_a)
    url = reverse("employment:sheet", args=[ins.restaurant_a.pk, 2019, 5])
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<h1>Heures de mai 2019" in partial and "<html" not in partial


def test_the_payroll_file_downloads(client, ins):
    hire(ins)
    client.force_login(ins.head_office)
    response = client.get(reverse("employment:sheet_csv", args=[ins.restaurant_a.pk, 2019, 5]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="heures-{ins.restaurant_a.pk}-2019-05-non-validee.csv"'
    )
    assert "Commis de cuisine" in response.content.decode("utf-8-sig")


def test_the_workshop_board_in_a_constant_number_of_queries(client, ins, django_assert_max_num_queries):
    today = timezone.localdate()
    month = today.replace(day=1)

    def employ(n):  # type: ignore[no-untyped-def]
        for _ in range(n):
            person = PersonFactory()
            JusticeMeasureFactory(person=person, measure="sme", start_date=D(2018, 1, 1), spip="SPIP 80")
            contract = hire(
                ins,
                person,
                start_date=today - datetime.timedelta(days=10),
                end_date=today + datetime.timedelta(days=20),
            )
            services.month_sheet_save(
                service=ins.restaurant_a,
                month=month,
                lines={contract.pk: services.HoursLine(hours=Decimal("35"))},
                acting_user=ins.worker_a,
            )

    url = reverse("employment:board", args=[ins.est_a.pk])
    client.force_login(ins.worker_a)
    employ(2)
    with django_assert_max_num_queries(40) as few:
        page = client.get(url).content.decode()
    assert "Renouvellements à décider" in page and "Sursis avec mise à l&#x27;épreuve" in page and "SPIP 80" in page
    employ(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("SPIP 80") == 10 and "350,00" in page


def test_the_person_file_shows_work_and_training_on_the_timeline(client, ins):
    contract = hire(ins)
    services.contract_renew(
        stay=contract.stay,
        start_date=D(2019, 10, 1),
        end_date=D(2020, 3, 31),
        weekly_hours=26,
        acting_user=ins.worker_a,
    )
    services.activity_period_record(
        person=ins.person_a, activity="recherche_emploi", start_date=D(2019, 1, 2), acting_user=ins.worker_a
    )
    client.force_login(ins.worker_a)
    page = client.get(reverse("dossier:person", args=[ins.person_a.pk])).content.decode()
    assert "Travail et formation" in page
    assert "Contrat d&#x27;insertion : Restaurant L&#x27;Îlot Gourmand" in page
    assert "Renouvellement du contrat : Restaurant" in page
    assert "Activité : Recherche d&#x27;emploi" in page
    client.force_login(ins.reception_a)
    page = client.get(reverse("dossier:person", args=[ins.person_a.pk])).content.decode()
    assert "Travail et formation" not in page and "Renouvellement du contrat" not in page


def test_the_establishment_page_links_the_work_pages_where_it_has_such_services(client, ins):
    client.force_login(ins.worker_a)
    page = client.get(reverse("overview:establishment", args=[ins.est_a.pk])).content.decode()
    for name in ("board", "sheets", "cohorts", "soa_sessions", "tig_list"):
        assert reverse(f"employment:{name}", args=[ins.est_a.pk]) in page
    client.force_login(ins.worker_b)  # Chemin Vert in this world: a workshop, no career-project service
    page = client.get(reverse("overview:establishment", args=[ins.est_b.pk])).content.decode()
    assert reverse("employment:board", args=[ins.est_b.pk]) in page
    assert reverse("employment:soa_sessions", args=[ins.est_b.pk]) not in page
    client.force_login(ins.reception_a)
    page = client.get(reverse("overview:establishment", args=[ins.est_a.pk])).content.decode()
    assert "/insertion/" not in page


def test_an_establishment_without_workshops_links_only_tig(client, world):
    ServiceFactory(establishment=world.est_a, modality=Modality.HEBERGEMENT_URGENCE)
    client.force_login(world.worker_a)
    page = client.get(reverse("overview:establishment", args=[world.est_a.pk])).content.decode()
    assert reverse("employment:tig_list", args=[world.est_a.pk]) in page
    assert reverse("employment:board", args=[world.est_a.pk]) not in page


def test_the_insertion_stay_closes_through_the_path_exit(client, ins):
    contract = hire(ins)
    client.force_login(ins.worker_a)
    page = client.get(reverse("dossier:person", args=[ins.person_a.pk])).content.decode()
    assert reverse("employment:path_exit", args=[contract.stay_id]) in page
    assert reverse("stays:close", args=[contract.stay_id]) not in page
    assert reverse("stays:close", args=[ins.stay_a.pk]) in page  # the CHRS stay keeps its own close


def test_unticking_both_exam_boxes_is_a_submission(client, ins):
    from tests.factories import CohortFactory, CohortMemberFactory

    cohort = CohortFactory(service=ins.restaurant_a, exam_date=D(2019, 9, 5))
    member = CohortMemberFactory(cohort=cohort, sat_exam=True, graduated=False)
    client.force_login(ins.worker_a)
    response = client.post(reverse("employment:member_exam", args=[member.pk]), {})
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.sat_exam
