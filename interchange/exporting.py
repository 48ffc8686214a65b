"""Export of the records as an interchange v1 data set (a folder, or a .zip when the path ends with .zip).

Every file is written (header only when it has no rows), UTF-8 without BOM, CRLF line ends (RFC 4180),
minimal quoting; dates ISO, booleans 0/1, empty cell = null. Rows are ordered by their exported id (then
by pk), which makes two exports of the same records byte-identical. A record without an external id gets
a generated id `<prefix><pk>` (see format.GENERATED_ID_PREFIX); so does a record whose external id is
already taken in the file by a record of another source (`<prefix><pk>`, then `-2`, `-3`… if that is
taken too).

Only the id → pk maps and the sorted (id, pk) lists are kept in memory; rows are fetched by chunks.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.db import models
from django.db.models import Q, QuerySet

from accounts.models import User
from admissions.models import AdmissionRequest
from employment.models import Cohort, CohortMember, TigPlacement
from establishments.models import CapacityPeriod, Establishment, Service
from events.models import Event
from justice.models import JusticeMeasure
from people.models import Household, Person, Vulnerability
from stays.models import Stay

from .format import FILES, GENERATED_ID_PREFIX

CHUNK = 900
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def assign_ids(rows: Iterable[tuple[int, str, str]], prefix: str) -> dict[int, str]:
    """pk → exported id, from (pk, external_id, source) rows: the external id when it is free, else a
    generated one. Deterministic whatever the order of `rows`."""
    ids: dict[int, str] = {}
    taken: set[str] = set()
    pending: list[int] = []
    for pk, ext, _source in sorted(rows, key=lambda r: (r[1], r[2], r[0])):
        if ext and ext not in taken:
            ids[pk] = ext
            taken.add(ext)
        else:
            pending.append(pk)
    for pk in sorted(pending):
        candidate, n = f"{prefix}{pk}", 2
        while candidate in taken:
            candidate, n = f"{prefix}{pk}-{n}", n + 1
        ids[pk] = candidate
        taken.add(candidate)
    return ids


def _ids(qs: QuerySet, kind: str) -> dict[int, str]:
    return assign_ids(qs.values_list("pk", "external_id", "source"), GENERATED_ID_PREFIX[kind])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class Scope:
    """The querysets of the records to export."""

    def __init__(
        self, *, user: User | None = None, establishment: Establishment | None = None, year: int | None = None
    ):
        services = Service.objects.all()
        establishments = Establishment.objects.all()
        whole = True
        if establishment is not None:
            services = services.filter(establishment=establishment)
            establishments = establishments.filter(pk=establishment.pk)
            whole = False
        if user is not None and not user.sees_all_establishments:
            services = services.visible_to(user)
            establishments = establishments.visible_to(user)
            whole = False
        visible = Person.objects.all() if user is None else Person.objects.visible_to(user)
        visible_q = Q(person__in=visible.values("pk")) if user is not None else Q()

        def active(qs: QuerySet, start: str = "start_date", end: str = "end_date") -> QuerySet:
            if year is None:
                return qs
            return qs.filter(**{f"{start}__lte": datetime.date(year, 12, 31)}).filter(
                Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": datetime.date(year, 1, 1)})
            )

        def dated(qs: QuerySet, field: str) -> QuerySet:
            if year is None:
                return qs
            return qs.filter(**{f"{field}__year": year})

        self.stays = active(Stay.objects.filter(service__in=services.values("pk")).filter(visible_q))
        events = Event.objects.filter(service__in=services.values("pk"))
        if user is not None:
            events = events.filter(Q(person__isnull=True) | visible_q)
        self.events = dated(events, "date")
        self.requests = dated(
            AdmissionRequest.objects.filter(service__in=services.values("pk")).filter(visible_q), "received_on"
        )
        self.cohorts = active(Cohort.objects.filter(service__in=services.values("pk")))
        self.members = CohortMember.objects.filter(cohort__in=self.cohorts.values("pk")).filter(visible_q)
        self.tig = active(TigPlacement.objects.filter(service__in=services.values("pk")).filter(visible_q))
        capacities = CapacityPeriod.objects.filter(service__in=services.values("pk"))
        if year is not None:
            capacities = capacities.filter(start_date__lte=datetime.date(year, 12, 31)).filter(
                Q(end_date__isnull=True) | Q(end_date__gt=datetime.date(year, 1, 1))
            )
        self.capacities = capacities

        referenced = (
            Q(pk__in=self.stays.values("person_id"))
            | Q(pk__in=self.events.filter(person__isnull=False).values("person_id"))
            | Q(pk__in=self.requests.values("person_id"))
            | Q(pk__in=self.members.values("person_id"))
            | Q(pk__in=self.tig.values("person_id"))
        )
        if year is None:
            if whole:
                self.persons = visible
            else:
                self.persons = visible.filter(referenced | Q(home_establishment__in=establishments.values("pk")))
        else:
            self.persons = Person.objects.filter(referenced)
        person_pks = self.persons.values("pk")
        sees_justice = user is None or user.sees_justice
        sees_health = user is None or user.sees_health
        self.measures = JusticeMeasure.objects.filter(person__in=person_pks)
        if not sees_justice:
            self.measures = self.measures.none()
        self.vulnerabilities = Vulnerability.objects.filter(person__in=person_pks)
        if not sees_health:
            self.vulnerabilities = self.vulnerabilities.none()
        self.services = Service.objects.filter(
            Q(pk__in=services.values("pk")) | Q(pk__in=self.requests.values("reoriented_to_service_id"))
        )
        self.establishments = Establishment.objects.filter(
            Q(pk__in=establishments.values("pk")) | Q(pk__in=self.services.values("establishment_id"))
        )
        self.households = Household.objects.filter(pk__in=self.stays.values("household_id"))


def _fetch(model: type[models.Model], ordered_pks: list[int]) -> Iterator[models.Model]:
    for i in range(0, len(ordered_pks), CHUNK):
        chunk = ordered_pks[i : i + CHUNK]
        objs = model._default_manager.in_bulk(chunk)
        for pk in chunk:
            yield objs[pk]


def _by_id(ids: dict[int, str]) -> list[int]:
    return [pk for _, pk in sorted((v, k) for k, v in ids.items())]


@contextmanager
def _writers(path: Path) -> Iterator[Callable[[str], Any]]:
    """Yields open(name) → a context manager giving a text stream for that file."""
    if path.suffix.lower() == ".zip":
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:

            @contextmanager
            def open_member(name: str) -> Iterator[IO[str]]:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                with archive.open(info, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
                    yield text

            yield open_member
    else:
        path.mkdir(parents=True, exist_ok=True)

        def open_file(name: str) -> IO[str]:
            return (path / name).open("w", encoding="utf-8", newline="")

        yield open_file


def export_dataset(
    *, path: Path, user: User | None = None, establishment: Establishment | None = None, year: int | None = None
) -> dict[str, int]:
    scope = Scope(user=user, establishment=establishment, year=year)
    est_ids = _ids(scope.establishments, "establishment")
    service_ids = _ids(scope.services, "service")
    person_ids = _ids(scope.persons, "person")
    household_ids = _ids(scope.households, "household")
    cohort_ids = _ids(scope.cohorts, "cohort")
    counts: dict[str, int] = {}

    def rows_by_id(model: type[models.Model], ids: dict[int, str], line: Callable[[Any, str], list[Any]]):
        for obj in _fetch(model, _by_id(ids)):
            yield line(obj, ids[obj.pk])

    def rows_by_key(
        qs: QuerySet, key_fields: tuple[str, ...], key: Callable[[tuple], tuple], line: Callable[[Any], list[Any]]
    ):
        keyed = sorted((key(values), values[0]) for values in qs.values_list("pk", *key_fields))
        for obj in _fetch(qs.model, [pk for _, pk in keyed]):
            yield line(obj)

    producers: dict[str, Callable[[], Iterable[list[Any]]]] = {
        "establishments.csv": lambda: rows_by_id(Establishment, est_ids, lambda o, i: [i, o.name, o.city, o.territory]),
        "services.csv": lambda: rows_by_id(
            Service,
            service_ids,
            lambda o, i: [i, est_ids[o.establishment_id], o.name, o.modality, o.capacity, o.night_recording],
        ),
        "capacities.csv": lambda: rows_by_key(
            scope.capacities,
            ("service_id", "start_date"),
            lambda v: (service_ids[v[1]], v[2].isoformat(), v[0]),
            lambda o: [service_ids[o.service_id], o.start_date, o.end_date, o.places],
        ),
        "persons.csv": lambda: rows_by_id(
            Person, person_ids, lambda o, i: [i, o.last_name, o.first_name, o.birth_date, o.sex]
        ),
        "stays.csv": lambda: rows_by_id(
            Stay,
            _ids(scope.stays, "stay"),
            lambda o, i: [
                i,
                person_ids[o.person_id],
                service_ids[o.service_id],
                o.start_date,
                o.end_date,
                household_ids[o.household_id] if o.household_id else "",
                o.household_role,
                o.exit_reason,
                o.exit_housing,
                o.exit_activity,
            ],
        ),
        "justice_measures.csv": lambda: rows_by_id(
            JusticeMeasure,
            _ids(scope.measures, "justice_measure"),
            lambda o, i: [i, person_ids[o.person_id], o.measure, o.start_date, o.end_date, o.outcome, o.spip],
        ),
        "vulnerabilities.csv": lambda: rows_by_key(
            scope.vulnerabilities,
            ("person_id", "kind", "recorded_on"),
            lambda v: (person_ids[v[1]], v[2], v[3].isoformat(), v[0]),
            lambda o: [person_ids[o.person_id], o.kind, o.recorded_on],
        ),
        "events.csv": lambda: rows_by_id(
            Event,
            _ids(scope.events, "event"),
            lambda o, i: [
                i,
                person_ids[o.person_id] if o.person_id else "",
                service_ids[o.service_id],
                o.date,
                o.kind,
                o.quantity,
            ],
        ),
        "admission_requests.csv": lambda: rows_by_id(
            AdmissionRequest,
            _ids(scope.requests, "admission_request"),
            lambda o, i: [
                i,
                person_ids[o.person_id],
                service_ids[o.service_id],
                o.received_on,
                o.prescriber,
                o.decision,
                o.decided_on,
                o.outcome,
                service_ids[o.reoriented_to_service_id] if o.reoriented_to_service_id else "",
            ],
        ),
        "cohorts.csv": lambda: rows_by_id(
            Cohort,
            cohort_ids,
            lambda o, i: [i, service_ids[o.service_id], o.name, o.start_date, o.end_date, o.exam_date],
        ),
        "cohort_members.csv": lambda: rows_by_key(
            scope.members,
            ("cohort_id", "person_id"),
            lambda v: (cohort_ids[v[1]], person_ids[v[2]], v[0]),
            lambda o: [cohort_ids[o.cohort_id], person_ids[o.person_id], o.sat_exam, o.graduated],
        ),
        "tig_placements.csv": lambda: rows_by_id(
            TigPlacement,
            _ids(scope.tig, "tig_placement"),
            lambda o, i: [
                i,
                person_ids[o.person_id],
                service_ids[o.service_id],
                o.start_date,
                o.end_date,
                o.hours_ordered,
                o.hours_done,
                o.hired_after,
            ],
        ),
    }
    assert list(producers) == list(FILES)
    with _writers(path) as open_file:
        for name, columns in FILES.items():
            with open_file(name) as stream:
                writer = csv.writer(stream, lineterminator="\r\n")
                writer.writerow(columns)
                n = 0
                for row in producers[name]():
                    writer.writerow([_cell(v) for v in row])
                    n += 1
            counts[name] = n
    return counts
