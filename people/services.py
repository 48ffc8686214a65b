from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from audit.services import audit_create, audit_update, snapshot
from establishments.models import Establishment

from .enums import Sex, VulnerabilityKind
from .models import Person, Vulnerability
from .normalize import names_are_close, search_key


@dataclass(frozen=True)
class DuplicateCandidates:
    visible: list[Person]
    hidden_count: int  # likely duplicates recorded in establishments the user does not see


def find_likely_duplicates(
    *, last_name: str, first_name: str, birth_date: datetime.date | None, user: User, exclude_pk: int | None = None
) -> DuplicateCandidates:
    """Same normalised name and birth date, or a close name with the same birth date."""
    key = search_key(last_name, first_name)
    if birth_date is None:
        candidates = Person.objects.filter(search_name=key, birth_date__isnull=True)
    else:
        candidates = Person.objects.filter(birth_date=birth_date)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    matches = [
        p for p in candidates.only("pk", "search_name") if p.search_name == key or names_are_close(p.search_name, key)
    ]
    visible_ids = set(
        Person.objects.visible_to(user).filter(pk__in=[p.pk for p in matches]).values_list("pk", flat=True)
    )
    visible = list(Person.objects.filter(pk__in=visible_ids).select_related("home_establishment"))
    return DuplicateCandidates(visible=visible, hidden_count=len(matches) - len(visible))


def _validate_identity(*, last_name: str, first_name: str, sex: str, birth_date: datetime.date | None) -> None:
    errors: dict[str, str] = {}
    if not last_name.strip():
        errors["last_name"] = "Le nom est obligatoire."
    if not first_name.strip():
        errors["first_name"] = "Le prénom est obligatoire."
    if sex not in Sex.values:
        errors["sex"] = f"Sexe inconnu ({sex}) : choisissez F, M ou X."
    if birth_date is not None and birth_date > datetime.date.today():
        errors["birth_date"] = "La date de naissance ne peut pas être dans le futur."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def person_create(
    *,
    acting_user: User,
    last_name: str,
    first_name: str,
    sex: str,
    birth_date: datetime.date | None = None,
    home_establishment: Establishment | None = None,
    referent: User | None = None,
) -> Person:
    _validate_identity(last_name=last_name, first_name=first_name, sex=sex, birth_date=birth_date)
    person = Person.objects.create(
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        birth_date=birth_date,
        sex=sex,
        search_name=search_key(last_name, first_name),
        home_establishment=home_establishment,
        referent=referent,
    )
    audit_create(actor=acting_user, obj=person, person=person)
    return person


@transaction.atomic
def person_update(
    *,
    person: Person,
    acting_user: User,
    last_name: str,
    first_name: str,
    sex: str,
    birth_date: datetime.date | None,
    referent: User | None = None,
) -> Person:
    _validate_identity(last_name=last_name, first_name=first_name, sex=sex, birth_date=birth_date)
    before = snapshot(person, ["last_name", "first_name", "birth_date", "sex", "referent_id"])
    person.last_name = last_name.strip()
    person.first_name = first_name.strip()
    person.birth_date = birth_date
    person.sex = sex
    person.referent = referent
    person.search_name = search_key(person.last_name, person.first_name)
    person.save()
    audit_update(actor=acting_user, obj=person, before=before, person=person)
    return person


@transaction.atomic
def vulnerability_record(*, person: Person, kind: str, recorded_on: datetime.date, acting_user: User) -> Vulnerability:
    if kind not in VulnerabilityKind.values:
        raise ValidationError({"kind": f"Nature de vulnérabilité inconnue ({kind})."})
    if Vulnerability.objects.filter(person=person, kind=kind, recorded_on=recorded_on).exists():
        raise ValidationError({"kind": "Cette vulnérabilité est déjà enregistrée à cette date."})
    vulnerability = Vulnerability.objects.create(person=person, kind=kind, recorded_on=recorded_on)
    audit_create(actor=acting_user, obj=vulnerability, person=person)
    return vulnerability
