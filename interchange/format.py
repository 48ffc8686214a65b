"""Interchange format v1: the files, their columns (in the spec's order) and the codes.

See /work/shared/specs/interchange-v1.md and docs/interchange.md.
"""

from __future__ import annotations

from admissions.enums import Decision, Prescriber, RequestOutcome
from establishments.enums import Modality, NightRecording
from events.enums import EventKind
from justice.enums import MeasureOutcome, MeasureType
from people.enums import Sex, VulnerabilityKind
from stays.enums import ExitActivity, ExitHousing, ExitReason, HouseholdRole

# In import order: a file only refers to files above it.
FILES: dict[str, tuple[str, ...]] = {
    "establishments.csv": ("establishment_id", "name", "city", "territory"),
    "services.csv": ("service_id", "establishment_id", "name", "modality", "capacity", "night_recording"),
    "capacities.csv": ("service_id", "start_date", "end_date", "places"),
    "persons.csv": ("person_id", "last_name", "first_name", "birth_date", "sex"),
    "stays.csv": (
        "stay_id",
        "person_id",
        "service_id",
        "start_date",
        "end_date",
        "household_id",
        "household_role",
        "exit_reason",
        "exit_housing",
        "exit_activity",
    ),
    "justice_measures.csv": ("measure_id", "person_id", "measure", "start_date", "end_date", "outcome", "spip"),
    "vulnerabilities.csv": ("person_id", "kind", "recorded_on"),
    "events.csv": ("event_id", "person_id", "service_id", "date", "kind", "quantity"),
    "admission_requests.csv": (
        "request_id",
        "person_id",
        "service_id",
        "received_on",
        "prescriber",
        "decision",
        "decided_on",
        "outcome",
        "reoriented_to_service_id",
    ),
    "cohorts.csv": ("cohort_id", "service_id", "name", "start_date", "end_date", "exam_date"),
    "cohort_members.csv": ("cohort_id", "person_id", "sat_exam", "graduated"),
    "tig_placements.csv": (
        "placement_id",
        "person_id",
        "service_id",
        "start_date",
        "end_date",
        "hours_ordered",
        "hours_done",
        "hired_after",
    ),
}
REQUIRED_FILE = "persons.csv"

CODES: dict[str, frozenset[str]] = {
    "modality": frozenset(Modality.values),
    "night_recording": frozenset(NightRecording.values),
    "sex": frozenset(Sex.values),
    "household_role": frozenset(HouseholdRole.values),
    "exit_reason": frozenset(ExitReason.values),
    "exit_housing": frozenset(ExitHousing.values),
    "exit_activity": frozenset(ExitActivity.values),
    "measure": frozenset(MeasureType.values),
    "measure_outcome": frozenset(MeasureOutcome.values),
    "vulnerability_kind": frozenset(VulnerabilityKind.values),
    "event_kind": frozenset(EventKind.values),
    "prescriber": frozenset(Prescriber.values),
    "decision": frozenset(Decision.values),
    "request_outcome": frozenset(RequestOutcome.values),
}

# Prefixes of the ids generated at export for records that have no external id (`<prefix><pk>`).
GENERATED_ID_PREFIX: dict[str, str] = {
    "establishment": "E",
    "service": "S",
    "person": "P",
    "household": "M",
    "stay": "SJ",
    "justice_measure": "J",
    "event": "EV",
    "admission_request": "D",
    "cohort": "C",
    "tig_placement": "T",
}

ID_MAX_LENGTH = 64
