"""Reads scoped to who asks. Another employer's offer is a 404, never a 403 that leaks its existence."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from backend.accounts.models import User
from backend.core.text import fold
from backend.geo.distance import bounding_box, distance_km_expression
from backend.geo.models import Commune

from .models import Contact, Employer, Offer, OfferSkill

# The index expression created by migration 0002 for PostgreSQL full-text search.
FTS_CONFIG = "french"


def employer_for_user(*, user: User) -> Employer | None:
    """The organisation an employer account acts for (None for other roles)."""
    if not user.is_authenticated or not user.is_employer:
        return None
    contact = Contact.objects.select_related("employer").filter(user=user).first()
    return contact.employer if contact else None


def employer_get_for_user(*, user: User, employer_id: int) -> Employer:
    if user.is_officer:
        employer = Employer.objects.filter(pk=employer_id).select_related("commune").first()
    else:
        own = employer_for_user(user=user)
        employer = own if own and own.pk == employer_id else None
    if employer is None:
        raise Http404
    return employer


def employer_list_for_officer(*, status: str | None = None, query: str = "") -> QuerySet[Employer]:
    qs = Employer.objects.select_related("commune").annotate(
        open_offers=Count("offers", filter=Q(offers__status=Offer.Status.PUBLISHED), distinct=True)
    )
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(siret__startswith=query.replace(" ", "")))
    return qs.order_by("status", "name")


def _offer_base() -> QuerySet[Offer]:
    return Offer.objects.select_related("employer", "commune", "appellation", "occupation").prefetch_related(
        Prefetch("offer_skills", queryset=OfferSkill.objects.select_related("skill").order_by("level", "skill__label_fr"))
    )


def offer_list_for_user(*, user: User) -> QuerySet[Offer]:
    """Offers the user may manage: officers all, employers their organisation's."""
    if user.is_officer:
        return _offer_base()
    employer = employer_for_user(user=user)
    if employer is None:
        return Offer.objects.none()
    return _offer_base().filter(employer=employer)


def offer_get_for_user(*, user: User, offer_id: int) -> Offer:
    offer = offer_list_for_user(user=user).filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    return offer


def offer_list_for_moderation() -> QuerySet[Offer]:
    return _offer_base().filter(status=Offer.Status.SUBMITTED).order_by("updated_at")


def offer_get_public(*, offer_id: int) -> Offer:
    offer = _offer_base().filter(pk=offer_id, status=Offer.Status.PUBLISHED).first()
    if offer is None:
        raise Http404
    return offer


@dataclass
class OfferSearch:
    q: str = ""
    contract_types: tuple[str, ...] = ()
    remote: tuple[str, ...] = ()
    skill_ids: tuple[int, ...] = ()
    near: Commune | None = None
    radius_km: float | None = None
    sort: str = "relevance"  # relevance | date | distance


def offer_search_public(*, search: OfferSearch) -> QuerySet[Offer]:
    """Published offers by text, contract, remote policy, skill and distance from a commune.

    PostgreSQL uses a GIN-indexed French full-text vector; SQLite (embedded demo) falls back to
    accent-folded word containment. Distance: a bounding-box prefilter on indexed coordinates,
    then the exact haversine.
    """
    qs = _offer_base().filter(status=Offer.Status.PUBLISHED)
    if search.contract_types:
        qs = qs.filter(contract_type__in=search.contract_types)
    if search.remote:
        qs = qs.filter(remote__in=search.remote)
    for skill_id in search.skill_ids:
        qs = qs.filter(offer_skills__skill_id=skill_id)
    ranked = False
    q = fold(search.q)
    if q:
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

            vector = SearchVector("search_text", config=FTS_CONFIG)
            query = SearchQuery(q, config=FTS_CONFIG, search_type="websearch")
            qs = qs.alias(_vector=vector).filter(_vector=query).annotate(rank=SearchRank(vector, query))
            ranked = True
        else:
            for word in q.split():
                qs = qs.filter(search_text__contains=word)
    if search.near is not None:
        lat, lon = search.near.latitude, search.near.longitude
        qs = qs.annotate(distance_km=distance_km_expression(lat, lon, "commune__latitude", "commune__longitude"))
        if search.radius_km:
            min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, search.radius_km)
            qs = qs.filter(
                commune__latitude__range=(min_lat, max_lat),
                commune__longitude__range=(min_lon, max_lon),
                distance_km__lte=search.radius_km,
            )
    if search.sort == "distance" and search.near is not None:
        return qs.order_by("distance_km", "-published_at", "-pk")
    if search.sort == "relevance" and ranked:
        return qs.order_by("-rank", "-published_at", "-pk")
    return qs.order_by("-published_at", "-pk")
