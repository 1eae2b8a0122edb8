"""The production compose file and image, checked statically: no Docker engine runs in CI.

Each command a container runs must be one the code provides (the WSGI callable, the Celery app and
its queues, the management commands), and each variable handed to the image must be one that
``backend/settings.py`` reads.
"""

import importlib
import importlib.util
import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands
from django.urls import resolve

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web", "worker", "beat")
# Read by Python, Django or the image rather than by settings.py.
RUNTIME_VARIABLES = {"DJANGO_SETTINGS_MODULE", "PYTHONPATH", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def settings_variables() -> set[str]:
    source = (ROOT / "backend" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source)) | set(
        re.findall(r"\benv_bool\(\s*\"([A-Z][A-Z0-9_]*)\"", source)
    )


def command_of(service: dict) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def dockerfile_cmd(dockerfile: str) -> list[str]:
    match = re.search(r"^CMD\s+(\[.*\])\s*$", dockerfile, re.MULTILINE)
    assert match, "the Dockerfile has no exec-form CMD"
    return yaml.safe_load(match.group(1))


def celery_queues() -> set[str]:
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    return routed | {settings.CELERY_TASK_DEFAULT_QUEUE}


def test_compose_file_defines_the_production_services(compose):
    assert {"db", "redis", *APP_SERVICES} <= set(compose["services"])
    assert compose["services"]["db"]["image"].startswith("postgres:16")
    assert compose["services"]["redis"]["image"].startswith("redis:7")


def test_every_application_service_runs_the_one_image(compose):
    images = {
        (compose["services"][name]["image"], compose["services"][name]["build"]) for name in APP_SERVICES
    }
    assert images == {("tremplin:latest", ".")}


def test_application_services_get_production_settings_and_the_env_file(compose):
    for name in APP_SERVICES:
        service = compose["services"][name]
        env = service["environment"]
        assert env["TREMPLIN_ENV"] == "production", name
        assert env["DATABASE_URL"].startswith("postgres://"), name
        assert env["DATABASE_URL"].endswith("@db:5432/tremplin"), name
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379/"), name
        assert env["REDIS_URL"].startswith("redis://redis:6379/"), name
        assert env["CELERY_BROKER_URL"] != env["REDIS_URL"], "broker and cache share a Redis database"
        assert service["env_file"] == ".env", name


def test_every_variable_given_to_the_containers_is_read_by_settings(compose, dockerfile):
    known = settings_variables() | RUNTIME_VARIABLES
    given = {key for name in APP_SERVICES for key in compose["services"][name]["environment"]}
    given |= {
        key
        for block in re.findall(r"^ENV\s+((?:.*\\\n)*.*)$", dockerfile, re.MULTILINE)
        for key in re.findall(r"([A-Z][A-Z0-9_]*)=", block)
        if not key.startswith("PIP_")
    }
    assert "SECRET_KEY" in known and "ALLOWED_HOSTS" in known
    assert given - known == set()


def test_deploy_guide_env_template_lists_only_variables_the_code_reads():
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    template = re.search(r"```(?:dotenv|ini|sh)?\n(# \.env.*?)```", guide, re.DOTALL)
    assert template, "docs/deploy.md has no .env template block starting with '# .env'"
    names = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", template.group(1), re.MULTILINE))
    compose_only = {"POSTGRES_PASSWORD", "WEB_PORT"}  # read by docker-compose.yml itself
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD"} <= names
    assert names - compose_only - settings_variables() == set()


def test_web_runs_gunicorn_on_the_project_wsgi_application(compose, dockerfile, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path  # building the WSGI app starts whitenoise, which warns without it
    command = command_of(compose["services"]["web"])
    assert command[0] == "gunicorn"
    assert importlib.util.find_spec("gunicorn") is not None
    module_name, _, attribute = command[1].partition(":")
    assert (module_name, attribute) == ("backend.wsgi", "application")
    assert callable(getattr(importlib.import_module(module_name), attribute))
    assert dockerfile_cmd(dockerfile)[:2] == command[:2]


def test_celery_commands_name_the_project_app_and_its_queues(compose):
    from backend.celery import app as celery_app

    consumed: set[str] = set()
    for name in ("worker", "beat"):
        command = command_of(compose["services"][name])
        assert command[:3] == ["celery", "-A", "backend"], name
        assert command[3] == name
        assert importlib.import_module(command[2]).celery_app is celery_app
        if "-Q" in command:
            queues = set(command[command.index("-Q") + 1].split(","))
            assert queues <= celery_queues(), f"{name} listens to queues no task is routed to"
            consumed |= queues
    assert consumed == celery_queues(), "some routed queue has no worker"


def test_make_worker_target_listens_to_the_same_queues(compose):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    worker = command_of(compose["services"]["worker"])
    make_queues = re.search(r"celery -A backend worker -Q (\S+)", makefile).group(1)
    assert make_queues == worker[worker.index("-Q") + 1]


def test_manage_py_commands_exist(compose):
    commands = get_commands()
    seen = 0
    for name, service in compose["services"].items():
        if "command" not in service:
            continue
        command = command_of(service)
        if "manage.py" in command:
            subcommand = command[command.index("manage.py") + 1]
            assert subcommand in commands, f"{name}: manage.py {subcommand} does not exist"
            seen += 1
    assert seen >= 1  # the migrate one-shot


def test_web_waits_for_migrations_and_the_services(compose):
    services = compose["services"]
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["db"]["condition"] == "service_healthy", name
    assert services["migrate"]["restart"] == "no"
    for service in services.values():
        for dependency in service.get("depends_on", {}):
            assert dependency in services


def test_healthchecks_probe_real_endpoints(compose):
    services = compose["services"]
    for name in ("db", "redis", "web", "worker"):
        assert services[name]["healthcheck"]["test"], name
    web_probe = " ".join(services["web"]["healthcheck"]["test"])
    path = re.search(r"http://127\.0\.0\.1:8000(/\S*?)'", web_probe).group(1)
    assert resolve(path).url_name == "healthz"
    assert "X-Forwarded-Proto" in web_probe  # or the production HTTPS redirect answers 301


def test_image_is_slim_python_runs_as_a_user_and_collects_static_files(dockerfile):
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.MULTILINE)
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    collect = re.search(r"^RUN .*manage\.py collectstatic --noinput", dockerfile, re.MULTILINE)
    assert collect and "SECRET_KEY=" in collect.group(0)
    assert "pyproject.toml" in dockerfile


def test_management_commands_named_in_the_docs_exist():
    commands = get_commands()
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    named = {
        (path.name, name)
        for path in texts
        for name in re.findall(r"manage\.py ([a-z_]+)", path.read_text(encoding="utf-8"))
    }
    assert named, "no manage.py command named in the docs"
    assert {(doc, name) for doc, name in named if name not in commands} == set()
