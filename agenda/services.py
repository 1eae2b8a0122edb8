"""Writes of the agenda: a person's calendar feed address, made, replaced or revoked."""

from django.db import transaction

from backend.accounts.models import User
from backend.core.audit import audit_log

from .models import CalendarFeed, token_digest


def calendar_feed_create(*, user: User) -> str:
    """A new secret feed address for ``user``; the previous one, if any, stops working at once.

    Returns the token, shown once: only its digest is kept.
    """
    token = CalendarFeed.new_token()
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": token_digest(token)})
        audit_log(actor=user, action="calendar_feed.create", target=user)
    return token


def calendar_feed_revoke(*, user: User) -> bool:
    """Revoke ``user``'s feed address; False when there was none."""
    with transaction.atomic():
        deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
        if deleted:
            audit_log(actor=user, action="calendar_feed.revoke", target=user)
    return bool(deleted)
