"""A sync killed for real: ``manage.py territory_sync --wet-run`` runs in its own process against the replay
server and is killed (SIGKILL, no chance to clean up) halfway; the next run finishes the job from the
checkpoint, and every France Travail offer is in Tremplin once.

Both runs hold the offers' analysis announcements (``events.held``, as the demo's bulk import does): what
is tested is the sync, and the analysis of each offer, run in-process without a broker, would make the
test minutes long. The rows still say they await their analysis (content hash), as after any bulk load."""

import os
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from backend.core import events
from employers.models import Offer
from territory.models import FeedRecord, SyncRun

from .replay_server import CLIENT_ID, CLIENT_SECRET, ReplayAPI
from .test_sync import region

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
ANNOUNCEMENTS = ("offer.changed", "offer.published")
# The child: the command itself, in a process of its own, announcements held.
CHILD = f"""
import django
django.setup()
from django.core.management import call_command
from backend.core import events
with events.held(*{ANNOUNCEMENTS!r}):
    call_command("territory_sync", "--wet-run")
"""


def database_url() -> str:
    """The test database, for the child process (the same PostgreSQL database this test writes to)."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.2)


def test_a_sync_process_killed_halfway_is_finished_by_the_next_run(offers, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the killed process shares the test database: PostgreSQL only (DATABASE_URL)")
    rows = region(offers, 100)
    in_59 = sum(1 for r in rows if r["lieuTravail"]["commune"].startswith("59"))
    assert 0 < in_59 < len(rows)
    romes = sorted({r["romeCode"] for r in rows})
    feed = {
        "FRANCE_TRAVAIL_CLIENT_ID": CLIENT_ID,
        "FRANCE_TRAVAIL_CLIENT_SECRET": CLIENT_SECRET,
        "TERRITORY_DEPARTEMENTS": "59,62",
        "TERRITORY_ROME_CODES": ",".join(romes),
    }
    api = ReplayAPI(rows)
    # The first search (département 59) is answered; the second (62) arrives and waits: the child has
    # committed the first page with its checkpoint and is blocked on the network when it is killed.
    api.hold_at = 2
    api.start()
    log = tmp_path / "child.log"
    try:
        env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
        env |= feed | {
            "DJANGO_SETTINGS_MODULE": "backend.settings",
            "DATABASE_URL": database_url(),
            "FRANCE_TRAVAIL_API_URL": api.url,
            "FRANCE_TRAVAIL_TOKEN_URL": f"{api.url}/token",
        }
        with log.open("wb") as out:
            child = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
                [sys.executable, "-c", CHILD],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            try:
                wait_for(lambda: api.holding.is_set() or child.poll() is not None, 300, "the second search")
                assert child.poll() is None, log.read_text(errors="replace")
                child.send_signal(signal.SIGKILL)
                assert child.wait(timeout=30) == -signal.SIGKILL
            finally:
                if child.poll() is None:
                    child.kill()
                    child.wait()

        # Killed halfway: the first search is in, the second is still in the run's checkpoint.
        run = SyncRun.objects.get()
        assert run.status == SyncRun.Status.RUNNING, log.read_text(errors="replace")
        assert run.created == in_59
        assert [item["params"]["departement"] for item in run.cursor] == ["62"]
        assert Offer.objects.filter(source=Offer.Source.FRANCE_TRAVAIL).count() == in_59

        # The next run (the command again) resumes: no search asked twice, every offer once.
        api.hold_at = None
        api.release.set()
        for name, value in feed.items():
            setattr(settings, name, value.split(",") if name.startswith("TERRITORY_") else value)
        settings.FRANCE_TRAVAIL_API_URL, settings.FRANCE_TRAVAIL_TOKEN_URL = api.url, f"{api.url}/token"
        out = StringIO()
        with events.held(*ANNOUNCEMENTS):
            call_command("territory_sync", "--wet-run", stdout=out)
    finally:
        api.stop()

    assert "Reprise d'une synchronisation interrompue." in out.getvalue()
    assert f"created {len(rows)}" in out.getvalue() and "closed 0" in out.getvalue()
    run.refresh_from_db()
    assert (run.status, run.cursor, run.created) == (SyncRun.Status.DONE, [], len(rows))
    assert SyncRun.objects.count() == 1
    territory = Offer.objects.filter(source=Offer.Source.FRANCE_TRAVAIL)
    assert territory.count() == len(rows) == territory.values("external_id").distinct().count()
    assert FeedRecord.objects.count() == len(rows)
    assert set(territory.values_list("external_id", flat=True)) == {r["id"] for r in rows}
    # Département 59 once before the kill, 62 held then asked again by the resumed run: 3 searches.
    assert api.search_calls == 3
