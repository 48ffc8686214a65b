from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from audit.services import audit_create, audit_update, snapshot
from people.models import Person

from .enums import MeasureOutcome, MeasureType
from .models import JusticeMeasure


def _check_dates(start_date: datetime.date | None, end_date: datetime.date | None) -> None:
    if start_date and end_date and end_date < start_date:
        raise ValidationError(
            {"end_date": f"La date de fin ({end_date:%d/%m/%Y}) est avant la date de début ({start_date:%d/%m/%Y})."}
        )


@transaction.atomic
def measure_record(
    *,
    person: Person,
    measure: str,
    acting_user: User,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    outcome: str = "",
    spip: str = "",
) -> JusticeMeasure:
    if measure not in MeasureType.values:
        raise ValidationError({"measure": f"Mesure inconnue ({measure})."})
    if start_date is None and measure != MeasureType.CONDAMNATION_ANTERIEURE:
        raise ValidationError({"start_date": "La date de début est obligatoire pour cette mesure."})
    _check_dates(start_date, end_date)
    outcome = outcome or (MeasureOutcome.TERMINEE if end_date else MeasureOutcome.EN_COURS)
    if outcome not in MeasureOutcome.values:
        raise ValidationError({"outcome": f"Issue inconnue ({outcome})."})
    if end_date is None and outcome != MeasureOutcome.EN_COURS:
        raise ValidationError({"end_date": "Une mesure terminée, révoquée ou levée a une date de fin."})
    record = JusticeMeasure.objects.create(
        person=person, measure=measure, start_date=start_date, end_date=end_date, outcome=outcome, spip=spip.strip()
    )
    audit_create(actor=acting_user, obj=record, person=person)
    return record


@transaction.atomic
def measure_end(*, measure: JusticeMeasure, end_date: datetime.date, outcome: str, acting_user: User) -> JusticeMeasure:
    measure = JusticeMeasure.objects.select_for_update().get(pk=measure.pk)
    if measure.end_date is not None:
        raise ValidationError({"end_date": f"Cette mesure a déjà pris fin le {measure.end_date:%d/%m/%Y}."})
    _check_dates(measure.start_date, end_date)
    if outcome not in MeasureOutcome.values or outcome == MeasureOutcome.EN_COURS:
        raise ValidationError({"outcome": "Choisissez l'issue de la mesure : terminée, révoquée ou levée."})
    before = snapshot(measure, ["end_date", "outcome"])
    measure.end_date = end_date
    measure.outcome = outcome
    measure.save(update_fields=["end_date", "outcome"])
    audit_update(actor=acting_user, obj=measure, before=before, person=measure.person)
    return measure
