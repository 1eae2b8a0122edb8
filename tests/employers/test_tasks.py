import inspect
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands, load_command_class
from django.utils import timezone

from backend.celery import app as celery_app
from employers.models import Offer, OfferTransitionLog
from employers.tasks import expire_offers

from ..factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(employer):
    now = timezone.now()
    today = timezone.localdate()
    long_ago = now - timedelta(days=settings.OFFER_STALE_DAYS + 10)
    return {
        "past_deadline": OfferFactory(
            employer=employer, published=True, title="Date passée", deadline=today - timedelta(days=1)
        ),
        "stale": OfferFactory(
            employer=employer, published=True, title="Jamais actualisée", refreshed_at=long_ago
        ),
        "stale_never_refreshed": OfferFactory(
            employer=employer,
            status=Offer.Status.PUBLISHED,
            title="Publiée il y a longtemps",
            published_at=long_ago,
            refreshed_at=None,
        ),
        "fresh": OfferFactory(
            employer=employer,
            published=True,
            title="Toute fraîche",
            deadline=today,  # still open today
            refreshed_at=now - timedelta(days=settings.OFFER_STALE_DAYS - 1),
        ),
        "draft": OfferFactory(employer=employer, title="Brouillon", deadline=today - timedelta(days=30)),
    }


DUE = ("past_deadline", "stale", "stale_never_refreshed")


def run(*args) -> str:
    out = StringIO()
    call_command("expire_offers", *args, stdout=out)
    return out.getvalue()


def statuses(offers) -> dict[str, str]:
    return {name: Offer.objects.get(pk=o.pk).status for name, o in offers.items()}


def test_dry_run_lists_due_offers_and_changes_nothing(offers):
    before = statuses(offers)

    output = run()

    assert statuses(offers) == before
    assert OfferTransitionLog.objects.count() == 0
    for name in DUE:
        assert f"#{offers[name].pk} « {offers[name].title} »" in output
    assert "Toute fraîche" not in output and "Brouillon" not in output
    assert "date limite dépassée" in output
    assert "non actualisée depuis le" in output
    assert "3 offre(s) à expirer. Rien n'a été modifié : relancez avec --wet-run" in output


def test_wet_run_expires_due_offers_and_logs_each_transition(offers):
    output = run("--wet-run", "--batch-size", "2")

    assert statuses(offers) == {
        "past_deadline": Offer.Status.EXPIRED,
        "stale": Offer.Status.EXPIRED,
        "stale_never_refreshed": Offer.Status.EXPIRED,
        "fresh": Offer.Status.PUBLISHED,
        "draft": Offer.Status.DRAFT,
    }
    logs = OfferTransitionLog.objects.order_by("offer_id")
    assert [
        (log.offer_id, log.transition, log.from_state, log.to_state, log.actor) for log in logs
    ] == sorted((offers[name].pk, "expire", "published", "expired", None) for name in DUE)
    assert "3 offre(s) expirée(s)." in output


def test_running_twice_is_a_no_op(offers):
    run("--wet-run")
    logs = OfferTransitionLog.objects.count()

    output = run("--wet-run")

    assert OfferTransitionLog.objects.count() == logs == 3
    assert "0 offre(s) expirée(s)." in output
    assert "Aucune offre à expirer." in run()


def test_an_expired_offer_can_be_submitted_again(offers, employer_user):
    from employers import services

    run("--wet-run")
    offer = services.offer_transition(offer=offers["stale"], transition="submit", by=employer_user)

    assert offer.status == Offer.Status.SUBMITTED


def test_the_celery_task_expires_through_the_same_service(offers):
    result = expire_offers.delay(batch_size=1).get()

    assert result == {"due": 3, "expired": 3}
    assert statuses(offers)["stale"] == Offer.Status.EXPIRED
    assert expire_offers.delay().get() == {"due": 0, "expired": 0}


def test_the_task_has_time_limits_and_retries_only_database_outages():
    from django.db import OperationalError

    assert expire_offers.name == "employers.expire_offers"
    assert 0 < expire_offers.soft_time_limit < expire_offers.time_limit
    assert OperationalError in expire_offers.autoretry_for


def test_a_batch_size_below_one_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--batch-size"):
        run("--batch-size", "0")


# ---------------------------------------------------------------- schedule ↔ tasks ↔ commands


PROJECT_APPS = ("backend", "employers", "graduates", "placements", "matching")


def periodic_commands() -> dict[str, str]:
    """Task name -> the project command doing the same job.

    A command declares its task with ``periodic_task = "app.task_name"``, or names it in its help
    ("… (tâche périodique nlp.sweep_stale_offers)"); failing both, it bears the task's short name.
    """
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    found = {}
    for name, app in get_commands().items():
        if not app.startswith(PROJECT_APPS):
            continue
        command = load_command_class(app, name)
        declared = getattr(command, "periodic_task", None)
        if declared:
            found[declared] = name
            continue
        for task in scheduled:
            if re.search(rf"\b{re.escape(task)}\b", str(command.help)):
                found.setdefault(task, name)
    return found


def test_every_scheduled_task_is_registered_and_has_a_reporting_command():
    celery_app.loader.import_default_modules()
    commands = get_commands()
    declared = periodic_commands()

    assert settings.CELERY_BEAT_SCHEDULE, "the schedule must not be empty"
    for entry_name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        task_name = entry["task"]
        assert task_name in celery_app.tasks, f"{entry_name}: {task_name} is not a registered Celery task"
        task = celery_app.tasks[task_name]
        # The schedule's arguments are ones the task accepts.
        inspect.signature(task.run).bind(*entry.get("args", ()), **entry.get("kwargs", {}))
        assert task.time_limit and task.soft_time_limit, f"{task_name} has no time limits"

        # The same job as a management command, dry by default, with the same knobs.
        command_name = declared.get(task_name) or task_name.rsplit(".", 1)[1]
        assert command_name in commands, (
            f"{task_name} has no management command: set periodic_task = {task_name!r} on the command "
            "that does the same job (dry unless --wet-run)"
        )
        command = load_command_class(commands[command_name], command_name)
        parser = command.create_parser("manage.py", command_name)
        options = {action.dest for action in parser._actions}
        assert "wet_run" in options, f"{command_name} has no --wet-run"
        assert set(entry.get("kwargs", {})) <= options, (
            f"{command_name} lacks options for {entry.get('kwargs')}"
        )
        assert vars(parser.parse_args([]))["wet_run"] is False


def test_the_expiry_command_declares_its_periodic_task():
    assert periodic_commands()["employers.expire_offers"] == "expire_offers"
