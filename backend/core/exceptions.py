"""One error type for the services and one DRF handler rendering ``{"message", "extra"}``."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ApplicationError(Exception):
    """A business rule said no. ``message`` is shown to people, in French."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, message: str, extra: dict | None = None, *, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
        if status_code is not None:
            self.status_code = status_code


class ConflictError(ApplicationError):
    status_code = status.HTTP_409_CONFLICT


def _flatten(detail) -> str:
    if isinstance(detail, dict):
        return " ".join(_flatten(v) for v in detail.values())
    if isinstance(detail, list):
        return " ".join(_flatten(v) for v in detail)
    return str(detail)


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return Response({"message": exc.message, "extra": exc.extra}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        extra = {"fields": exc.message_dict} if hasattr(exc, "error_dict") else {}
        exc = exceptions.ValidationError(detail=exc.message_dict if extra else exc.messages)
        response = drf_exception_handler(exc, context)
        response.data = {"message": _flatten(exc.detail), "extra": extra}
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Introuvable."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "message": _("Certaines données sont invalides : ") + _flatten(exc.detail),
            "extra": {"fields": exc.detail},
        }
    else:
        extra = {}
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            extra["retry_after_seconds"] = int(exc.wait)
        response.data = {"message": str(exc.detail), "extra": extra}
    return response
