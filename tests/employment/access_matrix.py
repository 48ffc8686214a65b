import datetime

from tests.access import row

D = datetime.date


def setup(world):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from employment.models import (
        ActivityPeriod,
        Cohort,
        CohortCandidate,
        CohortMember,
        Contract,
        SoaParticipant,
        SoaSession,
        TigPlacement,
    )
    from establishments.enums import Modality
    from stays.models import Stay
    from tests.factories import ServiceFactory

    w = world
    w.emp_workshop_a = ServiceFactory(establishment=w.est_a, name="Garage", modality=Modality.CONTRAT_INSERTION)
    w.emp_soa_service_a = ServiceFactory(establishment=w.est_a, name="SOA", modality=Modality.PROJET_PROFESSIONNEL)
    w.emp_path_a = Stay.objects.create(person=w.person_a, service=w.emp_workshop_a, start_date=D(2019, 4, 1))
    w.emp_contract_a = Contract.objects.create(
        stay=w.emp_path_a,
        kind="initial",
        start_date=D(2019, 4, 1),
        end_date=D(2030, 9, 30),
        planned_end_date=D(2030, 9, 30),
        weekly_hours=26,
    )
    w.emp_period_a = ActivityPeriod.objects.create(
        person=w.person_a, activity="recherche_emploi", start_date=D(2019, 1, 1)
    )
    w.emp_cohort_a = Cohort.objects.create(service=w.emp_workshop_a, name="AQI 2019", start_date=D(2019, 1, 7))
    w.emp_candidate_a = CohortCandidate.objects.create(
        cohort=w.emp_cohort_a, person=w.person_a, prescriber="spip", received_on=D(2019, 1, 2)
    )
    w.emp_member_a = CohortMember.objects.create(cohort=w.emp_cohort_a, person=w.person_a)
    w.emp_tig_a = TigPlacement.objects.create(
        person=w.person_a, service=w.emp_workshop_a, start_date=D(2019, 5, 1), hours_ordered=105, spip="SPIP 80"
    )
    w.emp_soa_a = SoaSession.objects.create(
        service=w.emp_soa_service_a, name="SOA printemps", start_date=D(2019, 3, 4), end_date=D(2019, 5, 3)
    )
    soa_stay = Stay.objects.create(person=w.person_a, service=w.emp_soa_service_a, start_date=D(2019, 3, 4))
    w.emp_participant_a = SoaParticipant.objects.create(session=w.emp_soa_a, person=w.person_a, stay=soa_stay)
    w.emp_month = timezone.localdate().replace(day=1)


def EST(w):  # noqa: N802
    return {"pk": w.est_a.pk}


def PERSON(w):  # noqa: N802
    return {"pk": w.person_a.pk}


def SHEET(w):  # noqa: N802
    return {"pk": w.emp_workshop_a.pk, "year": w.emp_month.year, "month": w.emp_month.month}


def pk(attr):  # type: ignore[no-untyped-def]
    return lambda w: {"pk": getattr(w, attr).pk}


# worker of A, worker of B, reception of A, head office, admin
READ = (200, 404, 403, 200, 200)
WRITE = (200, 404, 403, 403, 200)
HEAD = (403, 404, 403, 403, 200)  # validating / reopening a month sheet: the establishment head's (admin too)

ROWS = {
    "employment:board": row(EST, *READ),
    "employment:sheets": row(EST, *READ),
    "employment:sheet": row(SHEET, *READ),
    "employment:sheet_validate": row(SHEET, *HEAD),
    "employment:sheet_reopen": row(SHEET, *HEAD),
    "employment:sheet_csv": row(SHEET, *READ),
    "employment:sheet_xlsx": row(SHEET, *READ),
    "employment:hire": row(PERSON, *WRITE),
    "employment:path": row(pk("emp_path_a"), *READ),
    "employment:renew": row(pk("emp_path_a"), *WRITE),
    "employment:path_exit": row(pk("emp_path_a"), *WRITE),
    "employment:end_early": row(pk("emp_contract_a"), *WRITE),
    "employment:activity_create": row(PERSON, *WRITE),
    "employment:activity_update": row(pk("emp_period_a"), *WRITE),
    "employment:cohorts": row(EST, *READ),
    "employment:cohort_create": row(EST, *WRITE),
    "employment:cohort": row(pk("emp_cohort_a"), *READ),
    "employment:candidate_create": row(pk("emp_cohort_a"), *WRITE),
    "employment:candidate_decide": row(pk("emp_candidate_a"), *WRITE),
    "employment:candidate_enrol": row(pk("emp_candidate_a"), *WRITE),
    "employment:immersion_create": row(pk("emp_member_a"), *WRITE),
    "employment:member_exam": row(pk("emp_member_a"), *WRITE),
    "employment:tig_list": row(EST, *READ),
    "employment:tig_create": row(PERSON, *WRITE),
    "employment:tig": row(pk("emp_tig_a"), *READ),
    "employment:tig_session_create": row(pk("emp_tig_a"), *WRITE),
    "employment:tig_absence": row(pk("emp_tig_a"), *WRITE),
    "employment:tig_complete": row(pk("emp_tig_a"), *WRITE),
    "employment:tig_hire": row(pk("emp_tig_a"), *WRITE),
    "employment:soa_sessions": row(EST, *READ),
    "employment:soa_create": row(EST, *WRITE),
    "employment:soa": row(pk("emp_soa_a"), *READ),
    "employment:soa_enrol": row(pk("emp_soa_a"), *WRITE),
    "employment:soa_internship_create": row(pk("emp_participant_a"), *WRITE),
    "employment:soa_complete": row(pk("emp_participant_a"), *WRITE),
}
