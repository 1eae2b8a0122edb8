"""Thin Celery wrappers around the placements services. Scheduled in settings.CELERY_BEAT_SCHEDULE."""

from smtplib import SMTPException

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import delivery, services

RETRY_TRANSIENT = {
    "autoretry_for": (OperationalError, InterfaceError, ConnectionError, TimeoutError, SMTPException),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(name="placements.send_notification", soft_time_limit=60, time_limit=90, **RETRY_TRANSIENT)
def send_notification(notification_id: int) -> bool:
    """E-mail one notification; a second run finds it sent and does nothing."""
    return delivery.send_one(notification_id)


@shared_task(name="placements.send_digests", soft_time_limit=600, time_limit=660, **RETRY_TRANSIENT)
def send_digests() -> int:
    return delivery.send_daily_digests(wet_run=True)


@shared_task(name="placements.housekeeping", soft_time_limit=240, time_limit=300, **RETRY_TRANSIENT)
def housekeeping(batch_size: int = 500) -> dict:
    """Stale applications flagged (30 days) or closed (60 days); outcome checks opened when due."""
    applications = services.applications_housekeeping(wet_run=True, batch_size=batch_size)
    outcomes = services.outcome_checks_open_due(wet_run=True)
    return {
        "flagged": len(applications.flagged),
        "closed": len(applications.closed),
        "created": len(outcomes.created),
        "forms_sent": outcomes.forms_sent,
    }


@shared_task(name="placements.curriculum_digest", soft_time_limit=600, time_limit=660, **RETRY_TRANSIENT)
def curriculum_digest() -> dict:
    """The monthly curriculum digest to the school's staff; once per track and month."""
    from .services import curriculum_digest_send

    report = curriculum_digest_send(wet_run=True)
    return {"month": report.month, "sent": report.sent, "tracks": len(report.sections)}
