"""What every page's navigation shows about the person's notifications."""

import functools

from .models import Notification


def notifications(request):
    """``nav_unread``: the number of unread notifications, counted once, and only when a page shows it
    (templates call a callable variable when they resolve it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_unread": 0}

    @functools.cache
    def unread() -> int:
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"nav_unread": unread}
