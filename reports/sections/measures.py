"""Sentence adjustments completed in the establishment, and employment at the end of a PSE."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q

from establishments.enums import Modality
from justice.enums import ADJUSTMENT_MEASURES, MeasureOutcome, MeasureType
from justice.models import JusticeMeasure
from stays.enums import EMPLOYMENT_ACTIVITIES
from stays.models import Stay

from ..common import Period, pct
from ..facts import ReportContext
from ..scope import Scope

ADJUSTMENT_CODES = [str(m) for m in ADJUSTMENT_MEASURES]
EMPLOYMENT_CODES = [str(a) for a in EMPLOYMENT_ACTIVITIES]


@dataclass(frozen=True)
class MeasureFigures:
    count: int
    completed: int
    completed_share: Decimal | None


@dataclass(frozen=True)
class MeasureSection:
    completion: dict[str, MeasureFigures]
    pse_measures: int
    pse_employed: int
    pse_employment_share: Decimal | None


def _stays_on_measure_end(stays):  # type: ignore[no-untyped-def]
    """Stays of the measure's person whose days (both ends included) contain the measure's end date."""
    return stays.filter(person_id=OuterRef("person_id"), start_date__lte=OuterRef("end_date")).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("end_date"))
    )


def ending_measures(year: int, scope: Scope):  # type: ignore[no-untyped-def]
    """Adjustment measures ending in P during a stay in scope, flagged `employed` when at the measure's end the
    person had a stay (any service) of modality contrat_insertion or that ended with an exit into employment."""
    period = Period(year)
    # A stay whose days contain an end date in P is an active stay: only active stays need to be looked at.
    active = Stay.objects.filter(period.q_active())
    in_scope = _stays_on_measure_end(scope.filter_stays(active))
    employed = _stays_on_measure_end(
        active.filter(Q(service__modality=Modality.CONTRAT_INSERTION) | Q(exit_activity__in=EMPLOYMENT_CODES))
    )
    return (
        JusticeMeasure.objects.filter(measure__in=ADJUSTMENT_CODES)
        .filter(period.q_date("end_date"))
        .filter(Exists(in_scope))
        .annotate(employed=Exists(employed))
        .order_by()
    )


def measures(year: int, scope: Scope, *, ctx: ReportContext | None = None) -> MeasureSection:
    counts = {code: [0, 0] for code in ADJUSTMENT_CODES}
    pse = pse_employed = 0
    rows = (
        ending_measures(year, scope)
        .values("measure", "outcome", "employed")
        .annotate(n=Count("pk"))
        .values_list("measure", "outcome", "employed", "n")
    )
    for measure, outcome, employed, n in rows:
        counts[measure][0] += n
        if outcome == MeasureOutcome.TERMINEE:
            counts[measure][1] += n
        if measure == MeasureType.PSE:
            pse += n
            if employed:
                pse_employed += n
    return MeasureSection(
        completion={
            code: MeasureFigures(count=n, completed=done, completed_share=pct(done, n))
            for code, (n, done) in counts.items()
        },
        pse_measures=pse,
        pse_employed=pse_employed,
        pse_employment_share=pct(pse_employed, pse),
    )
