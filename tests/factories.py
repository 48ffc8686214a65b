"""Factories for every app (one module: the models are small and share their setup)."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.enums import Role
from accounts.models import User
from admissions.models import AdmissionRequest
from employment.models import ActivityPeriod, Cohort, CohortMember, Contract, TigPlacement
from establishments.enums import Modality
from establishments.models import CapacityPeriod, Establishment, Service
from events.models import Event
from justice.models import JusticeMeasure
from people.models import Household, Person, Vulnerability
from people.normalize import search_key
from places.models import Unit
from stays.models import Stay


class EstablishmentFactory(DjangoModelFactory[Establishment]):
    class Meta:
        model = Establishment

    name = factory.Sequence(lambda n: f"Établissement {n}")
    city = "Amiens"
    territory = "Somme"


class ServiceFactory(DjangoModelFactory[Service]):
    class Meta:
        model = Service

    establishment = factory.SubFactory(EstablishmentFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    modality = Modality.HEBERGEMENT_INSERTION
    capacity = 20


class CapacityPeriodFactory(DjangoModelFactory[CapacityPeriod]):
    class Meta:
        model = CapacityPeriod

    service = factory.SubFactory(ServiceFactory)
    start_date = datetime.date(2019, 1, 1)
    end_date = None
    places = 10


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Agent{n}")
    role = Role.SOCIAL_WORKER
    password = factory.django.Password("motdepasse-de-test-123")

    @factory.post_generation
    def establishments(self, create: bool, extracted: list[Establishment] | None, **kwargs: object) -> None:
        if create and extracted:
            self.establishments.set(extracted)


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    last_name = factory.Faker("last_name", locale="fr_FR")
    first_name = factory.Faker("first_name", locale="fr_FR")
    birth_date = datetime.date(1985, 6, 15)
    sex = "M"
    search_name = factory.LazyAttribute(lambda o: search_key(o.last_name, o.first_name))


class HouseholdFactory(DjangoModelFactory[Household]):
    class Meta:
        model = Household


class StayFactory(DjangoModelFactory[Stay]):
    class Meta:
        model = Stay

    person = factory.SubFactory(PersonFactory)
    service = factory.SubFactory(ServiceFactory)
    start_date = datetime.date(2019, 3, 1)
    end_date = None
    hosting = factory.LazyAttribute(lambda o: o.service.is_hosting)

    class Params:
        closed = factory.Trait(
            end_date=datetime.date(2019, 9, 1),
            exit_reason="fin_accompagnement",
            exit_housing="logement_autonome",
            exit_activity="cdi",
        )


class JusticeMeasureFactory(DjangoModelFactory[JusticeMeasure]):
    class Meta:
        model = JusticeMeasure

    person = factory.SubFactory(PersonFactory)
    measure = "pse"
    start_date = datetime.date(2019, 2, 1)
    end_date = None
    outcome = "en_cours"
    spip = "SPIP 80"


class VulnerabilityFactory(DjangoModelFactory[Vulnerability]):
    class Meta:
        model = Vulnerability

    person = factory.SubFactory(PersonFactory)
    kind = "addiction_alcool"
    recorded_on = datetime.date(2019, 4, 1)


class EventFactory(DjangoModelFactory[Event]):
    class Meta:
        model = Event

    person = factory.SubFactory(PersonFactory)
    service = factory.SubFactory(ServiceFactory)
    date = datetime.date(2019, 5, 1)
    kind = "repas"
    quantity = 1


class AdmissionRequestFactory(DjangoModelFactory[AdmissionRequest]):
    class Meta:
        model = AdmissionRequest

    person = factory.SubFactory(PersonFactory)
    service = factory.SubFactory(ServiceFactory)
    received_on = datetime.date(2019, 2, 1)
    prescriber = "spip"


class CohortFactory(DjangoModelFactory[Cohort]):
    class Meta:
        model = Cohort

    service = factory.SubFactory(ServiceFactory, modality=Modality.CONTRAT_INSERTION)
    name = factory.Sequence(lambda n: f"Promotion {n}")
    start_date = datetime.date(2019, 1, 7)


class CohortMemberFactory(DjangoModelFactory[CohortMember]):
    class Meta:
        model = CohortMember

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(PersonFactory)


class TigPlacementFactory(DjangoModelFactory[TigPlacement]):
    class Meta:
        model = TigPlacement

    person = factory.SubFactory(PersonFactory)
    service = factory.SubFactory(ServiceFactory, modality=Modality.CONTRAT_INSERTION)
    start_date = datetime.date(2019, 3, 1)
    hours_done = 0


class ContractFactory(DjangoModelFactory[Contract]):
    """A CDDI written directly (tests of reading code); the services' rules are tested through the services."""

    class Meta:
        model = Contract

    stay = factory.SubFactory(StayFactory, service__modality=Modality.CONTRAT_INSERTION)
    kind = "initial"
    start_date = factory.LazyAttribute(lambda o: o.stay.start_date)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=182))
    planned_end_date = factory.LazyAttribute(lambda o: o.end_date)
    weekly_hours = 26


class ActivityPeriodFactory(DjangoModelFactory[ActivityPeriod]):
    class Meta:
        model = ActivityPeriod

    person = factory.SubFactory(PersonFactory)
    activity = "recherche_emploi"
    start_date = datetime.date(2019, 1, 1)
    end_date = None


class UnitFactory(DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Ch. {n}")
    places = 1
