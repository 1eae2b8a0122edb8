"""The school's pages on the territory: the feed (on or off, the last syncs, the territory offers) and
the prospects for the partnership CRM."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.core.exceptions import ApplicationError
from backend.core.guards import officer_required, paginate
from employers.services.crm import employer_prospect_add

from .prospects import prospect_get, prospect_list
from .selectors import territory_offer_list_for_officer
from .services import territory_feed_status


@officer_required
def feed(request):
    q = (request.GET.get("q") or "").strip()[:200]
    status = request.GET.get("status") or "published"
    page = paginate(request, territory_offer_list_for_officer(q=q, status=status))
    return render(
        request,
        "territory/feed.html",
        {"status": territory_feed_status(), "page": page, "q": q, "current_status": status},
    )


@officer_required
def prospects(request):
    from django.conf import settings

    return render(
        request,
        "territory/prospects.html",
        {
            "prospects": prospect_list()[:100],
            "months": settings.TERRITORY_PROSPECT_MONTHS,
            "radius_km": settings.TERRITORY_PROSPECT_RADIUS_KM,
        },
    )


@require_POST
@officer_required
def prospect_add(request):
    """One click: the company becomes a prospect in the CRM, its first log entry says why."""
    prospect = prospect_get(key=(request.POST.get("key") or "")[:200])
    if prospect is None:
        messages.error(
            request,
            _("Cette entreprise n'est plus dans la liste des prospects : elle est peut-être déjà suivie."),
        )
        return redirect("territory:prospects")
    try:
        employer = employer_prospect_add(
            name=prospect.name, commune=prospect.commune, by=request.user, summary=prospect.summary()
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        known = (exc.extra or {}).get("employer_id")
        return redirect("employers:employer_detail", pk=known) if known else redirect("territory:prospects")
    messages.success(
        request, _("%(e)s est ajoutée au suivi des entreprises (prospect).") % {"e": employer.name}
    )
    return redirect("employers:employer_detail", pk=employer.pk)
