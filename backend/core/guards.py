"""Who may see a page: the guards every app's views start with, and their 403 page."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def forbidden(request, message: str):
    """A 403 page that says, in French, why and who is signed in."""
    return render(request, "forbidden.html", {"message": message}, status=403)


def login_then(check, message: str):
    """Decorator: anonymous visitors go to the login page; signed-in people failing ``check(user)``
    get the 403 page with ``message``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                return forbidden(request, message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def officer_required(view):
    """Placement officers and administrators only."""
    return login_then(lambda user: user.is_officer, _("Cette page est réservée à l'équipe de l'école."))(view)


def paginate(request, queryset, per_page: int = 20):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
