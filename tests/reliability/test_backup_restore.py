"""A backup is only a backup once it has been restored (issue #10, docs/deploy.md §5).

The demo region is seeded into the test database and committed, dumped with ``pg_dump -Fc`` exactly as
the deployment guide says, restored with ``pg_restore`` into a fresh database, and every table of the
project is compared row for row by primary key; offers, profiles and placements are then read back by
their content.
"""

import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.apps import apps
from django.db import connection
from psycopg import sql

from demo.seed import demo_reset, seed_demo
from employers.models import Offer
from graduates.models import Graduate
from placements.models import Placement

pytestmark = pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")

PROJECT_APPS = {"accounts", "geo", "taxonomy", "employers", "graduates", "placements", "matching", "core"}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("the deployment's database is PostgreSQL")
        seed_demo(progress=lambda _message: None)
        yield
        demo_reset(progress=lambda _message: None)


def _conninfo(dbname: str) -> dict:
    settings = connection.settings_dict
    return {
        "host": settings["HOST"] or "127.0.0.1",
        "port": str(settings["PORT"] or 5432),
        "user": settings["USER"] or "postgres",
        "dbname": dbname,
    }


def _cli_args(info: dict) -> list[str]:
    return ["-h", info["host"], "-p", info["port"], "-U", info["user"]]


def _rows(info: dict, table: str, pk: str) -> list:
    with psycopg.connect(**info) as conn:
        query = sql.SQL("SELECT * FROM {} ORDER BY {}").format(sql.Identifier(table), sql.Identifier(pk))
        return conn.execute(query).fetchall()


def _pairs(info: dict, table: str, key: str, value: str) -> dict:
    with psycopg.connect(**info) as conn:
        query = sql.SQL("SELECT {}, {} FROM {}").format(
            sql.Identifier(key), sql.Identifier(value), sql.Identifier(table)
        )
        return dict(conn.execute(query).fetchall())


@pytest.mark.django_db
def test_a_dump_restored_into_a_fresh_database_finds_every_row(seeded, django_db_blocker, tmp_path):
    with django_db_blocker.unblock():
        source = _conninfo(connection.settings_dict["NAME"])
        models = [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS and m._meta.managed]
        expected = {
            m._meta.db_table: _rows(source, m._meta.db_table, m._meta.pk.column)
            for m in models
            if not m._meta.proxy
        }
        offers = dict(Offer.objects.values_list("pk", "title"))
        graduates = dict(Graduate.objects.values_list("pk", "user_id"))
        placements = dict(Placement.objects.values_list("pk", "graduate_id"))
    assert offers and graduates and placements, "the demo seeds offers, profiles and placements"

    dump = tmp_path / "tremplin.dump"
    subprocess.run(
        ["pg_dump", *_cli_args(source), "-Fc", "-f", str(dump), source["dbname"]],
        check=True,
        capture_output=True,
        timeout=300,
    )
    fresh = {**source, "dbname": f"tremplin_restore_{uuid.uuid4().hex[:10]}"}
    subprocess.run(["createdb", *_cli_args(fresh), fresh["dbname"]], check=True, capture_output=True)
    try:
        subprocess.run(
            ["pg_restore", *_cli_args(fresh), "--no-owner", "-d", fresh["dbname"], str(dump)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        for table, rows in expected.items():
            pk = next(m._meta.pk.column for m in models if m._meta.db_table == table)
            assert _rows(fresh, table, pk) == rows, f"{table} differs after restore"
        assert _pairs(fresh, Offer._meta.db_table, "id", "title") == offers
        assert _pairs(fresh, Graduate._meta.db_table, "id", "user_id") == graduates
        assert _pairs(fresh, Placement._meta.db_table, "id", "graduate_id") == placements
    finally:
        subprocess.run(["dropdb", *_cli_args(fresh), "--if-exists", fresh["dbname"]], capture_output=True)
