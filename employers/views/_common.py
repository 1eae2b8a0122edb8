"""Who may see a page: the guards every employer and officer view starts with."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..selectors import employer_for_user


def forbidden(request, message: str):
    return render(request, "employers/forbidden.html", {"message": message}, status=403)


def employer_required(view):
    """Signed-in employer account attached to an organisation; the view receives ``employer``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        employer = employer_for_user(user=request.user)
        if employer is None:
            return forbidden(request, _("Cette page est réservée aux entreprises inscrites sur Tremplin."))
        return view(request, employer, *args, **kwargs)

    return wrapper


def officer_required(view):
    """Placement officers and administrators only."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_officer:
            return forbidden(request, _("Cette page est réservée à l'équipe de l'école."))
        return view(request, *args, **kwargs)

    return wrapper


def paginate(request, queryset, per_page: int = 20):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
