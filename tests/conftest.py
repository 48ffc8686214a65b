"""Shared fixtures: the personas every view is tested with; undefined template variables fail the test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.template import Context, engines
from django.template.backends.django import DjangoTemplates
from django.template.base import FilterExpression
from django.test import Client

from accounts.enums import Role
from accounts.models import User
from establishments.enums import Modality
from establishments.models import Establishment, Service
from people.models import Person
from stays.models import Stay
from tests.factories import EstablishmentFactory, PersonFactory, ServiceFactory, StayFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """On SQLite, allow test flushes to empty the append-only audit table (see audit migration 0002)."""
    from core.sqlite3.base import audit_guard_lifted

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            with audit_guard_lifted(connection), connection.cursor() as cursor:
                cursor.execute("CREATE TABLE IF NOT EXISTS parcours_audit_purge (id integer)")
    yield


class FailOnUndefinedVariable(str):
    """`string_if_invalid` for the tests: a variable the context does not define fails the test, as pytest-django's
    --fail-on-template-vars does, except where the template says what to show without it (`{{ x|default:"…" }}`,
    which that option cannot tell apart). `{% if x %}` and `{% for y in x %}` never fail: Django resolves them
    leniently."""

    def __new__(cls) -> FailOnUndefinedVariable:
        return super().__new__(cls, "%s")  # contains "%s": Django calls __mod__ with the variable

    def __mod__(self, variable: Any) -> str:
        caller = sys._getframe(1)  # django.template.base.FilterExpression.resolve(self, context)
        expression, context = caller.f_locals.get("self"), caller.f_locals.get("context")
        if isinstance(expression, FilterExpression) and isinstance(context, Context) and expression.filters:
            first_filter = expression.filters[0][0]
            if getattr(first_filter, "__name__", "") == "default":
                return expression.resolve(context, ignore_failures=True)
        pytest.fail(f"Undefined template variable '{variable}' in '{_template_origin(caller)}'", pytrace=False)


def _template_origin(frame: FrameType | None) -> str:
    """The template being rendered: the innermost `render` frame of an object that has an origin."""
    while frame is not None:
        origin = getattr(frame.f_locals.get("self"), "origin", None)
        if frame.f_code.co_name == "render" and origin is not None:
            return str(origin)
        frame = frame.f_back
    return "?"


@pytest.fixture(scope="session", autouse=True)
def _fail_on_undefined_template_variables() -> Iterator[None]:
    """Set in the TEMPLATES setting itself, not only on today's engine: a test that changes DEBUG, TEMPLATES or
    INSTALLED_APPS makes Django build new engines from the setting (`django.test.signals.reset_template_engines`),
    and every test after it would otherwise render undefined variables as empty strings again."""
    options = settings.TEMPLATES[0]["OPTIONS"]
    previous = options.get("string_if_invalid", "")
    options["string_if_invalid"] = FailOnUndefinedVariable()
    backend = engines["django"]
    assert isinstance(backend, DjangoTemplates)
    backend.engine.string_if_invalid = options["string_if_invalid"]  # the engine may exist already
    yield
    options["string_if_invalid"] = previous
    backend = engines["django"]
    assert isinstance(backend, DjangoTemplates)
    backend.engine.string_if_invalid = previous


def verify_session(client: Client, user: User) -> None:
    """Mark the client's session as having passed the second factor, as the verification page does, for a user who
    needs one (accounts/two_factor.py): a confirmed app is given to the user if they have none."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not user.needs_two_factor:
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Application d'authentification", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


class VerifiedClient(Client):
    """The test client whose `force_login` signs in as after both factors (password, then the code where the role
    needs one): the personas of the access matrix and of every view test. Tests of the second factor itself use
    `Client()` and the real pages."""

    def force_login(self, user, backend=None):  # type: ignore[no-untyped-def]
        super().force_login(user, backend)
        verify_session(self, user)


@pytest.fixture
def client() -> VerifiedClient:
    return VerifiedClient()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_files(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Each test stores its files (documents, uploads, report files) and its jobs' live state in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {
        **settings.CACHES,
        "jobs": {**settings.CACHES["jobs"], "LOCATION": str(tmp_path / "jobs-state")},
    }


@pytest.fixture
def run_jobs():  # type: ignore[no-untyped-def]
    """Run the queued background jobs now, in this thread (what a worker would do): returns how many ran."""
    from jobs.worker import run_ready_jobs

    return run_ready_jobs


@dataclass
class World:
    """Two establishments with their services, a person in each, and the personas: the social worker and the head of
    establishment A, the social worker of B, the reception (night) agent of A, head office, the administrator."""

    est_a: Establishment
    est_b: Establishment
    chrs_a: Service
    shelter_a: Service
    chrs_b: Service
    person_a: Person
    person_b: Person
    stay_a: Stay
    stay_b: Stay
    worker_a: User
    head_a: User
    worker_b: User
    reception_a: User
    head_office: User
    admin: User


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    est_a = EstablishmentFactory(name="CHRS Les Augustins", external_id="augustins")
    est_b = EstablishmentFactory(name="CHRS Chemin Vert", city="Paris", external_id="chemin_vert")
    chrs_a = ServiceFactory(establishment=est_a, name="Insertion", modality=Modality.HEBERGEMENT_INSERTION, capacity=20)
    shelter_a = ServiceFactory(establishment=est_a, name="Urgence", modality=Modality.HEBERGEMENT_URGENCE, capacity=2)
    chrs_b = ServiceFactory(establishment=est_b, name="CHRS", modality=Modality.HEBERGEMENT_INSERTION, capacity=60)
    person_a = PersonFactory(last_name="Martin", first_name="Éric")
    person_b = PersonFactory(last_name="Bernard", first_name="Luc")
    stay_a = StayFactory(person=person_a, service=chrs_a)
    stay_b = StayFactory(person=person_b, service=chrs_b)
    return World(
        est_a=est_a,
        est_b=est_b,
        chrs_a=chrs_a,
        shelter_a=shelter_a,
        chrs_b=chrs_b,
        person_a=person_a,
        person_b=person_b,
        stay_a=stay_a,
        stay_b=stay_b,
        worker_a=UserFactory(
            username="worker_a", role=Role.SOCIAL_WORKER, establishments=[est_a], health_data_access=True
        ),
        head_a=UserFactory(username="head_a", role=Role.ESTABLISHMENT_HEAD, establishments=[est_a]),
        worker_b=UserFactory(username="worker_b", role=Role.SOCIAL_WORKER, establishments=[est_b]),
        reception_a=UserFactory(username="reception_a", role=Role.RECEPTION, establishments=[est_a]),
        head_office=UserFactory(username="siege", role=Role.HEAD_OFFICE, health_data_access=True),
        admin=UserFactory(username="admin", role=Role.ADMIN, health_data_access=True, is_staff=True, is_superuser=True),
    )
