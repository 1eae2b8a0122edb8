"""Throttles for the forms that answer strangers (sign-up, password reset) and for invitations.

django-axes counts failed logins; these forms never "fail", so they are counted with DRF's throttles,
twice: per client address (read behind ``TRUSTED_PROXY_COUNT`` proxies only, as for logins and the API)
and per e-mail address typed, whoever sends it. Counting per e-mail does not reveal whether an account
exists: every address is counted, known or not. The counters live in the cache (Redis in production).
"""

import hashlib

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle


class FormRateThrottle(SimpleRateThrottle):
    """One counter of ``scope`` for ``ident``; the rate is read from settings at each use."""

    def __init__(self, scope: str, ident: str):
        self.scope = scope
        self.ident = ident
        super().__init__()

    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].get(self.scope)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}


def _email_ident(email: str) -> str:
    # The cache holds a digest, not the address someone typed.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def form_throttle_wait(request, scope: str, *, email: str = "") -> int | None:
    """Count one submission of the ``scope`` form; the seconds to wait when a limit is reached, else None.

    ``<scope>`` limits the client address, ``<scope>_email`` the e-mail address typed.
    """
    throttles = [FormRateThrottle(scope, BaseThrottle().get_ident(request))]
    if email:
        throttles.append(FormRateThrottle(f"{scope}_email", _email_ident(email)))
    waits = []
    for throttle in throttles:
        if throttle.rate is None:
            continue
        if not throttle.allow_request(request, None):
            waits.append(throttle.wait() or 60)
    return int(max(waits)) + 1 if waits else None


def throttled_response(request, wait: int):
    """A French 429 page that says how long to wait, the same for every address typed."""
    minutes = max(1, round(wait / 60))
    message = _(
        "Trop de demandes envoyées depuis votre connexion ou pour cette adresse e-mail. "
        "Réessayez dans %(minutes)d minute(s)."
    ) % {"minutes": minutes}
    response = render(request, "accounts/throttled.html", {"message": message}, status=429)
    response["Retry-After"] = str(wait)
    return response


def invitation_throttle_wait(*, email: str, by) -> int | None:
    """Count one invitation; the seconds to wait when a limit is reached, else None.

    ``invitation`` limits the inviting account (an employer's contact; the school's officers invite
    whole cohorts and are not limited), ``invitation_email`` the address invited, known or not.
    """
    throttles = [FormRateThrottle("invitation_email", _email_ident(email))]
    if by is not None and not by.is_officer:
        throttles.append(FormRateThrottle("invitation", f"user-{by.pk}"))
    waits = []
    for throttle in throttles:
        if throttle.rate is not None and not throttle.allow_request(None, None):
            waits.append(throttle.wait() or 60)
    return int(max(waits)) + 1 if waits else None
