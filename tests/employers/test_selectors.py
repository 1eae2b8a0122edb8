from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from backend.taxonomy.models import Skill
from employers import selectors, services
from employers.models import Offer, OfferSkill
from employers.selectors import OfferSearch, offer_search_public

from ..factories import OfferFactory, commune

pytestmark = pytest.mark.django_db


def skill(label: str) -> Skill:
    return Skill.objects.filter(label_fr=label).order_by("-curated", "id").first()


def publish(
    employer, by, officer, *, title, description, insee="62498", skills=(), days_ago=0, **fields
) -> Offer:
    """An offer written through the services (so its search text is what production stores), then approved."""
    offer = services.offer_create(
        employer=employer,
        by=by,
        skills=[(skill(label), OfferSkill.Level.REQUIRED) for label in skills],
        title=title,
        description=description,
        contract_type=fields.pop("contract_type", Offer.ContractType.CDI),
        salary_min=Decimal("2000"),
        salary_max=Decimal("2500"),
        commune=commune(insee),
        **fields,
    )
    services.offer_transition(offer=offer, transition="submit", by=by)
    offer = services.offer_transition(offer=offer, transition="approve", by=officer)
    if days_ago:
        when = timezone.now() - timedelta(days=days_ago)
        Offer.objects.filter(pk=offer.pk).update(published_at=when, refreshed_at=when)
    return offer


@pytest.fixture
def region(employer, employer_user, officer):
    """Published offers around Liévin: Lens (3.7 km), Arras (15 km), Lille (30 km)."""
    make = lambda **kw: publish(employer, employer_user, officer, **kw)  # noqa: E731
    return {
        "lens": make(
            title="Développeur web PHP / Symfony",
            description="Vous maintenez des applications Symfony.",
            insee="62498",
            skills=["Symfony", "PHP"],
            remote=Offer.Remote.HYBRID,
            days_ago=3,
        ),
        "arras": make(
            title="Technicien domotique en alternance",
            description="Installation KNX chez les particuliers.",
            insee="62041",
            skills=["KNX"],
            contract_type=Offer.ContractType.APPRENTISSAGE,
            days_ago=1,
        ),
        "lille": make(
            title="Développeuse React",
            description="Interfaces web en React pour une start-up lilloise.",
            insee="59350",
            skills=["React"],
            remote=Offer.Remote.FULL,
            days_ago=2,
        ),
    }


def search(**kwargs) -> list[int]:
    return [o.pk for o in offer_search_public(search=OfferSearch(**kwargs))]


def test_full_text_search_uses_french_stemming_and_ignores_accents(region):
    assert set(search(q="développeurs")) == {region["lens"].pk}
    assert set(search(q="DEVELOPPEUR symfony")) == {region["lens"].pk}
    assert set(search(q="installations domotiques")) == {region["arras"].pk}
    assert search(q="boulanger") == []


def test_text_search_finds_skills_and_the_commune_name(region):
    assert search(q="knx") == [region["arras"].pk]
    assert search(q="Lille") == [region["lille"].pk]


def test_relevance_puts_the_best_match_first(employer, employer_user, officer, region):
    strong = publish(
        employer,
        employer_user,
        officer,
        title="Développeur React / React Native",
        description="React au quotidien : composants React, hooks React, tests React.",
        days_ago=10,
    )

    assert search(q="react", sort="relevance")[0] == strong.pk
    assert search(q="react", sort="date") == [region["lille"].pk, strong.pk]


def test_filters_by_contract_remote_and_skill(region):
    assert search(contract_types=("APPRENTISSAGE",)) == [region["arras"].pk]
    assert set(search(contract_types=("CDI", "APPRENTISSAGE"))) == {o.pk for o in region.values()}
    assert set(search(remote=(Offer.Remote.HYBRID, Offer.Remote.FULL))) == {
        region["lens"].pk,
        region["lille"].pk,
    }
    assert search(skill_ids=(skill("Symfony").pk,)) == [region["lens"].pk]
    assert search(skill_ids=(skill("Symfony").pk, skill("PHP").pk)) == [region["lens"].pk]
    assert search(skill_ids=(skill("Symfony").pk, skill("React").pk)) == []


def test_within_20_km_of_lievin_includes_lens_and_arras_but_not_lille(region):
    lievin = commune("62510")

    results = list(offer_search_public(search=OfferSearch(near=lievin, radius_km=20, sort="distance")))

    assert [o.pk for o in results] == [region["lens"].pk, region["arras"].pk]
    assert 3 < results[0].distance_km < 4.5
    assert 14 < results[1].distance_km < 16
    assert search(near=lievin, radius_km=5) == [region["lens"].pk]


def test_sorting_by_distance_without_a_radius_orders_everything(region):
    assert search(near=commune("59350"), sort="distance") == [
        region["lille"].pk,
        region["lens"].pk,
        region["arras"].pk,
    ]


def test_default_order_is_newest_first(region):
    assert search() == [region["arras"].pk, region["lille"].pk, region["lens"].pk]


@pytest.mark.parametrize("state", [s for s in Offer.Status if s != Offer.Status.PUBLISHED])
def test_an_unpublished_offer_is_never_public(state, employer):
    extra = {"moderation_reason": "Non"} if state == Offer.Status.DECLINED else {}
    if state in (Offer.Status.FILLED, Offer.Status.EXPIRED):
        extra["published_at"] = timezone.now()
    offer = OfferFactory(
        employer=employer, status=state, title="Développeur caché", search_text="developpeur cache", **extra
    )

    assert search() == []
    assert search(q="developpeur") == []
    with pytest.raises(Http404):
        selectors.offer_get_public(offer_id=offer.pk)


def test_a_published_offer_is_public(employer):
    offer = OfferFactory(employer=employer, published=True)

    assert selectors.offer_get_public(offer_id=offer.pk) == offer


def test_another_employers_offer_is_a_404(
    employer, employer_user, colleague_user, other_employer_user, officer
):
    offer = OfferFactory(employer=employer)

    assert selectors.offer_get_for_user(user=employer_user, offer_id=offer.pk) == offer
    assert selectors.offer_get_for_user(user=colleague_user, offer_id=offer.pk) == offer
    assert selectors.offer_get_for_user(user=officer, offer_id=offer.pk) == offer
    with pytest.raises(Http404):
        selectors.offer_get_for_user(user=other_employer_user, offer_id=offer.pk)
    assert list(selectors.offer_list_for_user(user=other_employer_user)) == []


def test_a_graduate_manages_no_offer(employer, graduate_user):
    offer = OfferFactory(employer=employer)

    assert list(selectors.offer_list_for_user(user=graduate_user)) == []
    with pytest.raises(Http404):
        selectors.offer_get_for_user(user=graduate_user, offer_id=offer.pk)


def test_an_employer_sees_only_its_own_organisation(employer, employer_user, other_employer, officer):
    assert selectors.employer_get_for_user(user=employer_user, employer_id=employer.pk) == employer
    assert selectors.employer_get_for_user(user=officer, employer_id=other_employer.pk) == other_employer
    with pytest.raises(Http404):
        selectors.employer_get_for_user(user=employer_user, employer_id=other_employer.pk)


def test_the_moderation_queue_holds_submitted_offers_oldest_first(employer):
    first = OfferFactory(employer=employer, status=Offer.Status.SUBMITTED)
    second = OfferFactory(employer=employer, status=Offer.Status.SUBMITTED)
    OfferFactory(employer=employer, status=Offer.Status.DRAFT)
    Offer.objects.filter(pk=first.pk).update(updated_at=timezone.now() - timedelta(hours=2))

    assert list(selectors.offer_list_for_moderation()) == [first, second]


# ---------------------------------------------------------------- the API's page: one statement, the same answers


@pytest.fixture
def wider_region(region, employer, employer_user, officer):
    """The region, plus offers in Liévin itself and a second one in Lens published at the same time as
    the first (ties on distance and date), with a start date, a deadline and a nice-to-have skill."""
    make = lambda **kw: publish(employer, employer_user, officer, **kw)  # noqa: E731
    lievin = make(
        title="Développeur PHP junior",
        description="PHP et Symfony au sein d'une petite équipe.",
        insee="62510",
        skills=["PHP"],
        contract_type=Offer.ContractType.CDD,
        contract_months=6,
        start_date=timezone.localdate() + timedelta(days=30),
        deadline=timezone.localdate() + timedelta(days=20),
        days_ago=4,
    )
    OfferSkill.objects.create(offer=lievin, skill=skill("Symfony"), level=OfferSkill.Level.NICE)
    lens_again = make(
        title="Développeuse Symfony confirmée",
        description="Symfony, API et tests pour nos clients du bassin minier.",
        insee="62498",
        skills=["Symfony"],
        remote=Offer.Remote.HYBRID,
    )
    lens_published_at = Offer.objects.values_list("published_at", flat=True).get(pk=region["lens"].pk)
    Offer.objects.filter(pk=lens_again.pk).update(published_at=lens_published_at)
    return {**region, "lievin": lievin, "lens_again": lens_again}


PAGE_SEARCHES = {
    "everything, newest first": {},
    "text, by relevance": {"q": "développeur"},
    "text, by date": {"q": "symfony", "sort": "date"},
    "contracts": {"contract_types": ("CDI", "CDD")},
    "remote": {"remote": (Offer.Remote.HYBRID, Offer.Remote.FULL)},
    "all of two skills": {"skill_labels": ("Symfony", "PHP")},
    "within 20 km, by distance": {"near_insee": "62510", "radius_km": 20, "sort": "distance"},
    "within 20 km, by relevance": {"near_insee": "62510", "radius_km": 20, "q": "developpeur"},
    "within 20 km, by date": {"near_insee": "62510", "radius_km": 20, "sort": "date"},
    "no radius, by distance": {"near_insee": "59350", "sort": "distance"},
    "a zero radius filters nothing": {"near_insee": "62510", "radius_km": 0, "sort": "distance"},
    "text, distance and contracts": {
        "q": "developpeur",
        "contract_types": ("CDI", "CDD"),
        "near_insee": "62510",
        "radius_km": 20,
    },
}


@pytest.mark.parametrize(("offset", "limit"), [(0, 20), (1, 2)])
@pytest.mark.parametrize("name", PAGE_SEARCHES)
def test_the_api_page_finds_orders_and_counts_what_the_queryset_does(wider_region, name, offset, limit):
    fields = dict(PAGE_SEARCHES[name])
    skill_ids = tuple(skill(label).pk for label in fields.pop("skill_labels", ()))
    search = OfferSearch(skill_ids=skill_ids, **fields)

    total, rows = selectors.offer_search_public_page(search=search, offset=offset, limit=limit)

    expected_total, expected = selectors._offer_search_page_orm(search=search, offset=offset, limit=limit)
    assert expected_total >= 2  # every search finds something to compare, on both pages
    assert total == expected_total
    assert [row["id"] for row in rows] == [row["id"] for row in expected]
    for row, reference in zip(rows, expected, strict=True):
        assert row.keys() == reference.keys()
        assert row["distance_km"] == pytest.approx(reference["distance_km"], abs=1e-9)
        assert {**row, "distance_km": None} == {**reference, "distance_km": None}


def test_the_api_page_reads_skills_by_level_then_label(wider_region):
    _total, rows = selectors.offer_search_public_page(
        search=OfferSearch(near_insee="62510", radius_km=1), offset=0, limit=20
    )

    assert [row["id"] for row in rows] == [wider_region["lievin"].pk]
    assert [(s["label"], s["level"]) for s in rows[0]["skills"]] == [("Symfony", "nice"), ("PHP", "required")]
    assert rows[0]["distance_km"] == pytest.approx(0.0, abs=1e-6)


def test_the_api_page_takes_a_commune_or_its_code_and_an_unknown_code_finds_nothing(wider_region):
    page = lambda **near: selectors.offer_search_public_page(  # noqa: E731
        search=OfferSearch(radius_km=20, sort="distance", **near), offset=0, limit=20
    )

    assert page(near=commune("62510")) == page(near_insee="62510")
    assert page(near_insee="62510")[0] == 4
    assert page(near_insee="99999") == (0, [])
    assert search(near_insee="99999") == []
