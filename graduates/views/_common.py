"""Guards of the graduate pages; the shared ones live in backend.core.guards."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext_lazy as _

from backend.core.guards import forbidden, login_then, officer_required, paginate

from ..selectors import employer_may_browse, graduate_for_user

__all__ = ["approved_employer_required", "forbidden", "graduate_required", "officer_required", "paginate"]


def graduate_required(view):
    """A signed-in graduate with a profile; the view receives ``graduate``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        graduate = graduate_for_user(user=request.user)
        if graduate is None:
            return forbidden(request, _("Cette page est réservée aux diplômé·es de l'école."))
        return view(request, graduate, *args, **kwargs)

    return wrapper


# An account of an employer the school approved (employers' own pages ask less: employer_contact_required).
approved_employer_required = login_then(
    employer_may_browse, _("Les profils des diplômé·es sont réservés aux entreprises validées par l'école.")
)
