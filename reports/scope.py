"""The scope of a report: the whole association, one establishment or one service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from establishments.models import Establishment, Service
from interchange.exporting import assign_ids
from interchange.format import GENERATED_ID_PREFIX

ASSOCIATION = "association"
ESTABLISHMENT = "establishment"
SERVICE = "service"


def interchange_ids(model: type[Establishment] | type[Service]) -> dict[int, str]:
    """pk → interchange id of every establishment or service, exactly as the interchange export writes them
    (`interchange.exporting.assign_ids`): the external id, or a generated `E<pk>` / `S<pk>` when it has none
    (or when another source already uses it)."""
    kind = "service" if model is Service else "establishment"
    return assign_ids(model.objects.values_list("pk", "external_id", "source"), GENERATED_ID_PREFIX[kind])


def interchange_id(obj: Establishment | Service) -> str:
    """The interchange id of one establishment or service."""
    return interchange_ids(type(obj))[obj.pk]


def find_by_interchange_id(model: type[Establishment] | type[Service], ident: str) -> Any:
    """The establishment or service with that interchange id, or None."""
    for pk, value in interchange_ids(model).items():
        if value == ident:
            return model.objects.get(pk=pk)
    return None


@dataclass(frozen=True)
class Scope:
    type: str  # "association" | "establishment" | "service"
    establishment: Establishment | None = None
    service: Service | None = None

    @classmethod
    def association(cls) -> Scope:
        return cls(type=ASSOCIATION)

    @classmethod
    def for_establishment(cls, establishment: Establishment) -> Scope:
        return cls(type=ESTABLISHMENT, establishment=establishment)

    @classmethod
    def for_service(cls, service: Service) -> Scope:
        return cls(type=SERVICE, service=service, establishment=service.establishment)

    @property
    def slug(self) -> str:
        """The scope as it appears in report URLs: `association`, `e<pk>` or `s<pk>`."""
        if self.type == SERVICE:
            return f"s{self.service.pk}"  # type: ignore[union-attr]
        if self.type == ESTABLISHMENT:
            return f"e{self.establishment.pk}"  # type: ignore[union-attr]
        return ASSOCIATION

    @property
    def label(self) -> str:
        if self.type == SERVICE:
            return f"{self.service.establishment.name} — {self.service.name}"  # type: ignore[union-attr]
        if self.type == ESTABLISHMENT:
            return self.establishment.name  # type: ignore[union-attr]
        return "Toute l'association"

    def service_q(self, prefix: str = "service") -> Q:
        """A filter on a model with a foreign key to Service named `prefix` (or a path to it)."""
        if self.type == SERVICE:
            return Q(**{f"{prefix}_id": self.service.pk})  # type: ignore[union-attr]
        if self.type == ESTABLISHMENT:
            return Q(**{f"{prefix}__establishment_id": self.establishment.pk})  # type: ignore[union-attr]
        return Q()

    def service_sql(self, alias: str) -> tuple[str, list[Any]]:
        """The same filter in SQL, on a table of services aliased `alias`: a condition to AND (empty for the
        association) and its parameters."""
        if self.type == SERVICE:
            return f"{alias}.id = %s", [self.service.pk]  # type: ignore[union-attr]
        if self.type == ESTABLISHMENT:
            return f"{alias}.establishment_id = %s", [self.establishment.pk]  # type: ignore[union-attr]
        return "", []

    def filter_stays(self, stays: QuerySet[Any]) -> QuerySet[Any]:
        """The stays of a Stay queryset whose service is in the scope."""
        return stays.filter(self.service_q("service"))

    def filter_by_service(self, qs: QuerySet[Any], prefix: str = "service") -> QuerySet[Any]:
        return qs.filter(self.service_q(prefix))

    def services(self) -> QuerySet[Service]:
        qs = Service.objects.all()
        if self.type == SERVICE:
            return qs.filter(pk=self.service.pk)  # type: ignore[union-attr]
        if self.type == ESTABLISHMENT:
            return qs.filter(establishment_id=self.establishment.pk)  # type: ignore[union-attr]
        return qs

    def to_json(self) -> dict[str, Any]:
        if self.type == SERVICE:
            return {"type": SERVICE, "id": interchange_id(self.service)}  # type: ignore[arg-type]
        if self.type == ESTABLISHMENT:
            return {"type": ESTABLISHMENT, "id": interchange_id(self.establishment)}  # type: ignore[arg-type]
        return {"type": ASSOCIATION, "id": None}
