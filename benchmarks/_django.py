"""Set up Django on a dedicated benchmark database (PostgreSQL from DATABASE_URL)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(db_name: str = "tremplin_bench") -> None:
    sys.path.insert(0, str(ROOT))
    url = os.environ.get("BENCH_DATABASE_URL") or f"postgres://postgres@127.0.0.1:5432/{db_name}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    # Throttling would cap a benchmark's request loop; the limits are not what is measured.
    os.environ.setdefault("THROTTLE_USER", "1000000/min")
    os.environ.setdefault("THROTTLE_ANON", "1000000/min")
    _ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
