"""AQI cohorts: recruitment (candidates, prescribers, decisions), enrolment through the hire service, immersions, the
exam, and the cohort's figures computed from the records (hand-computed here)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from employment import services
from employment.figures import age_on, cohort_figures, justice_linked
from employment.models import CohortMember, Contract
from establishments.enums import Modality
from justice.models import JusticeMeasure
from stays.models import Stay
from tests.factories import CohortMemberFactory, JusticeMeasureFactory, PersonFactory, ServiceFactory, StayFactory

pytestmark = pytest.mark.django_db
D = datetime.date
START = D(2019, 1, 7)


@pytest.fixture
def aqi(ins):  # type: ignore[no-untyped-def]
    ins.aqi = ServiceFactory(establishment=ins.est_a, name="AQI Amiens", modality=Modality.CONTRAT_INSERTION)
    ins.cohort = services.cohort_create(
        service=ins.aqi,
        name="AQI Amiens — promotion 2019",
        start_date=START,
        end_date=D(2019, 9, 13),
        exam_date=D(2019, 9, 5),
        diploma_title="Agent de restauration collective",
        acting_user=ins.worker_a,
    )
    return ins


def _enrol(w, person, *, prescriber="spip", **fields):  # type: ignore[no-untyped-def]
    candidate = services.candidate_add(
        cohort=w.cohort, person=person, prescriber=prescriber, received_on=D(2018, 12, 1), acting_user=w.worker_a
    )
    services.candidate_decide(
        candidate=candidate, decision="retenu", decided_on=D(2018, 12, 10), acting_user=w.worker_a
    )
    values: dict[str, Any] = {"start_date": START, "end_date": D(2019, 9, 13), "weekly_hours": 26}
    values.update(fields)
    return services.candidate_enrol(candidate=candidate, acting_user=w.worker_a, **values)


def test_a_cohort_is_held_at_a_site_that_takes_contracts(ins):
    with pytest.raises(ValidationError) as exc:
        services.cohort_create(service=ins.chrs_a, name="X", start_date=START, acting_user=ins.worker_a)
    assert "service" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.cohort_create(
            service=ins.restaurant_a, name="X", start_date=START, exam_date=D(2018, 1, 1), acting_user=ins.worker_a
        )
    assert "en dehors de la promotion" in exc.value.message_dict["exam_date"][0]


def test_enrolment_opens_the_training_path_and_its_cddi(aqi):
    member = _enrol(aqi, aqi.person_a, prescriber="france_travail")
    assert member.stay.service == aqi.aqi and member.stay.start_date == START
    contract = Contract.objects.get(stay=member.stay)
    assert (contract.kind, contract.weekly_hours, contract.end_date) == ("initial", 26, D(2019, 9, 13))
    assert member.candidate.prescriber == "france_travail"
    assert AuditEntry.objects.filter(object_type="employment.cohortmember", person=aqi.person_a).count() == 1


def test_only_a_retained_candidate_is_enrolled_and_nothing_is_half_saved(aqi):
    candidate = services.candidate_add(
        cohort=aqi.cohort, person=aqi.person_a, prescriber="plie", received_on=D(2018, 12, 1), acting_user=aqi.worker_a
    )
    counts = (Stay.objects.count(), Contract.objects.count(), CohortMember.objects.count())
    with pytest.raises(ValidationError, match="retenu"):
        services.candidate_enrol(
            candidate=candidate, start_date=START, end_date=D(2019, 9, 13), weekly_hours=26, acting_user=aqi.worker_a
        )
    services.candidate_decide(
        candidate=candidate, decision="retenu", decided_on=D(2018, 12, 2), acting_user=aqi.worker_a
    )
    with pytest.raises(ValidationError):  # 36 hours: a hard error from the hire, after nothing was written
        services.candidate_enrol(
            candidate=candidate, start_date=START, end_date=D(2019, 9, 13), weekly_hours=36, acting_user=aqi.worker_a
        )
    assert (Stay.objects.count(), Contract.objects.count(), CohortMember.objects.count()) == counts


def test_recruitment_rules(aqi):
    candidate = services.candidate_add(
        cohort=aqi.cohort, person=aqi.person_a, prescriber="spip", received_on=D(2018, 12, 1), acting_user=aqi.worker_a
    )
    with pytest.raises(ValidationError, match="déjà candidat"):
        services.candidate_add(
            cohort=aqi.cohort,
            person=aqi.person_a,
            prescriber="spip",
            received_on=D(2018, 12, 1),
            acting_user=aqi.worker_a,
        )
    with pytest.raises(ValidationError) as exc:
        services.candidate_add(
            cohort=aqi.cohort,
            person=PersonFactory(),
            prescriber="jap",
            received_on=D(2018, 12, 1),
            acting_user=aqi.worker_a,
        )
    assert "Prescripteur" in exc.value.message_dict["prescriber"][0]
    with pytest.raises(ValidationError) as exc:
        services.candidate_decide(
            candidate=candidate, decision="retenu", decided_on=D(2018, 11, 30), acting_user=aqi.worker_a
        )
    assert "avant la réception" in exc.value.message_dict["decided_on"][0]


def test_immersions_and_the_exam(aqi):
    member = _enrol(aqi, aqi.person_a)
    services.immersion_add(
        member=member,
        company="Cuisine centrale d'Amiens",
        tutor="M. Caron",
        start_date=D(2019, 4, 1),
        end_date=D(2019, 4, 12),
        acting_user=aqi.worker_a,
    )
    with pytest.raises(ValidationError, match="en dehors des dates"):
        services.immersion_add(
            member=member, company="X", start_date=D(2019, 9, 1), end_date=D(2019, 9, 20), acting_user=aqi.worker_a
        )
    with pytest.raises(ValidationError) as exc:
        services.member_exam_record(member=member, sat_exam=False, graduated=True, acting_user=aqi.worker_a)
    assert "graduated" in exc.value.message_dict
    services.member_exam_record(member=member, sat_exam=True, graduated=True, acting_user=aqi.worker_a)
    member.refresh_from_db()
    assert member.sat_exam and member.graduated and member.immersions.count() == 1


def test_the_exam_cannot_be_recorded_before_it_took_place(ins):
    aqi = ServiceFactory(establishment=ins.est_a, modality=Modality.CONTRAT_INSERTION)
    cohort = services.cohort_create(
        service=aqi, name="Future", start_date=START, exam_date=D(2099, 6, 1), acting_user=ins.worker_a
    )
    member = CohortMemberFactory(cohort=cohort)
    with pytest.raises(ValidationError, match="pas encore eu lieu"):
        services.member_exam_record(member=member, sat_exam=True, graduated=False, acting_user=ins.worker_a)


def _close(w, member, activity):  # type: ignore[no-untyped-def]
    services.path_exit(
        stay=member.stay,
        end_date=D(2019, 9, 13),
        exit_reason="fin_accompagnement",
        exit_housing="inconnu",
        exit_activity=activity,
        acting_user=w.worker_a,
    )


def test_the_cohort_figures_from_the_records(aqi):
    a = PersonFactory(sex="F", birth_date=D(1985, 6, 15))  # 33 on 7 January 2019
    b = PersonFactory(sex="M", birth_date=D(1990, 1, 7))  # 29 that very day
    c = PersonFactory(sex="M", birth_date=D(1990, 1, 8))  # 28, one day short
    d = PersonFactory(sex="F", birth_date=None)  # unknown
    e = PersonFactory(sex="M", birth_date=D(1969, 2, 28))  # 49
    JusticeMeasureFactory(person=a, measure="pse", start_date=D(2018, 12, 1), end_date=None)  # in force
    JusticeMeasureFactory(person=b, measure="sme", start_date=D(2017, 1, 1), end_date=D(2018, 7, 8))  # 183 days
    JusticeMeasureFactory(person=c, measure="sme", start_date=D(2017, 1, 1), end_date=D(2018, 7, 7))  # 184 days
    JusticeMeasureFactory(person=d, measure="condamnation_anterieure", start_date=None, end_date=None)
    members = {p: _enrol(aqi, p) for p in (a, b, c, d, e)}
    for p, sat, graduated in ((a, True, True), (b, True, True), (c, True, False), (e, True, True)):
        services.member_exam_record(member=members[p], sat_exam=sat, graduated=graduated, acting_user=aqi.worker_a)
    _close(aqi, members[a], "cdi")
    _close(aqi, members[b], "formation_qualifiante")
    _close(aqi, members[c], "recherche_emploi")
    _close(aqi, members[e], "embauche_iae")

    f = cohort_figures(aqi.cohort, today=D(2019, 12, 31))
    assert (f.recruited, f.sat_exam, f.graduated) == (5, 4, 3)
    assert f.sat_exam_share == Decimal("80.0") and f.graduated_share == Decimal("75.0")
    assert f.with_age == 4 and f.mean_age == Decimal("34.8")  # (33 + 29 + 28 + 49) / 4 = 34.75
    assert (f.women, f.women_share) == (2, Decimal("40.0"))
    assert (f.justice, f.justice_share) == (3, Decimal("60.0"))  # a (in force), b (183 days), d (past conviction)
    assert (f.left, f.positive, f.positive_share) == (4, 3, Decimal("60.0"))  # cdi, training, IAE hire


def test_an_imported_member_without_a_stay_link_is_found_by_their_stay_in_the_site(aqi):
    person = PersonFactory()
    StayFactory(
        person=person,
        service=aqi.aqi,
        start_date=D(2019, 1, 7),
        end_date=D(2019, 9, 13),
        exit_reason="fin_accompagnement",
        exit_housing="inconnu",
        exit_activity="cdd_moins_6_mois",
    )
    CohortMemberFactory(cohort=aqi.cohort, person=person, sat_exam=True, graduated=True)
    f = cohort_figures(aqi.cohort)
    assert (f.recruited, f.left, f.positive) == (1, 1, 1)


def test_cohort_figures_in_a_constant_number_of_queries(aqi, django_assert_num_queries):
    for _ in range(3):
        _enrol(aqi, PersonFactory())
    with django_assert_num_queries(2):
        cohort_figures(aqi.cohort)
    for _ in range(3):
        CohortMemberFactory(cohort=aqi.cohort)  # imported, no stay: one query more to look their stays up
    with django_assert_num_queries(3):
        cohort_figures(aqi.cohort)


def test_age_and_justice_link_edges():
    assert age_on(D(2000, 2, 29), D(2019, 2, 28)) == 18
    assert age_on(D(2000, 2, 29), D(2019, 3, 1)) == 19
    same_day = JusticeMeasure(measure="sme", start_date=D(2019, 3, 1), end_date=D(2019, 3, 1))
    assert not justice_linked([same_day], D(2019, 2, 1), D(2019, 2, 28))  # in force on no day, ended after
    assert justice_linked([same_day], D(2019, 3, 2), D(2019, 6, 1))  # ...but it ended 1 day before this stay
    later = JusticeMeasure(measure="sme", start_date=D(2019, 7, 1), end_date=None)
    assert not justice_linked([later], D(2019, 3, 2), D(2019, 6, 1))
    ends_on_first_day = JusticeMeasure(measure="pse", start_date=D(2019, 1, 1), end_date=D(2019, 3, 2))
    assert justice_linked([ends_on_first_day], D(2019, 3, 2), D(2019, 6, 1))  # ended 0 days before the start


def test_a_candidate_sent_by_the_spip_is_visible_to_the_site_before_any_stay(aqi):
    from people.models import Person

    outsider = PersonFactory()
    assert not Person.objects.visible_to(aqi.worker_a).filter(pk=outsider.pk).exists()
    services.candidate_add(
        cohort=aqi.cohort, person=outsider, prescriber="spip", received_on=D(2018, 12, 1), acting_user=aqi.admin
    )
    assert Person.objects.visible_to(aqi.worker_a).filter(pk=outsider.pk).exists()
    assert not Person.objects.visible_to(aqi.worker_b).filter(pk=outsider.pk).exists()
