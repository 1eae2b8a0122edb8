"""The public offers API (employers/api/offers.py, PublicOfferViewSet): published offers only, search by
words, contract, remote policy, skills and distance, French errors, pagination, no N+1, one SQL query."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from backend.taxonomy.models import Skill
from employers.models import (
    Offer,
    OfferSkill,
)
from tests.factories import (
    OfferFactory,
    commune,
)

from .common import ARRAS, LENS, LIEVIN, LILLE, ids, published

pytestmark = [
    pytest.mark.django_db,
    # STATIC_ROOT exists only after collectstatic; whitenoise warns about it at the first request.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


# ---------------------------------------------------------------- public list and detail


def test_public_list_shows_only_published_offers_to_anonymous_visitors(api_client_for, employer):
    shown = published(employer, title="Intégrateur web")
    OfferFactory(employer=employer, status=Offer.Status.DRAFT)
    OfferFactory(employer=employer, status=Offer.Status.SUBMITTED)
    OfferFactory(employer=employer, status=Offer.Status.CLOSED)

    response = api_client_for(None).get("/api/v1/offers/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == shown.pk
    assert row["title"] == "Intégrateur web"
    assert row["employer"] == {"id": employer.pk, "name": "Hauts Numériques", "website": ""}
    assert row["commune"]["insee"] == LENS
    assert row["salary_label"] == "24\u202f000 – 30\u202f000 € brut par an"
    assert row["distance_km"] is None
    assert "status" not in row and "moderation_reason" not in row


def test_public_list_filters_by_contract_type_remote_and_skill(api_client_for, employer, symfony, react):
    cdi_hybrid = published(employer, contract_type="CDI", remote="hybrid")
    cdd_full = published(employer, contract_type="CDD", contract_months=6, remote="full")
    published(employer, contract_type="STAGE", contract_months=2, remote="onsite")
    OfferSkill.objects.create(offer=cdi_hybrid, skill=symfony)
    OfferSkill.objects.create(offer=cdd_full, skill=react)
    client = api_client_for(None)

    assert set(ids(client.get("/api/v1/offers/", {"contract_type": ["CDI", "CDD"]}))) == {
        cdi_hybrid.pk,
        cdd_full.pk,
    }
    assert ids(client.get("/api/v1/offers/?contract_type=CDD,STAGE&remote=full")) == [cdd_full.pk]
    assert ids(client.get("/api/v1/offers/", {"skill": symfony.pk})) == [cdi_hybrid.pk]
    assert ids(client.get("/api/v1/offers/", {"skill": [symfony.pk, react.pk]})) == []


def test_public_full_text_search_finds_offers_by_their_words(api_client_for, employer):
    php = published(employer, title="Développeur PHP", search_text="developpeur php symfony lens")
    published(employer, title="Technicien domotique", search_text="technicien domotique knx home assistant")

    response = api_client_for(None).get("/api/v1/offers/", {"q": "Symfony"})

    assert ids(response) == [php.pk]


def test_public_search_within_20_km_of_lievin_gives_distances_nearest_first(api_client_for, employer):
    in_lens = published(employer, commune=commune(LENS))
    in_arras = published(employer, commune=commune(ARRAS))
    published(employer, commune=commune(LILLE))  # 30 km from Liévin

    response = api_client_for(None).get(
        "/api/v1/offers/", {"near": LIEVIN, "radius_km": "20", "ordering": "distance"}
    )

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [in_lens.pk, in_arras.pk]
    assert 3 < rows[0]["distance_km"] < 4.5
    assert 14 < rows[1]["distance_km"] < 16


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"near": "99999"}, "near", "Commune inconnue : aucun code INSEE « 99999 »"),
        ({"near": LIEVIN, "radius_km": "vingt"}, "radius_km", "Le rayon s'exprime en kilomètres"),
        ({"near": LIEVIN, "radius_km": "500"}, "radius_km", "Le rayon ne peut pas dépasser 200 km."),
        ({"radius_km": "20"}, "near", "Indiquez la commune (near, code INSEE)"),
        ({"contract_type": "CDX"}, "contract_type", "Type de contrat inconnu : « CDX »"),
        ({"remote": "parfois"}, "remote", "Télétravail inconnu : « parfois »"),
        ({"ordering": "distance"}, "ordering", "Le tri par distance demande une commune"),
        ({"skill": "999999999"}, "skill", "Compétence inconnue : 999999999."),
    ],
)
def test_public_list_rejects_bad_input_with_a_french_message(api_client_for, db, params, field, message):
    response = api_client_for(None).get("/api/v1/offers/", params)

    assert response.status_code == 400
    body = response.json()
    assert body["message"].startswith("Certaines données sont invalides")
    assert message in body["message"]
    assert field in body["extra"]["fields"]


def test_public_list_paginates_with_a_page_size(api_client_for, employer):
    for _ in range(3):
        published(employer)

    body = api_client_for(None).get("/api/v1/offers/", {"page_size": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2")


def test_public_page_size_is_capped_at_100(api_client_for, employer):
    Offer.objects.bulk_create(OfferFactory.build_batch(101, employer=employer, published=True))

    body = api_client_for(None).get("/api/v1/offers/", {"page_size": 500}).json()

    assert body["count"] == 101
    assert len(body["results"]) == 100


def test_public_detail_shows_a_published_offer_and_hides_the_others(api_client_for, employer, symfony):
    offer = published(employer, description_html="<p>Symfony</p>")
    OfferSkill.objects.create(offer=offer, skill=symfony, level=OfferSkill.Level.NICE)
    draft = OfferFactory(employer=employer)
    client = api_client_for(None)

    response = client.get(f"/api/v1/offers/{offer.pk}/")

    assert response.status_code == 200
    assert response.json()["description_html"] == "<p>Symfony</p>"
    assert response.json()["skills"] == [
        {
            "skill": symfony.pk,
            "uid": "tremplin:symfony",
            "label": "Symfony",
            "level": "nice",
            "source": "declared",
        }
    ]
    missing = client.get(f"/api/v1/offers/{draft.pk}/")
    assert missing.status_code == 404
    assert missing.json() == {"message": "Introuvable.", "extra": {}}


# ---------------------------------------------------------------- no N+1


def _offers_with_skills(employer, count: int) -> None:
    skills = list(Skill.objects.filter(uid__in=["tremplin:symfony", "tremplin:react"]))
    assert len(skills) == 2
    for i in range(count):
        offer = published(employer, title=f"Offre {i}")
        for skill in skills:
            OfferSkill.objects.create(offer=offer, skill=skill)


@pytest.mark.parametrize(
    ("url", "persona"),
    [
        ("/api/v1/offers/?near=62510&radius_km=50&q=offre", None),
        ("/api/v1/employer/offers/", "employer_user"),
    ],
)
def test_offer_list_same_query_count_for_page_of_5_and_50(api_client_for, employer, request, url, persona):
    _offers_with_skills(employer, 55)
    user = request.getfixturevalue(persona) if persona else None
    client = api_client_for(user)
    separator = "&" if "?" in url else "?"

    counts = {}
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{url}{separator}page_size={size}")
        assert response.status_code == 200
        assert len(response.json()["results"]) == size
        assert all(len(row["skills"]) == 2 for row in response.json()["results"])
        counts[size] = len(queries)

    assert counts[5] == counts[50]
    assert counts[50] <= 6


def test_fast_search_rendering_matches_the_declared_serializer_fields(employer, symfony, react):
    """A result card is rendered by hand from the page's rows: it must stay exactly what the declared
    fields make of the model instances of the reference queryset."""
    from rest_framework import serializers as drf_serializers

    from employers.api.serializers import PublicOfferListSerializer
    from employers.selectors import OfferSearch, offer_search_public, offer_search_public_page

    employer.website = "https://www.hauts-numeriques.fr"
    employer.save()
    first = published(
        employer, title="Intégrateur web", start_date=date(2027, 1, 4), deadline=date(2026, 12, 31)
    )
    OfferSkill.objects.create(offer=first, skill=symfony, level=OfferSkill.Level.REQUIRED)
    OfferSkill.objects.create(offer=first, skill=react, level=OfferSkill.Level.NICE)
    published(
        employer,
        title="Technicien support en CDD",
        contract_type="CDD",
        contract_months=6,
        salary_min=Decimal("1850.50"),
        salary_max=Decimal("1850.50"),
        salary_period="month",
        commune=commune(ARRAS),
    )
    published(
        employer,
        title="Stage développement mobile",
        contract_type="STAGE",
        contract_months=2,
        salary_min=Decimal("4.35"),
        salary_max=Decimal("4.35"),
        salary_period="hour",
    )
    search = OfferSearch(near_insee=LIEVIN, radius_km=30, sort="distance")

    _total, rows = offer_search_public_page(search=search, offset=0, limit=20)
    offers = list(offer_search_public(search=search))

    assert [row["id"] for row in rows] == [offer.pk for offer in offers]
    assert len(rows) == 3
    fast = PublicOfferListSerializer(rows, many=True).data
    declared = [
        drf_serializers.ModelSerializer.to_representation(PublicOfferListSerializer(), o) for o in offers
    ]
    assert fast == declared
    assert all(row["distance_km"] is not None for row in fast)
    assert next(row for row in fast if row["id"] == first.pk)["skills"] == [
        {"skill": react.pk, "label": "React", "level": "nice"},
        {"skill": symfony.pk, "label": "Symfony", "level": "required"},
    ]


def test_fast_search_rendering_speaks_the_request_language(api_client_for, employer):
    offer = published(employer, contract_type="STAGE", contract_months=2, salary_period="month")
    client = api_client_for(None)

    french = client.get("/api/v1/offers/").json()["results"][0]
    english = client.get("/api/v1/offers/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]

    assert (french["contract_type_label"], english["contract_type_label"]) == ("Stage", "Internship")
    assert french["salary_label"].endswith(" par mois")
    assert english["salary_label"].endswith(" per month")
    with translation.override("en"):
        assert english["salary_label"] == offer.salary_label


# ---------------------------------------------------------------- the public search: one query, same errors


def test_public_search_by_text_distance_and_contract_is_a_single_query(api_client_for, employer):
    _offers_with_skills(employer, 3)
    published(employer, title="Offre en CDD", contract_type="CDD", contract_months=6)
    client = api_client_for(None)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            "/api/v1/offers/", {"q": "offre", "contract_type": "CDI", "near": LIEVIN, "radius_km": "20"}
        )

    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert len(queries) == 1


def test_an_unknown_commune_is_reported_with_the_other_mistakes_in_field_order(api_client_for, db):
    response = api_client_for(None).get(
        "/api/v1/offers/", {"radius_km": "vingt", "near": "99999", "contract_type": "CDX"}
    )

    assert response.status_code == 400
    fields = response.json()["extra"]["fields"]
    assert list(fields) == ["contract_type", "near", "radius_km"]
    assert fields["near"] == [
        "Commune inconnue : aucun code INSEE « 99999 ». Cherchez le code avec /api/v1/communes/?q=Liévin."
    ]
    message = response.json()["message"]
    assert message.index("Type de contrat") < message.index("Commune inconnue") < message.index("Le rayon")


@pytest.mark.parametrize("page", ["2", "0", "deux"])
def test_an_unknown_commune_is_a_400_whatever_the_page(api_client_for, employer, page):
    published(employer)

    response = api_client_for(None).get("/api/v1/offers/", {"near": "99999", "page": page})

    assert response.status_code == 400
    assert "near" in response.json()["extra"]["fields"]


def test_a_page_past_the_last_one_is_a_404(api_client_for, employer):
    published(employer)

    response = api_client_for(None).get("/api/v1/offers/", {"near": LIEVIN, "radius_km": "20", "page": 2})

    assert response.status_code == 404
    assert response.json() == {"message": "Cette page n'existe pas.", "extra": {}}


def test_the_second_page_holds_the_rest_with_links_both_ways(api_client_for, employer):
    offers = [published(employer, title=f"Offre {i}") for i in range(3)]
    client = api_client_for(None)

    first = client.get("/api/v1/offers/", {"page_size": 2}).json()
    second = client.get("/api/v1/offers/", {"page_size": 2, "page": 2}).json()

    assert [row["id"] for row in first["results"] + second["results"]] == [o.pk for o in reversed(offers)]
    assert second["count"] == 3
    assert second["next"] is None
    assert second["previous"].endswith("?page_size=2")
