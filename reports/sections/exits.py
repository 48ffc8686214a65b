"""Positive exits, and dynamic exits of the insertion workshops."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.numbers import pct
from establishments.enums import Modality
from stays.enums import ExitHousing

from ..facts import StayFacts
from ..rules import JOB_OR_TRAINING, is_dynamic_exit, is_positive_exit


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


def exit_section(stays: StayFacts) -> ExitSection:
    leavers = positive = housing = activity = insertion = dynamic = 0
    for exit_housing, exit_activity, modality, n in stays.exits:  # leaver stays by exit and modality
        leavers += n
        if is_positive_exit(exit_housing, exit_activity):
            positive += n
        if exit_housing == ExitHousing.LOGEMENT_AUTONOME:
            housing += n
        if exit_activity in JOB_OR_TRAINING:
            activity += n
        if modality == Modality.CONTRAT_INSERTION:
            insertion += n
        if is_dynamic_exit(modality, exit_activity):
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
