"""Whom a person writes to about personal data: the school's data-protection contact."""

from email.utils import parseaddr

from django.conf import settings


def privacy_contact() -> str:
    """The bare address of ``PRIVACY_CONTACT_EMAIL`` (required in production, backend/core/checks.py),
    else — in development only — the sender's address of ``DEFAULT_FROM_EMAIL``."""
    return (settings.PRIVACY_CONTACT_EMAIL or "").strip() or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
