"""Guards of the employer pages; the shared ones live in backend.core.guards."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from backend.core.guards import forbidden, officer_required, paginate

from ..selectors import employer_for_user

__all__ = ["employer_contact_required", "forbidden", "officer_required", "paginate"]


def employer_contact_required(view):
    """A signed-in contact of an organisation, whatever the organisation's status (one awaiting approval
    already prepares its offers); the view receives ``employer``. Browsing graduates' profiles asks more: graduates'
    ``approved_employer_required``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        employer = employer_for_user(user=request.user)
        if employer is None:
            return forbidden(request, _("Cette page est réservée aux entreprises inscrites sur Tremplin."))
        return view(request, employer, *args, **kwargs)

    return wrapper
