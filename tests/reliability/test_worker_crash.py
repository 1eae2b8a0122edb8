"""A worker killed in the middle of a task: the task is redone, with the result an unbroken run gives.

Real pieces only: the test's own ``redis-server`` as broker, the test's PostgreSQL database, and
``celery -A backend worker`` subprocesses. The first worker takes ``nlp.extract_offer`` and blocks on
the offer's row, which the test holds locked (a second connection, ``SELECT … FOR UPDATE``): the task
is provably mid-flight, its message delivered and not acknowledged (``acks_late``). The worker is then
killed with SIGKILL, the lock released, and a second worker started: once the broker's visibility
timeout passes (``CELERY_VISIBILITY_TIMEOUT``, 5 s here, 30 min by default; a worker sweeps every
``CELERY_RESTORE_INTERVAL``, 1 s here, 60 s by default) the message is delivered
again and the offer ends analysed exactly as the pipeline reads it in-process.
"""

import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from employers.models import Offer, OfferSkill
from matching import nlp_bridge
from tests.factories import OfferFactory
from tests.reliability.test_faults import OwnRedis

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).parent / "celery")

TEXT = (
    "Nous recherchons un·e technicien·ne support informatique pour assurer l'assistance aux utilisateurs, "
    "l'installation des postes de travail sous Windows et la gestion des sauvegardes. Connaissance "
    "d'Active Directory appréciée. Esprit d'équipe."
)


def _conninfo() -> dict:
    s = connection.settings_dict
    return {
        "host": s["HOST"] or "127.0.0.1",
        "port": s["PORT"] or 5432,
        "user": s["USER"] or "postgres",
        "dbname": s["NAME"],
    }


def _worker(broker: str) -> subprocess.Popen:
    info = _conninfo()
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{info['user']}@{info['host']}:{info['port']}/{info['dbname']}",
        CELERY_BROKER_URL=broker,
        CELERY_VISIBILITY_TIMEOUT="5",
        CELERY_RESTORE_INTERVAL="1",
        DJANGO_SETTINGS_MODULE="backend.settings",
    )
    # WORKER_LOG=/tmp/worker.log WORKER_LOG_LEVEL=info keep what the workers say.
    with open(os.environ.get("WORKER_LOG", os.devnull), "a") as log:
        return subprocess.Popen(
            [
                CELERY,
                "-A",
                "backend",
                "worker",
                "-Q",
                "nlp",
                "-P",
                "solo",
                "-l",
                os.environ.get("WORKER_LOG_LEVEL", "warning"),
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )


def _stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_a_task_cut_by_a_killed_worker_is_redone_with_an_identical_result(employer):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (the worker shares the test database)")
    from matching.tasks import extract_offer

    offer = OfferFactory(employer=employer, title="Technicien·ne support informatique", description=TEXT)
    Offer.objects.filter(pk=offer.pk).update(content_hash=offer.compute_content_hash(), analysed_hash="")
    offer.refresh_from_db()
    assert offer.content_hash and offer.analysed_hash != offer.content_hash
    expected = {
        (s["uid"], s["level"]) for s in nlp_bridge.analyse_offer_text(title=offer.title, text=TEXT).skills
    }
    assert expected, "the pipeline reads skills in this text"

    redis = OwnRedis()
    redis.start()
    broker = f"redis://127.0.0.1:{redis.port}/0"
    lock = psycopg.connect(**_conninfo())
    first = second = None
    try:
        lock.execute("SELECT id FROM employers_offer WHERE id = %s FOR UPDATE", (offer.pk,))
        first = _worker(broker)
        # send_task goes to the broker even though the test settings run tasks eagerly (it warns so).
        with extract_offer.app.connection_for_write(broker) as conn, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            extract_offer.app.send_task(
                extract_offer.name,
                kwargs={"offer_id": offer.pk, "content_hash": offer.content_hash},
                connection=conn,
                queue="nlp",
            )

        def blocked_on_the_lock():
            # Who waits for the lock's holder, not the text of its query: pg_stat_activity cuts a
            # query at track_activity_query_size (1 kB), and the offer's SELECT … FOR UPDATE is longer.
            with psycopg.connect(**_conninfo()) as probe:
                return probe.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))",
                    (lock.info.backend_pid,),
                ).fetchone()[0]

        _wait(blocked_on_the_lock, 120, "the worker to reach the offer's row")
        _stop(first, signal.SIGKILL)
        lock.rollback()
        assert not Offer.objects.get(pk=offer.pk).analysed_hash, "nothing was written before the kill"

        second = _worker(broker)
        _wait(
            lambda: Offer.objects.get(pk=offer.pk).analysed_hash == offer.content_hash,
            120,
            "the task to be redone by the second worker",
        )
    finally:
        lock.close()
        for worker in (first, second):
            if worker is not None:
                _stop(worker)
        redis.stop()

    stored = {
        (s.skill.uid, s.level)
        for s in OfferSkill.objects.filter(offer=offer, source=OfferSkill.Source.EXTRACTED).select_related(
            "skill"
        )
    }
    assert stored == expected
