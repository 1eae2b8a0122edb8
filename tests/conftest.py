"""Personas and guards shared by the whole suite.

Tests run on the database named by DATABASE_URL (PostgreSQL in `make test` and CI). Celery tasks run
eagerly in tests unless a test talks to the broker on purpose (tests/reliability).
"""

import pytest
from django.test import Client

from backend.accounts.models import User
from backend.celery import app as celery_app

from .factories import PASSWORD, ContactFactory, EmployerFactory, UserFactory


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield


@pytest.fixture(autouse=True)
def _strict_templates(settings):
    """An undefined variable in a template fails the test instead of rendering as nothing."""
    import copy

    templates = copy.deepcopy(settings.TEMPLATES)
    for engine in templates:
        engine.setdefault("OPTIONS", {})["string_if_invalid"] = InvalidVariable("%s")
    settings.TEMPLATES = templates


class InvalidVariable(str):
    def __mod__(self, other):
        raise AssertionError(f"Undefined template variable: {other!r}")

    def __bool__(self):  # keeps {% if missing %} falsy as Django expects
        return False


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Hundreds of logins: a fast hasher in tests (production keeps PBKDF2)."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        # Rows made outside a test's settings (module-scoped seeds) still verify.
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def employer(db):
    """An approved regional employer."""
    return EmployerFactory(name="Hauts Numériques", commune_id="62498")


@pytest.fixture
def employer_user(employer):
    return ContactFactory(employer=employer).user


@pytest.fixture
def colleague_user(employer):
    return ContactFactory(employer=employer, is_primary=False).user


@pytest.fixture
def other_employer(db):
    return EmployerFactory(name="Concurrent SARL", commune_id="59350")


@pytest.fixture
def other_employer_user(other_employer):
    return ContactFactory(employer=other_employer).user


@pytest.fixture
def officer(db):
    return UserFactory(role=User.Role.OFFICER, email="charge@ecole.fr")


@pytest.fixture
def graduate_user(db):
    return UserFactory(role=User.Role.GRADUATE)


def _client_for(user) -> Client:
    # force_login: django-axes needs the request that Client.login() does not pass; the password still
    # has to be the personas' own.
    assert user.check_password(PASSWORD)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_for():
    return _client_for


@pytest.fixture
def api_client_for():
    from rest_framework.test import APIClient

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end connections left open by live-server threads
    (browser tests): otherwise PostgreSQL refuses to drop a database still in use."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
