"""REST API of employers and offers (``/api/v1/``), routed in ``employers.api_urls``.

Thin: each endpoint validates with a serializer, reads through a selector scoped to who asks (another
employer's offer is a 404, never a 403 that leaks its existence) and writes through one service.
``ApplicationError`` from the services becomes a 400/409 ``{"message", "extra"}`` in
``backend.core.exceptions``.
"""

from .offers import EmployerOfferViewSet, ModerationOfferViewSet, PublicOfferViewSet, RomeCodingViewSet
from .organisations import EmployerMeApi, EmployerViewSet

__all__ = [
    "EmployerMeApi",
    "EmployerOfferViewSet",
    "EmployerViewSet",
    "ModerationOfferViewSet",
    "PublicOfferViewSet",
    "RomeCodingViewSet",
]
