"""The person's identity and, for those granted health data, their vulnerabilities."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from core.person_file import Action, Contribution, Panel

from .models import Person, Vulnerability


def contribute(person: Person, user: User) -> Contribution:
    out = Contribution()
    out.panels.append(
        Panel("people/panels/identity.html", order=10, card=True, context={"can_write": user.writes_records})
    )
    if user.sees_health:
        vulnerabilities = list(Vulnerability.objects.visible_to(user).filter(person=person))
        out.panels.append(
            Panel("people/panels/vulnerabilities.html", order=50, context={"vulnerabilities": vulnerabilities})
        )
        if user.writes_records:
            out.actions.append(
                Action("Enregistrer une vulnérabilité", reverse("people:vulnerability_create", args=[person.pk]))
            )
    return out
