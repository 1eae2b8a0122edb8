"""Reads scoped to who asks. Another employer's offer is a 404, never a 403 that leaks its existence."""

import math
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404

from backend.accounts.models import User
from backend.core.text import fold
from backend.geo.distance import EARTH_RADIUS_KM, bounding_box, distance_km_expression
from backend.geo.models import Commune
from backend.geo.selectors import commune_get

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
    """Offers the user may manage: officers all the partners', employers their organisation's.
    Territory offers (France Travail) are managed by their feed alone: no page of this kind, no shortlist."""
    if user.is_officer:
        return _offer_base().filter(source=Offer.Source.PARTNER)
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


def offer_list_to_code() -> QuerySet[Offer]:
    """Offers waiting for their ROME fiche: published or awaiting moderation, read by the NLP
    pipeline, and with no code (the classifier abstained, or its code was rejected). Newest first:
    the search, the curriculum read and the prospects count them once coded."""
    return (
        Offer.objects.filter(
            status__in=[Offer.Status.PUBLISHED, Offer.Status.SUBMITTED],
            occupation__isnull=True,
            analysed_hash=F("content_hash"),
        )
        .exclude(content_hash="")
        .select_related("employer", "commune")
        .order_by(F("published_at").desc(nulls_first=True), "-created_at", "-pk")
    )


def offer_get_for_coding(*, offer_id: int) -> Offer:
    """Any offer, partner's or territory's, for an officer coding its ROME fiche (the caller checks
    the role); 404 when there is none."""
    offer = (
        Offer.objects.select_related("employer", "commune", "occupation", "appellation")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def offer_get_public(*, offer_id: int) -> Offer:
    offer = _offer_base().filter(pk=offer_id, status=Offer.Status.PUBLISHED).first()
    if offer is None:
        raise Http404
    return offer


# Offers that were public once: a link to one (shared, bookmarked, in an e-mail) says it has ended.
ENDED_STATUSES = (Offer.Status.FILLED, Offer.Status.CLOSED, Offer.Status.EXPIRED)


def offer_get_ended(*, offer_id: int) -> Offer | None:
    """An offer that was published and has ended (filled, closed, expired); drafts and refused offers
    stay private."""
    return (
        Offer.objects.select_related("employer", "commune", "occupation")
        .filter(pk=offer_id, status__in=ENDED_STATUSES, published_at__isnull=False)
        .first()
    )


def offers_similar_open(*, offer: Offer, limit: int = 5) -> list[Offer]:
    """Open offers like an ended one: the same ROME occupation first, then the same contract type,
    nearest first when the offer had a place. Used to send a reader somewhere useful."""
    base = Offer.objects.select_related("employer", "commune").filter(status=Offer.Status.PUBLISHED)
    picks: list[Offer] = []
    seen = {offer.pk}
    tiers = []
    if offer.occupation_id:
        tiers.append(base.filter(occupation_id=offer.occupation_id))
    tiers.append(base.filter(contract_type=offer.contract_type))
    for qs in tiers:
        if offer.commune_id:
            qs = qs.filter(commune__department=offer.commune.department)
        for candidate in qs.order_by("-published_at", "-pk")[: limit * 2]:
            if candidate.pk not in seen:
                seen.add(candidate.pk)
                picks.append(candidate)
            if len(picks) >= limit:
                return picks
    return picks


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
    "source",
    "external_url",
    "published_employer",
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
    # Instead of ``near``: the commune's INSEE code, resolved inside the search query (the API's way,
    # one round trip less). An unknown code finds nothing.
    near_insee: str = ""


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
        # A territory offer repeating a partner's own offer is shown once: the partner's.
        .filter(duplicate_of__isnull=True)
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
    near = search.near
    if near is None and search.near_insee:
        near = commune_get(insee=search.near_insee)
        if near is None:
            return Offer.objects.none()
    if near is not None:
        lat, lon = near.latitude, near.longitude
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
    if search.sort == "distance" and near is not None:
        return qs.order_by("distance_km", "-published_at", "-pk")
    if search.sort == "relevance" and ranked:
        return qs.order_by("-rank", "-published_at", "-pk")
    return qs.order_by("-published_at", "-pk")


# ---------------------------------------------------------------- the API's search: one page, one statement


def offer_search_public_page(*, search: OfferSearch, offset: int, limit: int) -> tuple[int, list[dict]]:
    """One page of :func:`offer_search_public` and its total, as plain rows (the API's result cards).

    The public search is the platform's hottest read. On PostgreSQL it is one SQL statement: the
    reference commune is resolved in it, the offers are filtered on their own copy of the workplace
    coordinates (an indexed box, then the exact haversine) and their stored French tsvector, the
    total rides along as ``COUNT(*) OVER ()``, and the page's employer, commune and skills are joined
    to the page's rows only. Building that statement from the ORM and turning its rows into model
    instances cost several times the database's own work, hence hand-written SQL here; the tests
    check that it finds, orders and counts exactly what :func:`offer_search_public` does.
    Elsewhere (SQLite, the embedded demo) the rows come from that queryset.

    Each row: ``id, title, contract_type, contract_months, remote, salary_min, salary_max,
    salary_period, start_date, deadline, published_at, distance_km`` (None without a commune),
    ``employer_id, employer_name, employer_website``, ``commune_insee, commune_name,
    commune_department, commune_postal_codes, commune_latitude, commune_longitude`` and ``skills``
    (``[{"skill", "label", "level"}]``, ordered as ``OfferSkill.Meta.ordering``: level, then label).
    """
    if connection.vendor != "postgresql":
        return _offer_search_page_orm(search=search, offset=offset, limit=limit)
    sql, params = _offer_search_page_sql(search=search, offset=offset, limit=limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    total = rows[0]["total"] if rows else 0
    for row in rows:
        del row["total"]
    return total, rows


# Great-circle distance from the reference commune (``ref``), the formula of
# backend.geo.distance.distance_km_expression with the commune's values computed by the database.
_HAVERSINE = (
    "%(diameter_km)s * ASIN(LEAST(1.0, SQRT("
    "POWER(SIN((RADIANS(o.latitude) - ref.lat0) / 2), 2)"
    " + ref.cos_lat0 * COS(RADIANS(o.latitude)) * POWER(SIN((RADIANS(o.longitude) - ref.lon0) / 2), 2))))"
)
# The bounding box of backend.geo.distance.bounding_box, around the reference commune.
_REFERENCE = """
    SELECT RADIANS(latitude) AS lat0, COS(RADIANS(latitude)) AS cos_lat0, RADIANS(longitude) AS lon0,
           latitude - %(dlat)s AS min_lat, latitude + %(dlat)s AS max_lat,
           longitude - DEGREES(%(radius_km)s / (%(earth_km)s * GREATEST(0.01, COS(RADIANS(latitude))))) AS min_lon,
           longitude + DEGREES(%(radius_km)s / (%(earth_km)s * GREATEST(0.01, COS(RADIANS(latitude))))) AS max_lon
      FROM geo_commune WHERE insee = %(near)s
"""
_PAGE = """
{with_reference}
SELECT p.id, p.title, p.contract_type, p.contract_months, p.remote, p.salary_min, p.salary_max,
       p.salary_period, p.start_date, p.deadline, p.published_at, p.distance_km, p.total,
       e.id AS employer_id, e.name AS employer_name, e.website AS employer_website,
       c.insee AS commune_insee, c.name AS commune_name, c.department AS commune_department,
       c.postal_codes AS commune_postal_codes, c.latitude AS commune_latitude,
       c.longitude AS commune_longitude,
       (SELECT COALESCE(json_agg(json_build_object('skill', os.skill_id, 'label', s.label_fr, 'level', os.level)
                                 ORDER BY os.level, s.label_fr, os.skill_id), '[]'::json)
          FROM employers_offerskill AS os JOIN taxonomy_skill AS s ON s.id = os.skill_id
         WHERE os.offer_id = p.id) AS skills
  FROM (SELECT o.id, o.employer_id, o.commune_id, o.title, o.contract_type, o.contract_months, o.remote,
               o.salary_min, o.salary_max, o.salary_period, o.start_date, o.deadline, o.published_at,
               {rank} AS rank, {distance} AS distance_km, COUNT(*) OVER () AS total
          FROM employers_offer AS o{join_reference}
         WHERE {where}
         ORDER BY {inner_order}
         LIMIT %(limit)s OFFSET %(offset)s) AS p
  JOIN employers_employer AS e ON e.id = p.employer_id
  JOIN geo_commune AS c ON c.insee = p.commune_id
 ORDER BY {outer_order}
"""


def _offer_search_page_sql(*, search: OfferSearch, offset: int, limit: int) -> tuple[str, dict]:
    """The statement of :func:`offer_search_public_page` and its parameters (values never enter the text)."""
    params: dict = {"status": Offer.Status.PUBLISHED, "limit": limit, "offset": offset}
    where = ["o.status = %(status)s"]

    def any_of(column: str, name: str, values) -> None:
        names = []
        for i, value in enumerate(values):
            params[f"{name}_{i}"] = value
            names.append(f"%({name}_{i})s")
        where.append(f"{column} IN ({', '.join(names)})")

    if search.contract_types:
        any_of("o.contract_type", "contract", search.contract_types)
    if search.remote:
        any_of("o.remote", "remote", search.remote)
    for i, skill_id in enumerate(search.skill_ids):
        params[f"skill_{i}"] = skill_id
        where.append(  # only a parameter's name is formatted in; the id is a parameter
            f"EXISTS (SELECT 1 FROM employers_offerskill AS sk WHERE sk.offer_id = o.id AND sk.skill_id = %(skill_{i})s)"  # noqa: S608
        )
    rank = "NULL::double precision"
    q = fold(search.q)
    if q:
        params["q"] = q
        query = f"websearch_to_tsquery('{FTS_CONFIG}'::regconfig, %(q)s)"
        where.append(f"o.search_vector @@ {query}")
        rank = f"ts_rank(o.search_vector, {query})"
    distance, with_reference, join_reference = "NULL::double precision", "", ""
    near = search.near.insee if search.near is not None else search.near_insee
    if near:
        radius = search.radius_km or 0.0
        params.update(
            near=near,
            diameter_km=2 * EARTH_RADIUS_KM,
            earth_km=EARTH_RADIUS_KM,
            radius_km=radius,
            dlat=math.degrees(radius / EARTH_RADIUS_KM),
        )
        with_reference = f"WITH ref AS ({_REFERENCE})"
        join_reference = " CROSS JOIN ref"
        distance = _HAVERSINE
        if search.radius_km:
            where.append("o.latitude BETWEEN ref.min_lat AND ref.max_lat")
            where.append("o.longitude BETWEEN ref.min_lon AND ref.max_lon")
            where.append(f"{_HAVERSINE} <= %(radius_km)s")
    # The orders of offer_search_public, by the inner query's column names.
    if search.sort == "distance" and near:
        order = ["distance_km ASC", "published_at DESC", "id DESC"]
    elif search.sort == "relevance" and q:
        order = ["rank DESC", "published_at DESC", "id DESC"]
    else:
        order = ["published_at DESC", "id DESC"]
    sql = _PAGE.format(  # the text is made of the constants above only: values go as parameters
        with_reference=with_reference,
        rank=rank,
        distance=distance,
        join_reference=join_reference,
        where="\n           AND ".join(where),
        inner_order=", ".join(order),
        outer_order=", ".join(f"p.{term}" for term in order),
    )
    return sql, params


def _offer_search_page_orm(*, search: OfferSearch, offset: int, limit: int) -> tuple[int, list[dict]]:
    """The same page through the ORM: the embedded demo's way, and the reference the tests compare with."""
    # The API lists partners' offers (an employer object each); territory offers are on the pages.
    offers = offer_search_public(search=search).filter(source=Offer.Source.PARTNER)
    total = offers.count()
    return total, [_offer_row(offer) for offer in offers[offset : offset + limit]] if total else []


def _offer_row(offer: Offer) -> dict:
    """An offer of the queryset as a row of :func:`offer_search_public_page`."""
    commune = offer.commune
    return {
        "id": offer.pk,
        "title": offer.title,
        "contract_type": offer.contract_type,
        "contract_months": offer.contract_months,
        "remote": offer.remote,
        "salary_min": offer.salary_min,
        "salary_max": offer.salary_max,
        "salary_period": offer.salary_period,
        "start_date": offer.start_date,
        "deadline": offer.deadline,
        "published_at": offer.published_at,
        "distance_km": getattr(offer, "distance_km", None),
        "employer_id": offer.employer_id,
        "employer_name": offer.employer.name,
        "employer_website": offer.employer.website,
        "commune_insee": commune.insee,
        "commune_name": commune.name,
        "commune_department": commune.department,
        "commune_postal_codes": commune.postal_codes,
        "commune_latitude": commune.latitude,
        "commune_longitude": commune.longitude,
        "skills": [
            {"skill": row.skill_id, "label": row.skill.label_fr, "level": row.level}
            for row in offer.offer_skills.all()
        ],
    }


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
        "offers_to_code": offer_list_to_code().count(),
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
