"""The figures of a cohort and of a SOA session, computed from the records (the seed's AQI figures: recruited, % who
sat the exam, % of those who graduated, mean age, share of women, share under justice, positive exits for
employment). docs/employment.md gives each definition."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from justice.enums import MeasureType
from justice.models import JusticeMeasure
from stays.enums import EMPLOYMENT_ACTIVITIES, TRAINING_ACTIVITIES
from stays.models import Stay

from .enums import SoaOutcome
from .models import Cohort, CohortMember, SoaParticipant, SoaSession

JUSTICE_WINDOW_DAYS = 183  # a measure ended 0 to 183 days before the stay still links the person (indicators v1)
POSITIVE_ACTIVITIES = EMPLOYMENT_ACTIVITIES | TRAINING_ACTIVITIES


def pct(count: int, total: int) -> Decimal | None:
    """A percentage rounded half-up to one decimal, computed on exact counts; None when there is no one."""
    if not total:
        return None
    return (Decimal(100) * count / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Whole years (someone born on 29 February turns a year older on 1 March in non-leap years)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def justice_linked(measures: list[JusticeMeasure], window_start: datetime.date, window_end: datetime.date) -> bool:
    """The justice link of indicators v1, on one window of days (the member's stay): a past conviction declared; or
    a measure in force on a day of the window (start ≤ day < end); or a measure that ended 0 to 183 days before the
    window's start."""
    for m in measures:
        if m.measure == MeasureType.CONDAMNATION_ANTERIEURE:
            return True
        first = max(window_start, m.start_date) if m.start_date else window_start
        if first <= window_end and (m.end_date is None or first < m.end_date):
            return True
        if m.end_date is not None and 0 <= (window_start - m.end_date).days <= JUSTICE_WINDOW_DAYS:
            return True
    return False


def _measures_of(person_ids: set[int]) -> dict[int, list[JusticeMeasure]]:
    out: dict[int, list[JusticeMeasure]] = defaultdict(list)
    for m in JusticeMeasure.objects.filter(person_id__in=person_ids):
        out[m.person_id].append(m)
    return out


@dataclass(frozen=True)
class CohortFigures:
    recruited: int
    sat_exam: int
    graduated: int
    with_age: int
    mean_age: Decimal | None
    women: int
    justice: int
    left: int  # members whose path has ended
    positive: int  # …with a job or a training

    @property
    def sat_exam_share(self) -> Decimal | None:
        return pct(self.sat_exam, self.recruited)

    @property
    def graduated_share(self) -> Decimal | None:
        return pct(self.graduated, self.sat_exam)

    @property
    def women_share(self) -> Decimal | None:
        return pct(self.women, self.recruited)

    @property
    def justice_share(self) -> Decimal | None:
        return pct(self.justice, self.recruited)

    @property
    def positive_share(self) -> Decimal | None:
        return pct(self.positive, self.recruited)


def member_paths(cohort: Cohort, members: list[CohortMember]) -> dict[int, Stay | None]:
    """Each member's training path: the stay opened by the enrolment; for a member imported without it, their stay
    in the cohort's service sharing a day with the cohort (the latest starting)."""
    found: dict[int, Stay | None] = {m.pk: m.stay for m in members}
    orphans = [m for m in members if m.stay is None]
    if orphans:
        cohort_end = cohort.end_date or timezone.localdate()
        candidates: dict[int, list[Stay]] = defaultdict(list)
        for stay in Stay.objects.filter(
            service=cohort.service, person_id__in=[m.person_id for m in orphans], start_date__lte=cohort_end
        ).order_by("start_date", "pk"):
            if stay.end_date is None or stay.end_date >= cohort.start_date:
                candidates[stay.person_id].append(stay)
        for m in orphans:
            found[m.pk] = candidates[m.person_id][-1] if candidates[m.person_id] else None
    return found


def cohort_figures(cohort: Cohort, today: datetime.date | None = None) -> CohortFigures:
    """Four queries, whatever the number of members."""
    today = today or timezone.localdate()
    members = list(CohortMember.objects.filter(cohort=cohort).select_related("person", "stay"))
    paths = member_paths(cohort, members)
    measures = _measures_of({m.person_id for m in members})
    ages = [age_on(m.person.birth_date, cohort.start_date) for m in members if m.person.birth_date]
    justice = 0
    left = positive = 0
    for m in members:
        stay = paths[m.pk]
        if stay is not None:
            start, end = stay.start_date, stay.end_date or today
        else:
            start, end = cohort.start_date, cohort.end_date or today
        if justice_linked(measures[m.person_id], start, end):
            justice += 1
        if stay is not None and stay.end_date is not None:
            left += 1
            positive += stay.exit_activity in POSITIVE_ACTIVITIES
    return CohortFigures(
        recruited=len(members),
        sat_exam=sum(m.sat_exam for m in members),
        graduated=sum(m.graduated for m in members),
        with_age=len(ages),
        mean_age=(Decimal(sum(ages)) / len(ages)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if ages else None,
        women=sum(m.person.sex == "F" for m in members),
        justice=justice,
        left=left,
        positive=positive,
    )


@dataclass(frozen=True)
class SoaFigures:
    participants: int
    completed: int
    project_validated: int
    employed: int  # left with a job (any EMPLOYMENT code: CDD, interim…)

    @property
    def completed_share(self) -> Decimal | None:
        return pct(self.completed, self.participants)

    @property
    def employed_share(self) -> Decimal | None:
        return pct(self.employed, self.participants)


def soa_figures(session: SoaSession) -> SoaFigures:
    participants = list(SoaParticipant.objects.filter(session=session).select_related("stay"))
    return SoaFigures(
        participants=len(participants),
        completed=sum(p.outcome == SoaOutcome.PARCOURS_COMPLET for p in participants),
        project_validated=sum(p.project_validated for p in participants),
        employed=sum(
            p.stay.end_date is not None and p.stay.exit_activity in EMPLOYMENT_ACTIVITIES for p in participants
        ),
    )
