"""Requests, commission, outcomes: what an establishment head sees change."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from admissions import services
from admissions.funnel import funnel, received_during
from admissions.models import AdmissionRequest, RefusalReason
from audit.models import AuditEntry
from establishments.enums import Modality
from places.models import Placement
from reports.scope import Scope
from reports.services import activity_report
from tests.factories import AdmissionRequestFactory, PersonFactory, ServiceFactory, UnitFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _record(world, **kw):
    person = kw.pop("person", None) or PersonFactory(home_establishment=world.est_a)
    return services.request_record(
        person=person,
        service=kw.pop("service", world.chrs_a),
        received_on=kw.pop("received_on", D(2019, 2, 1)),
        prescriber=kw.pop("prescriber", "spip"),
        acting_user=world.worker_a,
        **kw,
    )


def test_request_record_is_audited_and_keeps_interchange_fields(world):
    r = _record(world, organisation="SPIP de la Somme", contact="Mme Roux", priority="urgente")
    assert (r.decision, r.outcome) == ("en_attente", "en_attente")
    assert AuditEntry.objects.filter(object_type="admissions.admissionrequest", object_id=str(r.pk)).exists()


def test_pending_oldest_first(world):
    late = _record(world, received_on=D(2019, 3, 1))
    early = _record(world, received_on=D(2019, 1, 5))
    assert list(services.pending_requests(world.est_a)) == [early, late]
    assert list(services.pending_requests(world.est_b)) == []


def test_commission_session_decides_each_request(world):
    fav, unfav, reo = _record(world), _record(world), _record(world)
    reason = RefusalReason.objects.first()
    session = services.commission_session_record(
        establishment=world.est_a,
        date=D(2019, 2, 15),
        members="Directrice, cheffe de service, CIP",
        decisions=[
            services.SessionDecision(request=fav, choice="favorable", expected_arrival=D(2019, 3, 1)),
            services.SessionDecision(request=unfav, choice="defavorable", refusal_reason=reason),
            services.SessionDecision(request=reo, choice="reorientation", to_service=world.shelter_a),
        ],
        acting_user=world.worker_a,
    )
    fav.refresh_from_db(), unfav.refresh_from_db(), reo.refresh_from_db()
    assert (fav.decision, fav.expected_arrival, fav.session) == ("favorable", D(2019, 3, 1), session)
    assert (unfav.decision, unfav.refusal_reason) == ("defavorable", reason)
    assert (reo.decision, reo.outcome, reo.reoriented_to_service) == ("favorable", "reoriente", world.shelter_a)
    new = reo.reoriented_request
    assert (new.service, new.person, new.decision, new.received_on) == (
        world.shelter_a,
        reo.person,
        "en_attente",
        D(2019, 2, 15),
    )


def test_unfavourable_needs_a_reason_and_session_is_all_or_nothing(world):
    ok, bad = _record(world), _record(world)
    with pytest.raises(ValidationError) as exc:
        services.commission_session_record(
            establishment=world.est_a,
            date=D(2019, 2, 15),
            members="Direction",
            decisions=[
                services.SessionDecision(request=ok, choice="favorable"),
                services.SessionDecision(request=bad, choice="defavorable"),
            ],
            acting_user=world.worker_a,
        )
    assert f"refusal_reason_{bad.pk}" in exc.value.message_dict
    ok.refresh_from_db()
    assert ok.decision == "en_attente"


def test_admit_opens_the_stay_in_a_unit_household_included(world):
    unit = UnitFactory(service=world.chrs_a, name="12", places=2)
    r = _record(world)
    services.commission_decide(
        request=r,
        choice="favorable",
        decided_on=D(2019, 2, 10),
        expected_arrival=D(2019, 3, 4),
        acting_user=world.worker_a,
    )
    partner = PersonFactory()
    stay = services.request_admit(
        request=r, start_date=D(2019, 3, 4), household_members=[(partner, "conjoint")], acting_user=world.worker_a
    )
    r.refresh_from_db()
    assert (r.outcome, r.outcome_on, r.stay) == ("admis", D(2019, 3, 4), stay)
    assert Placement.objects.filter(unit=unit).count() == 2
    assert stay.household is not None and stay.household.stays.count() == 2


def test_admit_refused_when_unit_full(world):
    unit = UnitFactory(service=world.chrs_a, name="1", places=1)
    first, second = _record(world), _record(world)
    for r in (first, second):
        services.commission_decide(request=r, choice="favorable", decided_on=D(2019, 2, 10), acting_user=world.worker_a)
    services.request_admit(request=first, start_date=D(2019, 3, 1), unit=unit, acting_user=world.worker_a)
    with pytest.raises(ValidationError, match="complet"):
        services.request_admit(request=second, start_date=D(2019, 3, 1), unit=unit, acting_user=world.worker_a)
    second.refresh_from_db()
    assert second.outcome == "en_attente"


def test_only_favourable_requests_are_admitted(world):
    r = _record(world)
    with pytest.raises(ValidationError):
        services.request_admit(request=r, start_date=D(2019, 3, 1), acting_user=world.worker_a)


def test_no_show_suggested_after_configured_days(world, settings):
    settings.PARCOURS_NO_SHOW_DAYS = 10
    r = _record(world)
    services.commission_decide(
        request=r,
        choice="favorable",
        decided_on=D(2019, 2, 10),
        expected_arrival=D(2019, 3, 1),
        acting_user=world.worker_a,
    )
    assert list(services.no_show_suggestions(world.est_a, D(2019, 3, 11))) == []
    assert list(services.no_show_suggestions(world.est_a, D(2019, 3, 12))) == [r]
    services.request_close(request=r, outcome="non_presente", on=D(2019, 3, 12), acting_user=world.worker_a)
    assert list(services.no_show_suggestions(world.est_a, D(2019, 3, 12))) == []


def test_withdrawn_before_commission(world):
    r = _record(world)
    services.request_close(request=r, outcome="desiste", on=D(2019, 2, 3), acting_user=world.worker_a)
    r.refresh_from_db()
    assert (r.decision, r.outcome) == ("en_attente", "desiste")


def test_contact_in_prison_before_any_request_is_visible_to_the_establishment(world):
    from people.models import Person

    d = services.contact_record(
        establishment=world.est_a,
        acting_user=world.worker_a,
        last_name="Durand",
        first_name="Yanis",
        sex="M",
        birth_date=D(1990, 1, 1),
        prison="Centre pénitentiaire de Liancourt",
        met_on=D(2019, 1, 10),
        met_at="forum",
    )
    assert Person.objects.visible_to(world.worker_a).filter(pk=d.person_id).exists()
    assert not Person.objects.visible_to(world.worker_b).filter(pk=d.person_id).exists()


def test_funnel_counts_the_records_like_the_report(world):
    """53 requests → 44 favourable, 9 unfavourable → 21 admitted, 3 reoriented, 20 no-shows (La Passerelle 2019)."""
    other = ServiceFactory(establishment=world.est_b, modality=Modality.HEBERGEMENT_URGENCE)
    for i in range(53):
        decision = "favorable" if i < 44 else "defavorable"
        outcome = "admis" if i < 21 else "reoriente" if i < 24 else "non_presente" if i < 44 else "en_attente"
        AdmissionRequestFactory(
            service=world.shelter_a,
            received_on=D(2019, 1, 1) + datetime.timedelta(days=i),
            decision=decision,
            decided_on=D(2019, 3, 1),
            outcome=outcome,
        )
    AdmissionRequestFactory(service=world.shelter_a, received_on=D(2018, 12, 31))  # previous year
    AdmissionRequestFactory(service=other, received_on=D(2019, 5, 1))  # another establishment
    section = funnel(received_during(2019).filter(service__establishment=world.est_a))
    assert section == activity_report(year=2019, scope=Scope.for_establishment(world.est_a)).admissions
    assert section.received == 53
    assert section.decisions == {"en_attente": 0, "favorable": 44, "defavorable": 9}
    assert (
        section.outcomes["admis"] == 21
        and section.outcomes["reoriente"] == 3
        and section.outcomes["non_presente"] == 20
    )
    assert AdmissionRequest.objects.count() == 55
