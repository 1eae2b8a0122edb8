"""Thin Celery wrappers: the information sessions' reminders and the candidates' data retention.
Scheduled in settings.CELERY_BEAT_SCHEDULE."""

from smtplib import SMTPException

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import retention, services


@shared_task(
    name="admissions.session_reminders",
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
)
def session_reminders(batch_size: int = 200) -> dict:
    report = services.session_reminders_send(wet_run=True, batch_size=batch_size)
    return {"due": len(report.due), "sent": len(report.sent)}


@shared_task(
    name="admissions.retention",
    # Batches commit one by one: a run cut short leaves the rest for the next day.
    soft_time_limit=540,
    time_limit=600,
    autoretry_for=(OperationalError, InterfaceError, ConnectionError, TimeoutError, SMTPException),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=3,
)
def application_retention(batch_size: int = 200) -> dict:
    """Delete applications never confirmed within a week; warn candidates 2 years past their last contact;
    erase those warned 30 days ago and silent since.

    Safe to run twice: a warned application is not warned again, an erased one is no longer a candidate.
    """
    report = retention.application_retention_run(wet_run=True, batch_size=batch_size)
    return {
        "warned": len(report.to_warn),
        "erased": len(report.to_erase),
        "back": len(report.back),
        "unconfirmed_deleted": len(report.expired),
    }
