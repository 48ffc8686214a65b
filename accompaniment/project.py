"""The personalised project of a person, as shown on screen and printed for signature (read-only)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accounts.models import User
from people.models import Person
from stays.models import Stay

from .enums import LifeDomain, StepKind
from .models import DiagnosisEntry, Objective, ProjectReview, Step


def project_context(user: User, person: Person) -> dict[str, Any]:
    entries = {e.domain: e for e in DiagnosisEntry.objects.filter(person=person)}
    steps = {s.kind: s for s in Step.objects.filter(person=person)}
    return {
        "person": person,
        "today": timezone.localdate(),
        "can_write": user.writes_records,
        "stay": Stay.objects.visible_to(user).filter(person=person).select_related("service__establishment").last(),
        "diagnosis": [(code, label, entries.get(code)) for code, label in LifeDomain.choices],
        "objectives": list(Objective.objects.filter(person=person).prefetch_related("actions")),
        "reviews": list(ProjectReview.objects.filter(person=person).select_related("author")),
        "steps": [(code, label, steps.get(code)) for code, label in StepKind.choices],
    }
