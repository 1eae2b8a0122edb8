"""Helpers every app's services share: a model's validation as an ``ApplicationError``, the officer check."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .exceptions import ApplicationError


def full_clean(obj, exclude=None, *, validate_unique: bool = True) -> None:
    """``obj.full_clean()``, its first message raised as an ``ApplicationError`` (every field's in ``extra``)."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=validate_unique)
    except ValidationError as exc:
        fields = exc.message_dict
        first = next(iter(fields.values()))[0]
        raise ApplicationError(first, extra={"fields": fields}) from None


def require_officer(user, message: str | None = None) -> None:
    """Refuse (403) anyone but a signed-in placement officer; ``message`` says what only the school does."""
    if not (user is not None and user.is_authenticated and user.is_officer):
        raise ApplicationError(
            message or _("Seul·e un·e chargé·e d'insertion peut faire cela."), status_code=403
        )
