"""A small valid data set covering every file of interchange v1."""

from __future__ import annotations

from pathlib import Path

from interchange.format import FILES


def header(name: str) -> str:
    return ",".join(FILES[name]) + "\n"


VALID: dict[str, str] = {
    "establishments.csv": """establishment_id,name,city,territory
augustins,CHRS Les Augustins,Amiens,Somme
passerelle,CHU La Passerelle,Amiens,Somme
""",
    "services.csv": """service_id,establishment_id,name,modality,capacity,night_recording
aug_ins,augustins,Insertion,hebergement_insertion,20,
aug_aci,augustins,Ateliers,contrat_insertion,,
pas_halte,passerelle,Halte de nuit,halte_nuit,10,nuitee
pas_aj,passerelle,Accueil de jour,accueil_jour,,
""",
    "capacities.csv": """service_id,start_date,end_date,places
pas_halte,2019-11-01,2020-04-01,15
""",
    # Column order is free: sex before birth_date here.
    "persons.csv": """person_id,last_name,first_name,sex,birth_date
p1,Martin,Éric,M,1980-02-29
p2,Durand,"Anne, Marie",F,
p3,Durand,Léo,M,2012-05-01
""",
    "stays.csv": header("stays.csv")
    + """\
s1,p1,aug_ins,2019-01-10,2019-06-01,,,fin_accompagnement,logement_autonome,cdi
s2,p1,pas_halte,2019-06-01,,,,,,
s3,p2,aug_ins,2019-03-01,,h1,demandeur,,,
s4,p3,aug_ins,2019-03-01,,h1,enfant,,,
s5,p1,aug_aci,2019-02-01,2019-12-31,,,abandon,inconnu,inconnu
""",
    "justice_measures.csv": """measure_id,person_id,measure,start_date,end_date,outcome,spip
m1,p1,pse,2019-01-10,2019-05-10,,SPIP 80
m2,p1,condamnation_anterieure,,,,
""",
    "vulnerabilities.csv": """person_id,kind,recorded_on
p1,addiction_alcool,2019-02-01
""",
    "events.csv": """event_id,person_id,service_id,date,kind,quantity
e1,,pas_aj,2019-05-02,repas,40
e2,p1,pas_halte,2019-06-01,nuitee,
""",
    "admission_requests.csv": header("admission_requests.csv")
    + """\
r1,p1,aug_ins,2018-12-01,spip,favorable,2018-12-15,admis,
r2,p2,pas_halte,2019-01-05,siao,defavorable,2019-01-06,reoriente,aug_ins
""",
    "cohorts.csv": """cohort_id,service_id,name,start_date,end_date,exam_date
c1,aug_aci,Promotion 2019,2019-01-07,2019-09-30,2019-09-15
""",
    "cohort_members.csv": """cohort_id,person_id,sat_exam,graduated
c1,p1,1,1
c1,p2,1,0
""",
    "tig_placements.csv": """placement_id,person_id,service_id,start_date,end_date,hours_ordered,hours_done,hired_after
t1,p1,aug_aci,2019-03-01,2019-06-01,120,120,1
""",
}


def write_dataset(folder: Path, files: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in (VALID if files is None else files).items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def all_counts() -> dict[str, int]:
    """Row counts of every model an import may write, and of the audit log."""
    from admissions.models import AdmissionRequest
    from audit.models import AuditEntry
    from employment.models import Cohort, CohortMember, TigPlacement
    from establishments.models import CapacityPeriod, Establishment, Service
    from events.models import Event
    from justice.models import JusticeMeasure
    from people.models import Household, Person, Vulnerability
    from stays.models import Stay

    models = (
        Establishment,
        Service,
        CapacityPeriod,
        Person,
        Household,
        Stay,
        JusticeMeasure,
        Vulnerability,
        Event,
        AdmissionRequest,
        Cohort,
        CohortMember,
        TigPlacement,
        AuditEntry,
    )
    return {m._meta.label: m.objects.count() for m in models}
