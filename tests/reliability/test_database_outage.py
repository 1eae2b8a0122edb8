"""The database going away answers a clear French 503, never a bare 500 (issue #10).

One test starts Django in a subprocess whose PostgreSQL port has nothing behind it; the other cuts the
request's own PostgreSQL connection (``pg_terminate_backend`` from a second connection) just before
its first query, as a failover or a restart would.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_database_answers_a_french_503_with_retry_after():
    code = (
        "import json, django; django.setup()\n"
        "from django.test import Client\n"
        "from django.urls import reverse\n"
        "client = Client(raise_request_exception=False)\n"
        "out = {}\n"
        "for name, path in [('page', reverse('offers:public_list')), ('api', '/api/v1/offers/')]:\n"
        "    r = client.get(path, HTTP_ACCEPT_LANGUAGE='fr')\n"
        "    out[name] = [r.status_code, r.get('Retry-After'), r.content.decode()]\n"
        "print(json.dumps(out))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="backend.settings",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{_free_port()}/tremplin",
        DEBUG="false",
        SECRET_KEY="s" * 50,
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    page_status, page_retry, page = answers["page"]
    assert (page_status, page_retry) == (503, "30")
    assert "Service momentanément indisponible" in page
    assert "Rien de ce que vous aviez enregistré n'est" in page
    api_status, api_retry, api = answers["api"]
    assert (api_status, api_retry) == (503, "30")
    assert "base de données injoignable" in json.loads(api)["message"]


@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_mid_request_answers_503_and_the_next_request_works(client):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    settings = connection.settings_dict
    admin = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
        dbname=settings["NAME"],
        autocommit=True,
    )
    cut = []

    def cut_before_first_query(execute, sql, params, many, context):
        if not cut:
            cut.append(context["connection"].connection.info.backend_pid)
            admin.execute("SELECT pg_terminate_backend(%s)", (cut[0],))
        return execute(sql, params, many, context)

    url = reverse("offers:public_list")
    client.raise_request_exception = False
    try:
        with connection.execute_wrapper(cut_before_first_query):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    finally:
        admin.close()
    assert cut, "the request ran a query"
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Service momentanément indisponible" in response.content.decode()
    # Outside tests, Django closes a connection that errored at the end of each request (the test client
    # disconnects that signal): do it here, then the next request reconnects and is served.
    connection.close_if_unusable_or_obsolete()
    assert client.get(url).status_code == 200
