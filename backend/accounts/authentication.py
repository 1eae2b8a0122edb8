"""Token authentication against hashed, expiring keys (``ApiToken``)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken

# Writing last_used_at on every call would turn each API read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``: the key's SHA-256 is looked up; an expired key is refused with a
    French message saying where to get a new one."""

    model = ApiToken

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Token non valide."))
        now = timezone.now()
        if token.is_expired(now):
            raise exceptions.AuthenticationFailed(
                _("Ce jeton a expiré le %(date)s : créez-en un nouveau depuis la page « Mon compte ».")
                % {"date": date_format(timezone.localtime(token.expires_at), "j F Y")}
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Utilisateur inactif ou supprimé."))
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
