import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from backend.settings import env_bool

ROOT = Path(__file__).resolve().parents[2]
# What the process must not inherit: the settings read these, and the test decides each one.
SETTINGS_VARS = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "TREMPLIN_ENV",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "CELERY_BROKER_URL",
    "EMAIL_URL",
    "REDIS_URL",
    "PRIVACY_CONTACT_EMAIL",
    "DEFAULT_FROM_EMAIL",
}


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("Yes", True), (" true ", True), ("off", False), ("0", False)]
)
def test_env_bool_reads_clear_answers(monkeypatch, raw, expected):
    monkeypatch.setenv("TREMPLIN_TEST_FLAG", raw)

    assert env_bool("TREMPLIN_TEST_FLAG", default=not expected) is expected


def test_env_bool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("TREMPLIN_TEST_FLAG", raising=False)

    assert env_bool("TREMPLIN_TEST_FLAG", default=True) is True
    assert env_bool("TREMPLIN_TEST_FLAG", default=False) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "oui", "truee"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("TREMPLIN_TEST_FLAG", raw)

    with pytest.raises(ImproperlyConfigured, match="TREMPLIN_TEST_FLAG"):
        env_bool("TREMPLIN_TEST_FLAG", default=False)


def run_python(args: list[str], **env) -> subprocess.CompletedProcess:
    # A production process never runs with the browser tests' async-safety switch.
    base = {
        k: v for k, v in os.environ.items() if k not in SETTINGS_VARS and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    base["DJANGO_SETTINGS_MODULE"] = "backend.settings"
    base.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120, check=False
    )


SETUP = "import django; django.setup(); from django.conf import settings; print('DEBUG', settings.DEBUG)"


def random_secret() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python(["-c", SETUP], TREMPLIN_ENV="production", ALLOWED_HOSTS="tremplin.example.fr")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_python(["-c", SETUP], TREMPLIN_ENV="production", SECRET_KEY=random_secret())

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_an_unknown_environment_name_is_refused():
    result = run_python(["-c", SETUP], TREMPLIN_ENV="staging")

    assert result.returncode != 0
    assert "TREMPLIN_ENV='staging'" in result.stderr


def test_a_vague_debug_flag_stops_the_start():
    result = run_python(["-c", SETUP], DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG='maybe'" in result.stderr


def test_no_secret_has_a_default_once_debug_is_off():
    result = run_python(["-c", SETUP], DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr

    with_key = run_python(["-c", SETUP], DEBUG="false", SECRET_KEY=random_secret())
    assert with_key.returncode == 0, with_key.stderr
    assert "DEBUG False" in with_key.stdout


def test_development_starts_with_debug_and_embedded_defaults():
    result = run_python(["-c", SETUP])

    assert result.returncode == 0, result.stderr
    assert "DEBUG True" in result.stdout


def test_production_settings_pass_the_deployment_checks():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        TREMPLIN_ENV="production",
        SECRET_KEY=random_secret(),
        ALLOWED_HOSTS="tremplin.example.fr",
        PRIVACY_CONTACT_EMAIL="dpo@tremplin.example.fr",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tremplin"),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("contact", "check_id"), [(None, "tremplin.E001"), ("tremplin@localhost", "tremplin.E002")]
)
def test_production_refuses_to_start_without_a_reachable_privacy_contact(contact, check_id):
    # `migrate` runs the system checks: the compose file's migrate service fails, so web never starts.
    env = {"PRIVACY_CONTACT_EMAIL": contact} if contact else {}
    result = run_python(
        ["manage.py", "check"],
        TREMPLIN_ENV="production",
        SECRET_KEY=random_secret(),
        ALLOWED_HOSTS="tremplin.example.fr",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tremplin"),
        **env,
    )

    assert result.returncode != 0
    assert check_id in result.stderr
    assert "PRIVACY_CONTACT_EMAIL" in result.stderr and "données personnelles" in result.stderr


def test_development_starts_without_a_privacy_contact():
    result = run_python(["manage.py", "check"])

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_are_strict():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = run_python(
        ["-c", code],
        TREMPLIN_ENV="production",
        SECRET_KEY=random_secret(),
        ALLOWED_HOSTS="tremplin.example.fr",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "False"]
