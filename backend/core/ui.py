"""The pages about the site itself: the accessibility statement (public, as RGAA requires) and the
style guide (staff only) that shows every component of the one stylesheet."""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils.translation import gettext as _

from .contact import privacy_contact
from .guards import forbidden

# What the automated checks measured (tests/e2e/test_a11y.py, test_phone_width.py, tests/test_no_raw_codes.py),
# restated by the statement; update with the date when the checks or the page list change.
AUDIT = {
    "date": "2026-12-07",
    "pages": 146,  # pages x roles (visitor, employer, graduate, officer, admin, trainer), from the URL configuration
    "checks": 292,  # the same pages at 1366 px and 390 px
    "serious": 0,  # serious or critical axe-core violations left
}


def accessibility(request):
    contact = privacy_contact()
    return render(request, "core/accessibility.html", {"audit": AUDIT, "contact": contact})


def styleguide(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_staff:
        return forbidden(request, _("Le guide des composants est réservé à l'équipe technique."))
    return render(request, "core/styleguide.html")
