"""Thin Celery wrappers around the graduates services. Scheduled in settings.CELERY_BEAT_SCHEDULE."""

from smtplib import SMTPException

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import retention


@shared_task(
    name="graduates.retention",
    # Batches commit one by one: a run cut short leaves the rest for the next day.
    soft_time_limit=540,
    time_limit=600,
    autoretry_for=(OperationalError, InterfaceError, ConnectionError, TimeoutError, SMTPException),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=3,
)
def retention_run(batch_size: int = 200) -> dict:
    """Warn graduates 2 years past their last contact; anonymise those warned 30 days ago and silent since.

    Safe to run twice: a warned graduate is not warned again, an erased one is no longer a candidate.
    """
    report = retention.retention_run(wet_run=True, batch_size=batch_size)
    return {"warned": len(report.to_warn), "erased": len(report.to_erase), "back": len(report.back)}
