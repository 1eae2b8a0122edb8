"""Signed-in sessions end after a period without activity, not only two weeks after logging in.

A shared computer at a job centre or a library is the common case for the school's graduates: a
session left open there must not stay usable for days. The last activity is kept in the session and
written at most once every ``SESSION_ACTIVITY_RESOLUTION`` seconds, so an active person costs one
session write per few minutes rather than one per request.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

LAST_SEEN = "tremplin_last_seen"


class IdleTimeoutMiddleware:
    """Log out a person idle for more than ``SESSION_IDLE_TIMEOUT`` seconds (pages: back to the login
    page with a French message; the API: the request goes on as anonymous and gets its usual 401/403)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - int(last) > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                if not request.path.startswith("/api/"):
                    messages.info(
                        request,
                        _(
                            "Vous avez été déconnecté·e après une longue inactivité. Reconnectez-vous pour continuer."
                        ),
                    )
                    return redirect_to_login(request.get_full_path())
            elif last is None or now - int(last) >= settings.SESSION_ACTIVITY_RESOLUTION:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def record_login(sender, request, user, **kwargs) -> None:
    """A login is activity: the session starts with its last-seen time (connected to ``user_logged_in``)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())
