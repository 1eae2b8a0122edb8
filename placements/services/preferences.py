"""Notifications read, and each person's e-mail preference."""

from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.exceptions import ApplicationError

from ..models import Notification, NotificationPreference


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all of them, or those ``ids``); returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def notification_preference_set(
    *, user: User, frequency: str, muted_kinds: list[str]
) -> NotificationPreference:
    if frequency not in NotificationPreference.Frequency.values:
        raise ApplicationError(_("Choisissez une fréquence dans la liste."), extra={"field": "frequency"})
    unknown = sorted(set(muted_kinds) - set(Notification.Kind.values))
    if unknown:
        raise ApplicationError(
            _("Type de notification inconnu : %(k)s.") % {"k": ", ".join(unknown)},
            extra={"field": "muted_kinds"},
        )
    pref, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency, "muted_kinds": sorted(set(muted_kinds))}
    )
    return pref
