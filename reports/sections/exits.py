"""Positive exits, and dynamic exits of the insertion workshops."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from establishments.enums import Modality
from stays.enums import EMPLOYMENT_ACTIVITIES, POSITIVE_HOUSING, TRAINING_ACTIVITIES, ExitHousing

from ..common import pct
from ..facts import ReportContext
from ..scope import Scope
from ._base import context

JOB_OR_TRAINING = frozenset(str(a) for a in EMPLOYMENT_ACTIVITIES | TRAINING_ACTIVITIES)
POSITIVE_HOUSING_CODES = frozenset(str(h) for h in POSITIVE_HOUSING)


def is_positive(exit_housing: str, exit_activity: str) -> bool:
    return exit_housing in POSITIVE_HOUSING_CODES or exit_activity in JOB_OR_TRAINING


@dataclass(frozen=True)
class ExitSection:
    leavers: int
    positive: int
    positive_share: Decimal | None
    positive_housing: int  # positive exits to autonomous housing
    positive_housing_share: Decimal | None
    positive_activity: int  # positive exits with a job or a training
    positive_activity_share: Decimal | None
    insertion_leavers: int  # leaver stays of modality contrat_insertion
    dynamic: int
    dynamic_exit_share: Decimal | None


def exits(year: int, scope: Scope, *, ctx: ReportContext | None = None) -> ExitSection:
    rows = context(year, scope, ctx).stay_figures.exits  # leaver stays (`leaver_stays`) by exit and modality
    leavers = positive = housing = activity = insertion = dynamic = 0
    for exit_housing, exit_activity, modality, n in rows:
        leavers += n
        if is_positive(exit_housing, exit_activity):
            positive += n
        if exit_housing == ExitHousing.LOGEMENT_AUTONOME:
            housing += n
        if exit_activity in JOB_OR_TRAINING:
            activity += n
        if modality == Modality.CONTRAT_INSERTION:
            insertion += n
            if exit_activity in JOB_OR_TRAINING:
                dynamic += n
    return ExitSection(
        leavers=leavers,
        positive=positive,
        positive_share=pct(positive, leavers),
        positive_housing=housing,
        positive_housing_share=pct(housing, positive),
        positive_activity=activity,
        positive_activity_share=pct(activity, positive),
        insertion_leavers=insertion,
        dynamic=dynamic,
        dynamic_exit_share=pct(dynamic, insertion),
    )
