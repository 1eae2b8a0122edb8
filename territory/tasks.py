"""Thin Celery wrapper around the feed's sync. Scheduled in settings.CELERY_BEAT_SCHEDULE."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services
from .client import FeedError

log = logging.getLogger(__name__)


@shared_task(
    name="territory.territory_sync",
    # Pages commit one by one with the checkpoint: a run cut short by the limit is resumed next time.
    soft_time_limit=50 * 60,
    time_limit=55 * 60,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=3,
)
def territory_sync() -> dict:
    """Sync France Travail's offers in the school's trades; does nothing while the feed is off."""
    client = services.feed_client()
    if client is None:
        return {"enabled": False}
    try:
        report = services.territory_sync(client=client, wet_run=True)
    except FeedError as exc:
        # Not retried here: the run keeps its checkpoint and the next scheduled pass resumes it.
        log.warning("territory sync stopped: %s", exc)
        return {"enabled": True, "error": str(exc)}
    return {"enabled": True, **report.counts(), "resumed": report.resumed, "truncated": report.truncated}
