"""Reads of admissions, scoped to who asks."""

from django.db.models import Count, QuerySet
from django.utils import timezone

from .models import Application, InformationSession


def sessions_upcoming(*, now=None) -> QuerySet[InformationSession]:
    """Sessions still to come, each with ``taken`` (seats booked)."""
    return InformationSession.objects.filter(starts_at__gt=now or timezone.now()).annotate(
        taken=Count("bookings")
    )


def sessions_for_staff(*, now=None) -> list[InformationSession]:
    """Every session, each with ``taken``: the ones to come first, soonest first (the next one is what the
    school prepares), then the past ones, latest first."""
    now = now or timezone.now()
    sessions = InformationSession.objects.annotate(taken=Count("bookings"))
    upcoming = list(sessions.filter(starts_at__gte=now).order_by("starts_at"))
    return upcoming + list(sessions.filter(starts_at__lt=now).order_by("-starts_at"))


def applications_for_staff(*, state: str = "", with_pending: bool = False) -> QuerySet[Application]:
    """The school's applications; those still « à confirmer » (their address unproven) only when asked
    for by their state, or with ``with_pending`` (one application's page)."""
    qs = Application.objects.select_related("commune", "booking__session")
    if state in Application.State.values:
        return qs.filter(state=state)
    if not with_pending:
        qs = qs.exclude(state=Application.State.PENDING)
    return qs
