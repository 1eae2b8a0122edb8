"""Helpers every app's services share: a model's validation as an ``ApplicationError``, the officer check."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .exceptions import ApplicationError


def full_clean(obj, exclude=None) -> None:
    """``obj.full_clean()``, its first message raised as an ``ApplicationError`` (every field's in ``extra``)."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        fields = exc.message_dict
        first = next(iter(fields.values()))[0]
        raise ApplicationError(first, extra={"fields": fields}) from None


def require_officer(user) -> None:
    """Refuse (403) anyone but a placement officer."""
    if not user.is_officer:
        raise ApplicationError(_("Seul·e un·e chargé·e d'insertion peut faire cela."), status_code=403)
