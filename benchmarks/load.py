"""Load: the three roles' traffic (locust) against gunicorn + PostgreSQL + Redis + a Celery worker.

    .venv/bin/python benchmarks/load.py                       # 10 then 20 users, 30 s each
    .venv/bin/python benchmarks/load.py --users 5 --duration 20
    .venv/bin/python -m benchmarks load

A fresh database (``tremplin_load``, or BENCH_DATABASE_URL) is migrated and seeded with the demo region;
API tokens are issued to the demo graduate, employer and officer. gunicorn (``--workers``, the
project's gunicorn.conf.py: app preloaded, NLP warmed up) serves it on 127.0.0.1 with the broker and
cache in Redis databases 7 and 8, and one Celery worker consumes every queue, as in production. locust
(benchmarks/locustfile.py) then runs headless for ``--duration`` seconds with N users, and again with
2N: the second run shows how latency grows when users double. The throttles are raised (everyone comes
from 127.0.0.1; the limits are not what is measured).

Printed per run: requests/s, errors, p50 / p95 / p99 per endpoint and overall; then the p99 growth
from N to 2N users; then the offers acknowledged (each 201's unique tag, written by the locustfile)
against the offers of the runs found in the database: every acknowledged offer saved exactly once and
none saved unacknowledged, with 0 errors. A short warm-up run (not reported) comes first; locust lets
each user finish its request before stopping (--stop-timeout), so no request is cut mid-flight.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BROKER = "redis://127.0.0.1:6379/7"
CACHE = "redis://127.0.0.1:6379/8"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/tremplin_load"


def _recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _flush_redis() -> None:
    import redis

    for url in (BROKER, CACHE):
        redis.Redis.from_url(url).flushdb()


# The demo's login accounts, as `make demo` prints them and the README lists them: the benchmark runs the
# demo's own command (``seed_demo``) and imports nothing of the demo app, which no other code does.
DEMO_LOGINS = {
    "graduate": "diplome@tremplin.demo",
    "employer": "employeur@tremplin.demo",
    "officer": "charge@tremplin.demo",
}


def prepare(url: str, tokens_path: Path) -> None:
    """Migrate and seed the demo region with the management commands, and write the three roles' API
    tokens."""
    env = _env(url)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    code = (
        "import json, sys, django; django.setup()\n"
        "from backend.accounts.models import User\n"
        "from backend.accounts.services import token_issue\n"
        "emails = json.loads(sys.argv[2])\n"
        "tokens = {role: token_issue(user=User.objects.get(email=e))[1] for role, e in emails.items()}\n"
        "open(sys.argv[1], 'w').write(json.dumps(tokens))\n"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(tokens_path), json.dumps(DEMO_LOGINS)], cwd=ROOT, env=env, check=True
    )


def _env(url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="backend.settings",
        DATABASE_URL=url,
        CELERY_BROKER_URL=BROKER,
        REDIS_URL=CACHE,
        DEBUG="false",
        SECRET_KEY="load-benchmark-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        THROTTLE_USER="1000000/min",
        THROTTLE_ANON="1000000/min",
        LOG_LEVEL="WARNING",
    )
    return env


def _wait_http(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 — our own local server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer in {seconds:.0f} s")


def _saved_tags(url: str) -> list[str]:
    """The tag of every offer the runs posted, once per row (a tag saved twice appears twice)."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        titles = conn.execute(
            "SELECT title FROM employers_offer WHERE title LIKE 'Technicien·ne support informatique %'"
        ).fetchall()
    return [title.split()[3] for (title,) in titles]


def run_locust(
    host: str, users: int, seconds: int, tokens: Path, prefix: Path, acknowledged: Path
) -> list[dict]:
    env = dict(os.environ, LOAD_TOKENS=str(tokens), LOAD_ACKNOWLEDGED=str(acknowledged))
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "30",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _print_run(users: int, rows: list[dict]) -> dict:
    print(f"\n{users} users")
    print(
        f"{'endpoint':<40} {'requests':>9} {'errors':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    )
    total = {}
    for row in rows:
        name = row["Name"] if row["Type"] else "all"
        label = f"{row['Type']} {name}".strip()
        print(
            f"{label[:40]:<40} {row['Request Count']:>9} {row['Failure Count']:>7} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7}"
        )
        if row["Name"] == "Aggregated":
            total = row
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--duration", type=int, default=30, help="seconds per run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--warmup", type=int, default=10, help="seconds of unreported warm-up traffic")
    args = parser.parse_args(argv)
    if shutil.which("redis-server") is None and not os.environ.get("CI"):
        print("Redis doit tourner sur 127.0.0.1:6379.", file=sys.stderr)

    url = _database_url()
    _recreate_database(url)
    _flush_redis()
    workdir = Path(tempfile.mkdtemp(prefix="tremplin-load-"))
    tokens = workdir / "tokens.json"
    print("Préparation : base neuve, migrations, région de démonstration…", flush=True)
    prepare(url, tokens)

    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    env = _env(url)
    processes = []
    try:
        processes.append(
            subprocess.Popen(
                [
                    str(BIN / "celery"),
                    "-A",
                    "backend",
                    "worker",
                    "-Q",
                    "default,nlp,matching",
                    "-c",
                    "1",
                    "-l",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        processes.append(
            subprocess.Popen(
                [str(BIN / "gunicorn"), "backend.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        _wait_http(f"{host}/healthz", 120)
        acknowledged_file = workdir / "acknowledged.txt"
        acknowledged_file.touch()
        if args.warmup:
            run_locust(host, args.users, args.warmup, tokens, workdir / "warmup", acknowledged_file)
        totals = {}
        for users in (args.users, 2 * args.users):
            rows = run_locust(host, users, args.duration, tokens, workdir / f"u{users}", acknowledged_file)
            totals[users] = _print_run(users, rows)
        acknowledged = acknowledged_file.read_text(encoding="utf-8").split()
        saved = _saved_tags(url)
    finally:
        for process in processes:
            with_group = os.getpgid(process.pid)
            os.killpg(with_group, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(os.getpgid(process.pid), signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)

    low, high = totals[args.users], totals[2 * args.users]
    errors = sum(int(t["Failure Count"]) for t in totals.values())
    print(
        f"\np99 {low['99%']} ms with {args.users} users -> {high['99%']} ms with {2 * args.users} "
        f"(x{float(high['99%']) / max(float(low['99%']), 1):.2f}); "
        f"throughput {float(low['Requests/s']):.1f} -> {float(high['Requests/s']):.1f} req/s"
    )
    print(f"errors: {errors} (target 0)")
    lost = set(acknowledged) - set(saved)
    duplicated = len(saved) - len(set(saved))
    unacknowledged = set(saved) - set(acknowledged)
    print(
        f"offers acknowledged (201): {len(acknowledged)}; in the database: {len(saved)}; "
        f"lost {len(lost)}, duplicated {duplicated}, saved but not acknowledged {len(unacknowledged)} (target 0 / 0 / 0)"
    )
    return 0 if errors == 0 and not lost and not duplicated and not unacknowledged else 1


if __name__ == "__main__":
    raise SystemExit(main())
