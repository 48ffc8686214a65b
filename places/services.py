"""Places: capacity in force, admitting into a unit without ever exceeding its places, the nightly roll-call,
incidents of adjusted sentences. Every write is audited, inside a transaction."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from audit.enums import AuditAction
from audit.services import audit_create, audit_update, audit_write, snapshot
from establishments.enums import HOSTING_MODALITIES, NightRecording
from establishments.models import Establishment, Service
from establishments.services import capacity_on
from events.enums import EventKind
from events.models import Event
from events.services import event_record
from justice.enums import MeasureOutcome, MeasureType
from justice.models import JusticeMeasure
from people.models import Person
from people.normalize import search_key
from people.services import person_create
from stays.models import Stay
from stays.rules import holding_a_place_from_q
from stays.services import stay_open, stay_transfer

from .enums import IncidentKind, IncidentStatus, Presence
from .models import AuthorisedHours, Incident, MeasureConditions, NightCheck, Placement, Unit

SUPERVISED_MEASURES = (MeasureType.PSE, MeasureType.SEMI_LIBERTE, MeasureType.ARSE, MeasureType.PLACEMENT_EXTERIEUR)


def unit_occupied(unit: Unit, day: datetime.date) -> int:
    """The unit's places held on the night of `day` or later (`stays.rules.holds_a_place_from`)."""
    return Placement.objects.filter(unit=unit).filter(holding_a_place_from_q(day, "stay__")).count()


def _pick_unit(service: Service, start_date: datetime.date, needed: int) -> Unit:
    for unit in Unit.objects.filter(service=service, active=True).order_by("name", "pk"):
        if unit.places - unit_occupied(unit, start_date) >= needed:
            return unit
    raise ValidationError({"unit": f"Plus aucune place libre dans « {service} » pour {needed} personne(s)."})


@transaction.atomic
def admit(
    *,
    person: Person,
    service: Service,
    start_date: datetime.date,
    acting_user: User,
    unit: Unit | None = None,
    household_members: Sequence[tuple[Person, str]] = (),
    planned_departure: datetime.date | None = None,
) -> Stay:
    """Open a stay (household included: `stays.services.stay_open` checks the service's places) and give it a unit
    with enough free places: the one chosen, or the first free one when the service has units. The service row is
    locked first, so that two admissions into the same service run one after the other."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    needed = 1 + len(household_members)
    if unit is not None and unit.service_id != service.pk:
        raise ValidationError({"unit": "Cette unité n'appartient pas au service choisi."})
    if unit is not None:
        free = unit.places - unit_occupied(unit, start_date)
        if free < needed:
            raise ValidationError(
                {"unit": f"« {unit} » est complet(e) : {max(free, 0)} place(s) libre(s) pour {needed} personne(s)."}
            )
    elif Unit.objects.filter(service=service, active=True).exists():
        unit = _pick_unit(service, start_date, needed)
    stay = stay_open(
        person=person,
        service=service,
        start_date=start_date,
        acting_user=acting_user,
        household_members=household_members,
    )
    if unit is not None:
        _place(stay, unit, planned_departure=planned_departure, acting_user=acting_user)
    return stay


def _place(stay: Stay, unit: Unit, *, planned_departure: datetime.date | None, acting_user: User) -> None:
    """Give a new stay, and those of its household opened with it, their unit."""
    stays = [stay]
    if stay.household_id:
        stays += list(
            Stay.objects.filter(household_id=stay.household_id, service_id=stay.service_id, start_date=stay.start_date)
            .exclude(pk=stay.pk)
            .select_related("person")
        )
    for s in stays:
        placement = Placement.objects.create(stay=s, unit=unit, planned_departure=planned_departure)
        audit_create(actor=acting_user, obj=placement, person=s.person, detail=f"Place : {unit}")


@transaction.atomic
def transfer(
    *,
    stay: Stay,
    to_service: Service,
    date: datetime.date,
    exit_housing: str,
    exit_activity: str,
    acting_user: User,
) -> Stay:
    """A transfer (`stays.services.stay_transfer`, which checks the new service's places), then the unit of the
    new stay and of the household members who moved with it, when the new service has units."""
    to_service = Service.objects.select_for_update().get(pk=to_service.pk)
    movers = 1
    if stay.household_id:
        movers += (
            Stay.objects.filter(household_id=stay.household_id, service_id=stay.service_id, end_date__isnull=True)
            .exclude(pk=stay.pk)
            .count()
        )
    unit = None
    if Unit.objects.filter(service=to_service, active=True).exists():
        try:
            unit = _pick_unit(to_service, date, movers)
        except ValidationError as exc:
            raise ValidationError({"to_service": exc.message_dict["unit"]}) from exc
    new = stay_transfer(
        stay=stay,
        to_service=to_service,
        date=date,
        exit_housing=exit_housing,
        exit_activity=exit_activity,
        acting_user=acting_user,
    )
    if unit is not None:
        _place(new, unit, planned_departure=None, acting_user=acting_user)
    return new


# --- units and placements ---------------------------------------------------------------------------------


@transaction.atomic
def unit_save(
    *,
    service: Service,
    name: str,
    kind: str,
    places: int,
    acting_user: User,
    unit: Unit | None = None,
    active: bool = True,
) -> Unit:
    """Create a unit, or change one; its places can never drop below the people it holds today."""
    from .enums import UnitKind

    errors = {}
    if not name.strip():
        errors["name"] = "« Nom » est obligatoire."
    if kind not in UnitKind.values:
        errors["kind"] = f"Type inconnu ({kind})."
    if places is None or places < 1:
        errors["places"] = "« Places » : au moins 1."
    if service.modality not in HOSTING_MODALITIES:
        errors["service"] = "Seuls les services d'hébergement ont des unités."
    duplicate = Unit.objects.filter(service=service, name=name.strip())
    if unit is not None:
        duplicate = duplicate.exclude(pk=unit.pk)
    if duplicate.exists():
        errors["name"] = f"Une unité « {name.strip()} » existe déjà dans ce service."
    if errors:
        raise ValidationError(errors)
    if unit is None:
        unit = Unit.objects.create(service=service, name=name.strip(), kind=kind, places=places, active=active)
        audit_create(actor=acting_user, obj=unit)
        return unit
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    held = unit_occupied(unit, timezone.localdate())
    if places < held or (not active and held):
        raise ValidationError({"places": f"{held} personne(s) occupent cette unité aujourd'hui : libérez-la d'abord."})
    before = snapshot(unit, ["name", "kind", "places", "active"])
    unit.name, unit.kind, unit.places, unit.active = name.strip(), kind, places, active
    unit.save()
    audit_update(actor=acting_user, obj=unit, before=before)
    return unit


@transaction.atomic
def placement_set(*, stay: Stay, unit: Unit, planned_departure: datetime.date | None, acting_user: User) -> Placement:
    """Give an ongoing stay a unit (or move it to another), and its planned departure, within the unit's places."""
    Service.objects.select_for_update().get(pk=stay.service_id)
    if unit.service_id != stay.service_id:
        raise ValidationError({"unit": "Cette unité n'appartient pas au service du séjour."})
    if stay.end_date is not None:
        raise ValidationError({"unit": "Ce séjour est clôturé."})
    if planned_departure is not None and planned_departure < stay.start_date:
        raise ValidationError({"planned_departure": "Le départ prévu ne peut pas précéder l'entrée."})
    placement = Placement.objects.filter(stay=stay).first()
    if placement is None or placement.unit_id != unit.pk:
        free = unit.places - unit_occupied(unit, timezone.localdate())
        if free < 1:
            raise ValidationError({"unit": f"« {unit} » est complet(e)."})
    if placement is None:
        placement = Placement.objects.create(stay=stay, unit=unit, planned_departure=planned_departure)
        audit_create(actor=acting_user, obj=placement, person=stay.person)
        return placement
    before = snapshot(placement, ["unit_id", "planned_departure"])
    placement.unit = unit
    placement.planned_departure = planned_departure
    placement.save()
    audit_update(actor=acting_user, obj=placement, before=before, person=stay.person)
    return placement


# --- the board -------------------------------------------------------------------------------------------


@dataclass
class UnitRow:
    unit: Unit | None
    places: int | None
    occupants: list[Stay]

    @property
    def free(self) -> int | None:
        return None if self.places is None else max(self.places - len(self.occupants), 0)


@dataclass
class ServiceBoard:
    service: Service
    capacity: int | None
    rows: list[UnitRow]
    unplaced: list[Stay]

    @property
    def occupied(self) -> int:
        return sum(len(r.occupants) for r in self.rows) + len(self.unplaced)

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.occupied, 0)


def hosting_services(establishment: Establishment) -> QuerySet[Service]:
    return Service.objects.filter(establishment=establishment, modality__in=list(HOSTING_MODALITIES)).order_by(
        "name", "pk"
    )


def board(establishment: Establishment, day: datetime.date) -> list[ServiceBoard]:
    result = []
    for service in hosting_services(establishment):
        stays = list(
            Stay.objects.ongoing_on(day)
            .filter(service=service)
            .select_related("person", "placement__unit")
            .order_by("person__last_name", "person__first_name")
        )
        units = list(Unit.objects.filter(service=service, active=True).order_by("name", "pk"))
        by_unit: dict[int, list[Stay]] = {u.pk: [] for u in units}
        unplaced = []
        for s in stays:
            placement = getattr(s, "placement", None)
            if placement is not None and placement.unit_id in by_unit:
                by_unit[placement.unit_id].append(s)
            else:
                unplaced.append(s)
        rows = [UnitRow(unit=u, places=u.places, occupants=by_unit[u.pk]) for u in units]
        capacity = sum(u.places for u in units) if units else capacity_on(service, day)
        result.append(ServiceBoard(service=service, capacity=capacity, rows=rows, unplaced=unplaced))
    return result


# --- roll-call --------------------------------------------------------------------------------------------


def expected_residents(establishment: Establishment, day: datetime.date) -> list[Stay]:
    return list(
        Stay.objects.ongoing_on(day)
        .filter(service__in=hosting_services(establishment))
        .select_related("person", "service", "placement__unit")
        .order_by("service__name", "person__last_name", "person__first_name", "pk")
    )


def supervised_measure(person: Person, day: datetime.date) -> JusticeMeasure | None:
    """The person's adjusted sentence under supervision (PSE, semi-liberté…) in force on `day`, if any."""
    return (
        JusticeMeasure.objects.filter(person=person, measure__in=list(SUPERVISED_MEASURES), start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .exclude(outcome__in=[MeasureOutcome.REVOQUEE, MeasureOutcome.LEVEE])
        .order_by("-start_date")
        .first()
    )


def _night_event(stay: Stay, day: datetime.date, acting_user: User) -> None:
    if stay.service.night_recording != NightRecording.NUITEE:
        return
    if Event.objects.filter(person=stay.person, service=stay.service, date=day, kind=EventKind.NUITEE).exists():
        return
    event_record(service=stay.service, date=day, kind=EventKind.NUITEE, person=stay.person, acting_user=acting_user)


@dataclass(frozen=True)
class RollCallResult:
    recorded: int
    nights_created: int
    incidents: list[Incident]


@transaction.atomic
def rollcall_record(
    *, establishment: Establishment, day: datetime.date, marks: Mapping[int, str], acting_user: User
) -> RollCallResult:
    """Record the roll-call of one night: {stay pk: presence}. For night-by-night services a present resident's
    night is recorded as a `nuitee` event; a resident under PSE/semi-liberté marked absent opens an incident."""
    if day > timezone.localdate():
        raise ValidationError({"date": "L'appel ne peut pas porter sur une nuit future."})
    expected = {s.pk: s for s in expected_residents(establishment, day)}
    errors = {}
    for stay_pk, presence in marks.items():
        if stay_pk not in expected:
            errors[f"stay_{stay_pk}"] = "Cette personne n'est pas attendue cette nuit-là dans l'établissement."
        elif presence not in Presence.values:
            errors[f"stay_{stay_pk}"] = f"Présence inconnue ({presence})."
    if errors:
        raise ValidationError(errors)
    before_events = Event.objects.filter(kind=EventKind.NUITEE, date=day).count()
    incidents = []
    for stay_pk, presence in marks.items():
        stay = expected[stay_pk]
        check = NightCheck.objects.filter(stay=stay, date=day).first()
        if check is None:
            check = NightCheck.objects.create(stay=stay, date=day, presence=presence, recorded_by=acting_user)
            audit_create(actor=acting_user, obj=check, person=stay.person)
        elif check.presence != presence:
            before = snapshot(check, ["presence"])
            check.presence = presence
            check.recorded_by = acting_user
            check.save(update_fields=["presence", "recorded_by", "recorded_at"])
            audit_update(actor=acting_user, obj=check, before=before, person=stay.person)
        if presence == Presence.PRESENT:
            _night_event(stay, day, acting_user)
        elif presence == Presence.ABSENT and not Incident.objects.filter(night_check=check).exists():
            measure = supervised_measure(stay.person, day)
            if measure is not None:
                incident = _incident_create(
                    person=stay.person,
                    establishment=establishment,
                    measure=measure,
                    night_check=check,
                    kind=IncidentKind.ABSENCE_NUIT,
                    occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(22, 0))),
                    description=f"Absent(e) à l'appel du soir ({stay.service.name}).",
                    acting_user=acting_user,
                )
                incidents.append(incident)
    nights = Event.objects.filter(kind=EventKind.NUITEE, date=day).count() - before_events
    return RollCallResult(recorded=len(marks), nights_created=nights, incidents=incidents)


@dataclass
class ServiceRollCall:
    """What the roll-call of one night recorded for one service: who was counted present (and the nights recorded
    for a night-by-night service, or counted by the stay otherwise), who was absent, who is still unmarked."""

    service: Service
    present: list[Stay]
    authorised: list[Stay]
    absent: list[Stay]
    unmarked: list[Stay]
    nights: int  # `nuitee` events of that night (night-by-night services); for the others, the stays count it

    @property
    def by_night_events(self) -> bool:
        return self.service.night_recording == NightRecording.NUITEE


def rollcall_summary(establishment: Establishment, day: datetime.date) -> list[ServiceRollCall]:
    """The night's roll-call per hosting service, in three queries whatever the number of residents."""
    residents = expected_residents(establishment, day)
    checks = {c.stay_id: c.presence for c in NightCheck.objects.filter(stay__in=[s.pk for s in residents], date=day)}
    nights: dict[int, int] = {}
    for row in (
        Event.objects.filter(service__establishment=establishment, kind=EventKind.NUITEE, date=day)
        .values("service")
        .annotate(n=models.Sum("quantity"))
    ):
        nights[row["service"]] = row["n"] or 0
    summaries: dict[int, ServiceRollCall] = {}
    for stay in residents:
        summary = summaries.setdefault(
            stay.service_id, ServiceRollCall(stay.service, [], [], [], [], nights.get(stay.service_id, 0))
        )
        lists: dict[str, list[Stay]] = {
            Presence.PRESENT: summary.present,
            Presence.ABSENCE_AUTORISEE: summary.authorised,
            Presence.ABSENT: summary.absent,
        }
        lists.get(checks.get(stay.pk, ""), summary.unmarked).append(stay)
    return list(summaries.values())


@transaction.atomic
def walkin_admit(
    *,
    service: Service,
    day: datetime.date,
    last_name: str,
    first_name: str,
    birth_date: datetime.date | None,
    sex: str,
    acting_user: User,
) -> Stay:
    """A walk-in at a night-by-night service: find the person (same name and birth date) or create them, open
    the stay and record tonight's night."""
    if service.night_recording != NightRecording.NUITEE:
        raise ValidationError({"service": "L'accueil direct n'est possible que dans un service à la nuitée."})
    person = Person.objects.filter(search_name=search_key(last_name, first_name), birth_date=birth_date).first()
    if person is None:
        person = person_create(
            acting_user=acting_user,
            last_name=last_name,
            first_name=first_name,
            sex=sex,
            birth_date=birth_date,
            home_establishment=service.establishment,
        )
    stay = Stay.objects.ongoing_on(day).filter(person=person, service=service).first()
    if stay is None:
        stay = admit(person=person, service=service, start_date=day, acting_user=acting_user)
    check, created = NightCheck.objects.get_or_create(
        stay=stay, date=day, defaults={"presence": Presence.PRESENT, "recorded_by": acting_user}
    )
    if created:
        audit_create(actor=acting_user, obj=check, person=person, detail="Accueil direct")
    _night_event(stay, day, acting_user)
    return stay


# --- adjusted sentences: conditions and incidents ---------------------------------------------------------


def is_authorised_out(measure: JusticeMeasure, at: datetime.datetime) -> bool:
    local = timezone.localtime(at) if timezone.is_aware(at) else at
    return AuthorisedHours.objects.filter(
        measure=measure, weekday=local.weekday(), start__lte=local.time(), end__gt=local.time()
    ).exists()


@transaction.atomic
def conditions_record(
    *,
    measure: JusticeMeasure,
    acting_user: User,
    care_obligation: str = "",
    work_obligation: str = "",
    prohibitions: str = "",
    other: str = "",
    hours: Sequence[tuple[int, datetime.time, datetime.time]] = (),
) -> MeasureConditions:
    """Replace the obligations and authorised hours out of an adjusted sentence."""
    errors = {}
    for weekday, start, end in hours:
        if not 0 <= weekday <= 6:
            errors["hours"] = f"Jour inconnu ({weekday})."
        elif end <= start:
            errors[f"end_{weekday}"] = "L'heure de retour doit être après l'heure de sortie."
    if errors:
        raise ValidationError(errors)
    values = {
        "care_obligation": care_obligation.strip(),
        "work_obligation": work_obligation.strip(),
        "prohibitions": prohibitions.strip(),
        "other": other.strip(),
    }
    conditions = MeasureConditions.objects.filter(measure=measure).first()
    if conditions is None:
        conditions = MeasureConditions.objects.create(measure=measure, **values)
        audit_create(actor=acting_user, obj=conditions, person=measure.person)
    else:
        before = snapshot(conditions, values.keys())
        for k, v in values.items():
            setattr(conditions, k, v)
        conditions.save()
        audit_update(actor=acting_user, obj=conditions, before=before, person=measure.person)
    old = sorted(str(h) for h in measure.authorised_hours.all())
    measure.authorised_hours.all().delete()
    for weekday, start, end in hours:
        AuthorisedHours.objects.create(measure=measure, weekday=weekday, start=start, end=end)
    new = sorted(str(h) for h in measure.authorised_hours.all())
    if old != new:
        audit_write(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=conditions,
            person=measure.person,
            changes={"horaires": [old, new]},
        )
    return conditions


def _incident_create(**fields: Any) -> Incident:
    acting_user = fields.pop("acting_user")
    incident = Incident.objects.create(**fields)
    audit_create(actor=acting_user, obj=incident, person=incident.person)
    return incident


@transaction.atomic
def absence_record(
    *, person: Person, establishment: Establishment, at: datetime.datetime, description: str, acting_user: User
) -> Incident | None:
    """An absence noticed at `at`. For a person under PSE/semi-liberté outside their authorised hours, it opens an
    incident to review; inside authorised hours (or without such a measure) it is not a breach: returns None."""
    if at > timezone.now():
        raise ValidationError({"at": "L'absence ne peut pas être dans le futur."})
    measure = supervised_measure(person, timezone.localtime(at).date() if timezone.is_aware(at) else at.date())
    if measure is None or is_authorised_out(measure, at):
        return None
    return _incident_create(
        person=person,
        establishment=establishment,
        measure=measure,
        kind=IncidentKind.ABSENCE_HORAIRES,
        occurred_at=at,
        description=description.strip(),
        acting_user=acting_user,
    )


@transaction.atomic
def incident_update(
    *,
    incident: Incident,
    description: str,
    spip_informed_at: datetime.datetime | None,
    status: str,
    acting_user: User,
) -> Incident:
    if status not in IncidentStatus.values:
        raise ValidationError({"status": f"État inconnu ({status})."})
    if spip_informed_at is not None and spip_informed_at < incident.occurred_at:
        raise ValidationError({"spip_informed_at": "Le SPIP ne peut pas avoir été informé avant l'incident."})
    before = snapshot(incident, ["description", "spip_informed_at", "status"])
    incident.description = description.strip()
    incident.spip_informed_at = spip_informed_at
    incident.status = status
    incident.save(update_fields=["description", "spip_informed_at", "status"])
    audit_update(actor=acting_user, obj=incident, before=before, person=incident.person)
    return incident
