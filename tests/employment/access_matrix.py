import datetime

from tests.access import GET_ONLY, row

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


# worker of A, worker of B, reception of A, head office, admin. The pages that read answer 405 to a POST; a form
# posted empty is shown again with its errors (200) where the persona may write.
READ = (200, 404, 403, 200, 200)
WRITE = (200, 404, 403, 403, 200)
# Validating / reopening a month sheet: the establishment head's (User.is_establishment_head; the admin too), not
# the social worker's. `HEAD_A`: the head of A opens the form and, posted empty, sees it again with its errors.
HEAD = (403, 404, 403, 403, 200)
HEAD_A = (200, 200)

ROWS = {
    "employment:board": row(EST, *READ, post=GET_ONLY),
    "employment:sheets": row(EST, *READ, post=GET_ONLY),
    "employment:sheet": row(SHEET, *READ, post=WRITE),  # read by head office, filled in by the team
    "employment:sheet_validate": row(SHEET, *HEAD, post=HEAD, head_a=HEAD_A),
    "employment:sheet_reopen": row(SHEET, *HEAD, post=HEAD, head_a=HEAD_A),
    "employment:sheet_csv": row(SHEET, *READ, post=GET_ONLY),
    "employment:sheet_xlsx": row(SHEET, *READ, post=GET_ONLY),
    "employment:hire": row(PERSON, *WRITE, post=WRITE),
    "employment:path": row(pk("emp_path_a"), *READ, post=GET_ONLY),
    "employment:renew": row(pk("emp_path_a"), *WRITE, post=WRITE),
    "employment:path_exit": row(pk("emp_path_a"), *WRITE, post=WRITE),
    "employment:end_early": row(pk("emp_contract_a"), *WRITE, post=WRITE),
    "employment:activity_create": row(PERSON, *WRITE, post=WRITE),
    "employment:activity_update": row(pk("emp_period_a"), *WRITE, post=WRITE),
    "employment:cohorts": row(EST, *READ, post=GET_ONLY),
    "employment:cohort_create": row(EST, *WRITE, post=WRITE),
    "employment:cohort": row(pk("emp_cohort_a"), *READ, post=GET_ONLY),
    "employment:candidate_create": row(pk("emp_cohort_a"), *WRITE, post=WRITE),
    "employment:candidate_decide": row(pk("emp_candidate_a"), *WRITE, post=WRITE),
    "employment:candidate_enrol": row(pk("emp_candidate_a"), *WRITE, post=WRITE),
    "employment:immersion_create": row(pk("emp_member_a"), *WRITE, post=WRITE),
    # Two tick boxes: posted empty, both unticked is a valid answer (saved, then back to the cohort).
    "employment:member_exam": row(pk("emp_member_a"), *WRITE, post=(302, 404, 403, 403, 302)),
    "employment:tig_list": row(EST, *READ, post=GET_ONLY),
    "employment:tig_create": row(PERSON, *WRITE, post=WRITE),
    "employment:tig": row(pk("emp_tig_a"), *READ, post=GET_ONLY),
    "employment:tig_session_create": row(pk("emp_tig_a"), *WRITE, post=WRITE),
    "employment:tig_absence": row(pk("emp_tig_a"), *WRITE, post=WRITE),
    "employment:tig_complete": row(pk("emp_tig_a"), *WRITE, post=WRITE),
    "employment:tig_hire": row(pk("emp_tig_a"), *WRITE, post=WRITE),
    "employment:soa_sessions": row(EST, *READ, post=GET_ONLY),
    "employment:soa_create": row(EST, *WRITE, post=WRITE),
    "employment:soa": row(pk("emp_soa_a"), *READ, post=GET_ONLY),
    "employment:soa_enrol": row(pk("emp_soa_a"), *WRITE, post=WRITE),
    "employment:soa_internship_create": row(pk("emp_participant_a"), *WRITE, post=WRITE),
    "employment:soa_complete": row(pk("emp_participant_a"), *WRITE, post=WRITE),
}
