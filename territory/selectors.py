"""Reads of the territory feed for the school's pages."""

from django.db.models import QuerySet

from backend.core.text import fold
from employers.models import Offer


def territory_offer_list_for_officer(*, q: str = "", status: str = "published") -> QuerySet[Offer]:
    """Territory offers, newest first, by words of their title, company or commune."""
    qs = Offer.objects.filter(source=Offer.Source.FRANCE_TRAVAIL).select_related("commune", "duplicate_of")
    if status in Offer.Status.values:
        qs = qs.filter(status=status)
    for word in fold(q).split()[:8]:
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("-published_at", "-pk")
