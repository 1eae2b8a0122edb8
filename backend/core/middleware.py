"""Requests that no view can serve are refused here, before any view or query runs."""

from __future__ import annotations

import json

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

# PostgreSQL text cannot hold a NUL character: a NUL in a search term, a form field or a JSON string
# would otherwise reach the database and come back as a server error. No French text needs it.
_NUL = "\x00"
_JSON_NUL = (b"\\u0000", b"\\U0000")
# Bodies larger than this are not scanned for escaped NULs (uploads go through their own checks).
_SCAN_LIMIT = 2 * 1024 * 1024


def _has_nul(values) -> bool:
    return any(_NUL in key or any(_NUL in v for v in vals) for key, vals in values.lists())


class RejectNulMiddleware:
    """Answer 400 with a French message when the URL, the query or a form or JSON field holds NUL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._carries_nul(request):
            message = _(
                "Votre demande contient un caractère invisible non autorisé (caractère nul). "
                "Retirez-le, par exemple en retapant le texte, puis réessayez."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"message": message, "extra": {}}, status=400)
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request) -> bool:
        if _NUL in request.path or _has_nul(request.GET):
            return True
        content_type = request.content_type or ""
        if request.method in ("POST", "PUT", "PATCH"):
            if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                try:
                    return _has_nul(request.POST)
                except Exception:  # noqa: BLE001 — a malformed body is the view's (or Django's) to refuse
                    return False
            if "json" in content_type:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
                if 0 < length <= _SCAN_LIMIT:
                    body = request.body
                    if _NUL.encode() in body:
                        return True
                    if any(marker in body for marker in _JSON_NUL):
                        # An escaped NUL inside a JSON string: confirm on the decoded document.
                        try:
                            return _NUL in json.dumps(json.loads(body), ensure_ascii=False)
                        except ValueError:
                            return False
        return False
