"""Redis (the Celery broker) stopped while employers save offers (issue #10): every offer is saved and
acknowledged; once Redis is back, the periodic sweep has each one analysed exactly once, and each
analysis asks for exactly one scoring. The test starts and stops its own ``redis-server``."""

import base64
import json
import shutil
from collections import Counter

import pytest
import redis

from backend.celery import app as celery_app
from employers.models import Offer
from matching.tasks import extract_offer, sweep_stale_offers

from .test_faults import OwnRedis

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
]

OFFER = {
    "description": "Vous développez des applications web en Python et JavaScript pour nos clients.",
    "contract_type": "CDI",
    "salary_min": "2000",
    "salary_max": "2400",
    "commune": "62498",
}


def _forget_connections() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(monkeypatch):
    """Celery talking to the test's own Redis (not eager), as in production; put back afterwards."""
    server = OwnRedis()
    server.start()
    celery_app.conf.task_always_eager = False
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", server.url)
    monkeypatch.setattr(celery_app.conf, "broker_url", server.url)
    _forget_connections()  # the pools were built for the suite's broker
    assert f":{server.port}/" in celery_app.connection_for_write().as_uri()
    yield server
    server.stop()
    monkeypatch.undo()
    _forget_connections()


def queued(server: OwnRedis, queue: str) -> list[tuple[str, dict]]:
    """The (task name, keyword arguments) of each message waiting in ``queue``."""
    client = redis.Redis.from_url(server.url)
    messages = []
    for raw in client.lrange(queue, 0, -1):
        message = json.loads(raw)
        _args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        messages.append((message["headers"]["task"], kwargs))
    return messages


def test_offers_saved_with_the_broker_down_are_all_kept_then_analysed_exactly_once(
    broker, api_client_for, employer_user, django_capture_on_commit_callbacks
):
    broker.stop()
    client = api_client_for(employer_user)
    acknowledged = []
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/api/v1/employer/offers/", {**OFFER, "title": f"Développeur·se web {n}"}, format="json"
            )
        assert response.status_code == 201, response.content[:300]
        acknowledged.append(response.json()["id"])
    # Saved and acknowledged, analysis pending.
    offers = Offer.objects.filter(pk__in=acknowledged)
    assert offers.count() == 3
    assert all(o.analysed_hash != o.content_hash for o in offers)

    broker.start()  # Redis is back, empty: the announcements made while it was down are lost.
    assert queued(broker, "nlp") == []
    assert sweep_stale_offers.apply(kwargs={"batch_size": 500}).get() == 3
    messages = queued(broker, "nlp")
    assert sorted(kw["offer_id"] for _, kw in messages) == sorted(acknowledged)
    assert {name for name, _ in messages} == {"nlp.extract_offer"}

    # A worker runs them (here in-process, from the messages as queued).
    with django_capture_on_commit_callbacks(execute=True):
        for _name, kwargs in messages:
            assert extract_offer.apply(kwargs=kwargs).get() is True
    assert all(o.analysed_hash == o.content_hash for o in Offer.objects.filter(pk__in=acknowledged))
    # Each analysis asked for one scoring of its offer.
    scorings = Counter(
        kw["offer_id"] for name, kw in queued(broker, "matching") if name == "matching.score_offer"
    )
    assert scorings == Counter(acknowledged)

    # The next sweep finds nothing left, and running a message twice changes nothing.
    assert sweep_stale_offers.apply(kwargs={"batch_size": 500}).get() == 0
    assert len(queued(broker, "nlp")) == 3
    assert extract_offer.apply(kwargs=messages[0][1]).get() is False
