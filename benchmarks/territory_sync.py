"""France Travail sync: offers/s into Tremplin vs the raw HTTP + JSON parse of the same pages, same run.

A real local server (tests/territory/replay_server.py) replays the API over N offers (copies of the
committed sample's real offers with their own ids, in départements 59 and 62, created an hour apart:
a search per département passes the 3,150 ceiling and is split by date). The baseline walks every
page with the same client and parses the JSON (no database); the sync upserts every offer (services,
derived fields, logs, records, checkpoint per page) into PostgreSQL. The NLP analysis it announces is
enqueued on a private Redis database, as production does, and purged at the end.

With ``--kill-after S`` the sync first runs in a child process killed (SIGKILL) after S seconds; the
re-run resumes from the checkpoint, and the check counts rows: N offers, no duplicate.

    .venv/bin/python benchmarks/territory_sync.py [--offers 10000] [--kill-after 20]
    BENCH_DATABASE_URL=postgres://…/tremplin_x BENCH_BROKER_URL=redis://…/3 .venv/bin/python benchmarks/territory_sync.py
"""

import argparse
import copy
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "tremplin_bench_territory"
BROKER = "redis://127.0.0.1:6379/14"
SEARCHES = [{"departement": "59"}, {"departement": "62"}]


def make_offers(n: int) -> list[dict]:
    sample = [json.loads(line) for line in (ROOT / "territory" / "data" / "sample_offers.jsonl").open()]
    region = [o for o in sample if str(o["lieuTravail"].get("commune", ""))[:2] in {"59", "62"}]
    now = datetime.now(UTC).replace(microsecond=0)
    rows = []
    for i in range(n):
        offer = copy.deepcopy(region[i % len(region)])
        offer["id"] = f"B{i:07d}"
        offer["intitule"] = f"{offer['intitule']} ({i})"
        offer["dateCreation"] = (now - timedelta(hours=i + 1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        rows.append(offer)
    return rows


def setup_django() -> None:
    # BENCH_BROKER_URL / BENCH_DATABASE_URL: another Redis database or PostgreSQL database when several
    # runs share the machine (the queues named below are purged at the end).
    os.environ["CELERY_BROKER_URL"] = os.environ.get("BENCH_BROKER_URL") or BROKER
    sys.path.insert(0, str(ROOT))
    from benchmarks._django import setup

    setup(DB_NAME)


def sync(url: str):
    from territory.client import FranceTravailClient
    from territory.services import territory_sync
    from tests.territory.replay_server import CLIENT_ID, CLIENT_SECRET

    client = FranceTravailClient(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, api_url=url, token_url=f"{url}/token"
    )
    return territory_sync(client=client, wet_run=True, searches=SEARCHES)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--kill-after", type=float, default=0, help="kill a first sync after S seconds")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup_django()
    if args.child:  # the sync that gets killed
        sync(args.child)
        return

    from backend.celery import app as celery_app
    from employers.models import Offer
    from territory.client import FranceTravailClient
    from territory.models import FeedRecord, SyncRun
    from tests.territory.replay_server import CLIENT_ID, CLIENT_SECRET, ReplayAPI

    Offer.objects.filter(source=Offer.Source.FRANCE_TRAVAIL).delete()
    FeedRecord.objects.all().delete()
    SyncRun.objects.all().delete()
    offers = make_offers(args.offers)
    api = ReplayAPI(offers).start()
    try:
        client = FranceTravailClient(
            client_id=CLIENT_ID, client_secret=CLIENT_SECRET, api_url=api.url, token_url=f"{api.url}/token"
        )
        started = time.perf_counter()
        parsed = sum(1 for search in SEARCHES for _ in client.search_all(search))
        raw_s = time.perf_counter() - started
        assert parsed == args.offers, parsed

        killed = ""
        if args.kill_after:
            child = subprocess.Popen([sys.executable, __file__, "--child", api.url], cwd=ROOT)  # noqa: S603
            time.sleep(args.kill_after)
            child.send_signal(signal.SIGKILL)
            child.wait()
            run = SyncRun.objects.get()
            killed = (
                f"first sync killed after {args.kill_after:.0f} s with {run.created} offers in, "
                f"{len(run.cursor)} searches left in its checkpoint; "
            )
        before = SyncRun.objects.first()
        done_before = (before.created + before.updated + before.unchanged) if before else 0
        started = time.perf_counter()
        report = sync(api.url)
        sync_s = time.perf_counter() - started
    finally:
        api.stop()
        # The announced analyses and scorings were only there to be enqueued: empty every queue.
        with celery_app.connection_for_write() as connection:
            for queue in ("default", "nlp", "matching"):
                connection.default_channel.queue_purge(queue)

    rows = Offer.objects.filter(source=Offer.Source.FRANCE_TRAVAIL)
    distinct = rows.values("external_id").distinct().count()
    assert rows.count() == distinct == args.offers, (rows.count(), distinct)
    done = SyncRun.objects.filter(status=SyncRun.Status.DONE).count()
    print(f"{args.offers} offers served by the replay API in {api.search_calls} page calls (both passes)")
    print(f"raw HTTP + JSON parse : {raw_s:7.1f} s  {args.offers / raw_s:8.0f} offers/s")
    resumed = " (resumed)" if report.resumed else ""
    # Only what this process did: a resumed run's counts include the killed run's offers.
    sync_rate = (report.created + report.updated + report.unchanged - done_before) / sync_s
    print(f"sync into Tremplin{resumed:>10}: {sync_s:7.1f} s  {sync_rate:8.0f} offers/s")
    # Per offer, not per run: a resumed sync did only part of the offers the raw pass read.
    raw_rate = args.offers / raw_s
    print(f"ratio raw / sync: {raw_rate / sync_rate:.1f}x the time per offer; {killed}runs done: {done}")
    print(
        f"rows: {rows.count()} territory offers, {distinct} distinct ids, no duplicate; counts {report.counts()}"
    )


if __name__ == "__main__":
    main()
