"""Thin Celery wrapper around the information sessions' reminders. Scheduled in settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


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
