"""Redis or the broker going away does not take the site down (issue #10).

Each test starts its own ``redis-server`` on a free port and stops it: the machine's shared Redis is
never touched.
"""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches

from backend.core import events
from backend.core.cache import ResilientRedisCache

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    def __init__(self):
        self.port = _free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--bind",
                "127.0.0.1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


@pytest.fixture
def own_redis():
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def cache_on(own_redis, settings):
    settings.CACHES = {
        "default": {"BACKEND": "backend.core.cache.ResilientRedisCache", "LOCATION": own_redis.url}
    }
    # (Django's setting_changed handler rebuilds the cache handler.)
    yield caches["default"]


def test_the_cache_falls_back_to_memory_when_redis_stops(own_redis, cache_on):
    assert isinstance(cache_on, ResilientRedisCache)
    cache_on.set("k", "from redis", 60)
    assert cache_on.get("k") == "from redis" and cache_on.reachable()
    own_redis.stop()
    assert not cache_on.reachable()
    assert cache_on.get("k") is None  # not an exception
    cache_on.set("k", "from memory", 60)
    assert cache_on.get("k") == "from memory"
    assert cache_on.add("counter", 1)
    assert cache_on.incr("counter") == 2


def test_the_api_keeps_serving_and_throttling_while_redis_is_down(
    own_redis, cache_on, api_client_for, settings, db
):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], anon="3/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    own_redis.stop()
    client = api_client_for()
    answers = [client.get("/api/v1/communes/?q=Lens").status_code for _ in range(4)]
    assert 500 not in answers
    assert answers[-1] == 429  # the limit still holds, counted in this process's memory


def test_healthz_reports_each_dependency_and_stays_up_when_the_cache_is_down(own_redis, cache_on, client, db):
    body = client.get("/healthz").json()
    assert body["database"] == "ok" and body["cache"] == "ok"
    own_redis.stop()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"] == "unavailable" and response.json()["status"] == "degraded"


def test_a_save_whose_announcement_cannot_reach_the_broker_still_succeeds(db, caplog):
    from kombu.exceptions import OperationalError

    calls = []

    def enqueue(**payload):
        calls.append(payload)
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    events.subscribe("offer.changed", enqueue)
    try:
        # What publish() runs once the save has committed:
        events._deliver("offer.changed", enqueue, {"offer_id": 7})  # noqa: SLF001
    finally:
        events.unsubscribe("offer.changed", enqueue)
    assert calls == [{"offer_id": 7}]
    assert "periodic sweep will catch up" in caplog.text


def test_a_programming_error_in_a_subscriber_still_surfaces():
    def broken(**payload):
        raise KeyError("bug")

    with pytest.raises(KeyError):
        events._deliver("offer.changed", broken, {})  # noqa: SLF001
