"""Prometheus metrics at ``/metrics``, behind a bearer token.

django-prometheus counts requests, responses and latency per view (its two middlewares wrap the
whole stack); this module adds the depth of each Celery queue, read from the broker at scrape time,
and guards the endpoint: without ``METRICS_TOKEN`` it does not exist (404), and a scrape must send
``Authorization: Bearer <METRICS_TOKEN>``. Prometheus's ``bearer_token_file`` does exactly that.
"""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import Gauge

logger = logging.getLogger(__name__)

QUEUE_DEPTH = Gauge(
    "tremplin_celery_queue_depth",
    "Messages waiting in each Celery queue (-1: the broker did not answer).",
    ["queue"],
)


def celery_queues() -> list[str]:
    """Every queue the workers consume: the default one and each route's."""
    names = {settings.CELERY_TASK_DEFAULT_QUEUE}
    names.update(route["queue"] for route in settings.CELERY_TASK_ROUTES.values())
    return sorted(names)


def queue_depths(broker_url: str, queues: list[str]) -> dict[str, int]:
    """Messages waiting per queue, asked of the broker (Redis or AMQP); -1 for each when it is down.

    A queue the broker has never seen (Redis deletes an empty list) counts 0.
    """
    from kombu import Connection
    from kombu.exceptions import ChannelError, OperationalError

    try:
        with Connection(broker_url, connect_timeout=1) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
            depths = {}
            for name in queues:
                channel = conn.channel()
                try:
                    depths[name] = channel.queue_declare(queue=name, passive=True).message_count
                except ChannelError:
                    depths[name] = 0
                finally:
                    channel.close()
            return depths
    except (OperationalError, OSError, ConnectionError) as error:
        logger.warning("metrics: broker unreachable (%s)", error)
        return dict.fromkeys(queues, -1)


def _authorised(request) -> bool:
    expected = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), expected.encode())


@require_GET
def metrics(request):
    if not settings.METRICS_TOKEN:
        raise Http404
    if not _authorised(request):
        response = HttpResponse(
            "Jeton de métriques absent ou invalide.\n", status=401, content_type="text/plain"
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if settings.CELERY_BROKER_URL:
        for name, depth in queue_depths(settings.CELERY_BROKER_URL, celery_queues()).items():
            QUEUE_DEPTH.labels(queue=name).set(depth)
    return ExportToDjangoView(request)
