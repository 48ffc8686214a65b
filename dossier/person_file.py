"""The person's file, composed from what each domain app contributes (`<app>/person_file.py`, interface in
`core/person_file.py`): one timeline — the "Parcours" — and the panels of the page, in one place above the apps."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

import accompaniment.person_file
import admissions.person_file
import domiciliation.person_file
import employment.person_file
import events.person_file
import justice.person_file
import people.person_file
import places.person_file
import reception.person_file
import stays.person_file
from accounts.models import User
from core.person_file import Action, Contribution, Panel, TimelineItem
from people.models import Person

# In the order their actions appear on the page.
CONTRIBUTORS: list[Callable[[Person, User], Contribution]] = [
    people.person_file.contribute,
    stays.person_file.contribute,
    justice.person_file.contribute,
    events.person_file.contribute,
    admissions.person_file.contribute,
    places.person_file.contribute,
    domiciliation.person_file.contribute,
    reception.person_file.contribute,
    employment.person_file.contribute,
    accompaniment.person_file.contribute,
]


@dataclass(frozen=True)
class PersonFile:
    timeline: list[TimelineItem]  # newest first; on one day, in the order things happen
    panels: list[Panel]
    actions: list[Action]
    notices: list[str]


def compose(person: Person, user: User) -> PersonFile:
    items: list[TimelineItem] = []
    panels: list[Panel] = []
    actions: list[Action] = []
    notices: list[str] = []
    for contribute in CONTRIBUTORS:
        part = contribute(person, user)
        items += part.items
        panels += part.panels
        actions += part.actions
        notices += part.notices
    if user.is_association_admin:
        actions.append(Action("Journal d'audit de ce dossier", f"{reverse('audit:list')}?personne={person.pk}"))
    items.sort(key=lambda i: (i.date or datetime.date.min, i.same_day), reverse=True)
    panels.sort(key=lambda p: p.order)
    return PersonFile(timeline=items, panels=panels, actions=actions, notices=notices)
