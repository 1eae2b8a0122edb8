"""Guards of the placements pages: the shared ones (backend.core.guards) and each side's own."""

from django.utils.http import url_has_allowed_host_and_scheme

from backend.core.guards import forbidden, officer_required, paginate
from employers.views._common import employer_contact_required
from graduates.views._common import graduate_required

__all__ = [
    "employer_contact_required",
    "forbidden",
    "graduate_required",
    "officer_required",
    "paginate",
    "safe_next",
]


def safe_next(request, default: str) -> str:
    """The ``next`` URL the form came from, when it is one of ours; else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
