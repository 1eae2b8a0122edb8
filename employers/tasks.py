"""Thin Celery wrappers around the employers services. Scheduled in settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(
    name="employers.expire_offers",
    # Batches commit one by one: a run cut short by the limit leaves the rest for the next run.
    soft_time_limit=240,
    time_limit=300,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=3,
)
def expire_offers(batch_size: int = 500) -> dict:
    """Expire published offers past their deadline or not refreshed for OFFER_STALE_DAYS.

    Safe to run twice: only offers still published and due are claimed (``skip_locked``).
    """
    report = services.offers_expire(wet_run=True, batch_size=batch_size)
    return {"due": len(report.due), "expired": len(report.expired)}
