"""Operations (issue #10): metrics behind a token, structured logs, errors to a Sentry-compatible service.

Each runs the real thing: the metrics view reads queue depths from its own ``redis-server``; the log and
Sentry checks start Django in a subprocess with production-shaped settings, and Sentry's envelopes land on
a real local HTTP server standing in for the collector.
"""

import gzip
import json
import os
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import override_settings
from kombu import Connection

from tests.reliability.test_faults import OwnRedis, _free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def own_redis():
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


# ------------------------------------------------------------------------------------------ /metrics


@override_settings(METRICS_TOKEN="")
def test_metrics_do_not_exist_without_a_token(client):
    assert client.get("/metrics").status_code == 404


@override_settings(METRICS_TOKEN="s3cret-scrape-token", CELERY_BROKER_URL="")
def test_metrics_refuse_a_missing_or_wrong_token(client):
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Basic s3cret-scrape-token").status_code == 401


@pytest.mark.django_db
def test_metrics_count_requests_and_read_each_queue_depth_from_the_broker(client, own_redis):
    broker = f"redis://127.0.0.1:{own_redis.port}/0"
    with Connection(broker) as conn:
        queue = conn.SimpleQueue("nlp")
        for n in range(3):
            queue.put({"offer": n})
        queue.close()
    client.get("/healthz")
    with override_settings(METRICS_TOKEN="s3cret-scrape-token", CELERY_BROKER_URL=broker):
        response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'tremplin_celery_queue_depth{queue="nlp"} 3.0' in body
    assert 'tremplin_celery_queue_depth{queue="matching"} 0.0' in body
    assert 'tremplin_celery_queue_depth{queue="default"} 0.0' in body
    assert "django_http_requests_latency_seconds_by_view_method" in body
    assert 'view="healthz"' in body


def test_metrics_say_minus_one_when_the_broker_is_down(client, own_redis):
    broker = f"redis://127.0.0.1:{own_redis.port}/0"
    own_redis.stop()
    with override_settings(METRICS_TOKEN="t", CELERY_BROKER_URL=broker):
        response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer t")
    assert response.status_code == 200
    assert 'tremplin_celery_queue_depth{queue="nlp"} -1.0' in response.content.decode()


# ------------------------------------------------------------------------------------ logs and Sentry


def _production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "LOG_"))}
    env.update(
        TREMPLIN_ENV="production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="tremplin.example.org",
        DJANGO_SETTINGS_MODULE="backend.settings",
    )
    env.update(extra)
    return env


def _run_django(code: str, env: dict) -> subprocess.CompletedProcess:
    script = "import django; django.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_logs_are_one_json_object_per_line():
    result = _run_django(
        "import logging; logging.getLogger('tremplin.offers').warning('offre %s enregistrée', 42)",
        _production_env(),
    )
    assert result.returncode == 0, result.stderr
    line = result.stderr.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["level"] == "WARNING"
    assert record["logger"] == "tremplin.offers"
    assert record["message"] == "offre 42 enregistrée"
    assert "time" in record


def test_an_unknown_log_format_stops_the_start_with_a_french_message():
    result = _run_django("", _production_env(LOG_FORMAT="xml"))
    assert result.returncode != 0
    assert "LOG_FORMAT='xml' : valeurs possibles json ou plain" in result.stderr


class _Collector(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 — http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        type(self).received.append((self.path, body.decode("utf-8", "replace")))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_errors_reach_the_sentry_compatible_collector_without_personal_data():
    port = _free_port()
    _Collector.received = []
    server = ThreadingHTTPServer(("127.0.0.1", port), _Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        code = (
            "import sentry_sdk\n"
            "def analyse(profile):\n"
            "    email = profile['email']\n"
            "    raise ValueError('analyse impossible')\n"
            "try:\n"
            "    analyse({'email': 'ines.graduate@example.org'})\n"
            "except ValueError as error:\n"
            "    sentry_sdk.capture_exception(error)\n"
            "sentry_sdk.flush(timeout=10)\n"
        )
        result = _run_django(
            code, _production_env(SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/7", SENTRY_RELEASE="r42")
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    envelopes = [body for path, body in _Collector.received if path.startswith("/api/7/envelope")]
    assert envelopes, _Collector.received
    event = "\n".join(envelopes)
    assert "analyse impossible" in event
    assert '"environment":"production"' in event.replace(" ", "")
    assert "r42" in event
    assert "ines.graduate@example.org" not in event
