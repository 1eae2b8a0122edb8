"""Thin Celery wrappers around the employers services. Scheduled in settings.CELERY_BEAT_SCHEDULE."""

from smtplib import SMTPException

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import retention, services


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


@shared_task(
    name="employers.contact_retention",
    # Batches commit one by one: a run cut short leaves the rest for the next day.
    soft_time_limit=540,
    time_limit=600,
    autoretry_for=(OperationalError, InterfaceError, ConnectionError, TimeoutError, SMTPException),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=3,
)
def contact_retention(batch_size: int = 200) -> dict:
    """Warn companies' contacts 2 years past their last contact; erase those warned 30 days ago and silent.

    Safe to run twice: a warned contact is not warned again, an erased one is no longer a candidate.
    """
    report = retention.contact_retention_run(wet_run=True, batch_size=batch_size)
    return {"warned": len(report.to_warn), "erased": len(report.to_erase), "back": len(report.back)}
