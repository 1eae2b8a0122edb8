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
    services.offer_transition(offer=offer, to="submit", by=by)
    offer = services.offer_transition(offer=offer, to="approve", by=officer)
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
