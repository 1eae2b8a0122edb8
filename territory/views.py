"""The school's page on the territory feed: on or off, the last syncs, the territory offers."""

from django.shortcuts import render

from backend.core.guards import officer_required, paginate

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
