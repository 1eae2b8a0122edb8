"""What a person (or a script) reads once django-axes has locked an account or an address out."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    """429 in French: the API gets ``{"message", "extra"}``, the web pages a page in the site's layout.

    It never says whether the account exists: the same answer for every locked e-mail or address.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Trop de tentatives de connexion ont échoué. Par sécurité, la connexion est suspendue pendant "
        "%(minutes)d minutes. Vous pouvez aussi réinitialiser votre mot de passe."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response = JsonResponse({"message": message, "extra": {"retry_after_minutes": minutes}}, status=429)
    else:
        response = render(request, "accounts/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def client_username(request, credentials=None) -> str | None:
    """The account a login attempt is for, folded to lower case so « Ines@… » and « ines@… » count
    together; read from the credentials, else from the posted form or JSON."""
    value = (credentials or {}).get("username")
    if not value and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("username")
    value = str(value or "").strip().lower()
    return value or None
