"""Reads scoped to who asks. Another employer's offer is a 404, never a 403 that leaks its existence."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404

from backend.accounts.models import User
from backend.core.text import fold
from backend.geo.distance import bounding_box, distance_km_expression
from backend.geo.models import Commune

from .models import Contact, Employer, Interaction, Offer, OfferSkill, Partnership

# Offer.search_vector is built with this configuration (trigger of migration 0003).
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
        Prefetch(
            "offer_skills",
            queryset=OfferSkill.objects.select_related("skill").order_by("level", "skill__label_fr"),
        )
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


RESULT_FIELDS = (
    "id",
    "title",
    "status",
    "contract_type",
    "contract_months",
    "working_time",
    "remote",
    "salary_min",
    "salary_max",
    "salary_period",
    "start_date",
    "deadline",
    "published_at",
    "disability_friendly",
    "employer__id",
    "employer__name",
    "employer__website",
    "commune__insee",
    "commune__name",
    "commune__department",
    "commune__postal_codes",
    "commune__latitude",
    "commune__longitude",
)


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
    # Result lists never show the Markdown source, the search columns or a skill's aliases: leave
    # them in the tables.
    result_skills = OfferSkill.objects.select_related("skill").only(
        "id",
        "offer_id",
        "skill_id",
        "level",
        "source",
        "skill__id",
        "skill__uid",
        "skill__label_fr",
        "skill__kind",
    )
    # Only the columns a result card shows: a narrow SELECT is also a cheaper query to compile.
    qs = (
        Offer.objects.select_related("employer", "commune")
        .prefetch_related(
            Prefetch("offer_skills", queryset=result_skills.order_by("level", "skill__label_fr"))
        )
        .filter(status=Offer.Status.PUBLISHED)
        .only(*RESULT_FIELDS)
    )
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
            from django.contrib.postgres.search import SearchQuery, SearchRank

            query = SearchQuery(q, config=FTS_CONFIG, search_type="websearch")
            qs = qs.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
            ranked = True
        else:
            for word in q.split():
                qs = qs.filter(search_text__contains=word)
    if search.near is not None:
        lat, lon = search.near.latitude, search.near.longitude
        qs = qs.annotate(
            distance_km=distance_km_expression(lat, lon, "commune__latitude", "commune__longitude")
        )
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


# ---------------------------------------------------------------- web pages (added for the employer and officer pages)


def offer_list_for_employer(*, employer: Employer) -> QuerySet[Offer]:
    """The organisation's offers for its dashboard: light rows, newest activity first."""
    return Offer.objects.filter(employer=employer).select_related("commune").order_by("-updated_at", "-pk")


def contact_list_for_employer(*, employer: Employer) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(employer=employer).select_related("user").order_by("-is_primary", "last_name")
    )


def employer_counts_for_officer() -> dict[str, int]:
    """What waits for the school: employers to review, offers to moderate."""
    return {
        "employers_pending": Employer.objects.filter(status=Employer.Status.PENDING).count(),
        "offers_submitted": Offer.objects.filter(status=Offer.Status.SUBMITTED).count(),
        "offers_published": Offer.objects.filter(status=Offer.Status.PUBLISHED).count(),
        "employers_approved": Employer.objects.filter(status=Employer.Status.APPROVED).count(),
    }


# ---------------------------------------------------------------- partnership CRM (added for the API)


def partnership_list_for_employer(*, employer: Employer) -> QuerySet[Partnership]:
    """An employer's agreements; the caller has already scoped ``employer`` to who asks."""
    return (
        Partnership.objects.filter(employer=employer).select_related("officer").order_by("-start_date", "-pk")
    )


def partnership_get_for_employer(*, employer: Employer, partnership_id: int) -> Partnership:
    partnership = partnership_list_for_employer(employer=employer).filter(pk=partnership_id).first()
    if partnership is None:
        raise Http404
    return partnership


def interaction_list_for_employer(*, employer: Employer) -> QuerySet[Interaction]:
    return Interaction.objects.filter(employer=employer).select_related("by").order_by("-occurred_on", "-pk")
