"""Offer's copy of its workplace coordinates, kept by the database whoever writes the offer."""

from decimal import Decimal

import pytest

from backend.geo.models import Commune
from employers import services
from employers.models import Offer

from ..factories import OfferFactory, commune

pytestmark = pytest.mark.django_db

LENS, LILLE = "62498", "59350"


def coordinates(offer: Offer) -> tuple[float | None, float | None]:
    return tuple(Offer.objects.filter(pk=offer.pk).values_list("latitude", "longitude").get())


def commune_coordinates(insee: str) -> tuple[float, float]:
    return tuple(Commune.objects.filter(insee=insee).values_list("latitude", "longitude").get())


def test_a_new_offer_gets_its_commune_coordinates(employer):
    offer = OfferFactory(employer=employer, commune=commune(LENS))

    assert coordinates(offer) == commune_coordinates(LENS)


def test_offers_created_in_bulk_get_their_commune_coordinates(employer):
    """As the demo seed and the benchmark write them: bulk_create, no service, no save()."""
    created = Offer.objects.bulk_create(
        OfferFactory.build_batch(2, employer=employer, commune=commune(LILLE), published=True)
    )

    assert [coordinates(o) for o in created] == [commune_coordinates(LILLE)] * 2


def test_moving_an_offer_through_the_service_moves_its_coordinates(employer, employer_user):
    offer = services.offer_create(
        employer=employer,
        by=employer_user,
        title="Technicienne support informatique",
        description="Support de premier niveau pour les agents de la communauté d'agglomération.",
        contract_type=Offer.ContractType.CDI,
        salary_min=Decimal("1900"),
        salary_max=Decimal("2100"),
        commune=commune(LENS),
    )
    assert coordinates(offer) == commune_coordinates(LENS)

    services.offer_update(offer=offer, by=employer_user, commune=commune(LILLE))

    assert coordinates(offer) == commune_coordinates(LILLE)


def test_a_queryset_update_of_the_commune_moves_the_coordinates(employer):
    offer = OfferFactory(employer=employer, commune=commune(LENS))

    Offer.objects.filter(pk=offer.pk).update(commune=commune(LILLE))

    assert coordinates(offer) == commune_coordinates(LILLE)


def test_the_copy_cannot_be_written_apart_from_the_commune(employer):
    offer = OfferFactory(employer=employer, commune=commune(LENS))

    Offer.objects.filter(pk=offer.pk).update(latitude=0.0, longitude=0.0)
    offer.refresh_from_db()
    offer.latitude = 1.0
    offer.save()

    assert coordinates(offer) == commune_coordinates(LENS)


def test_offers_follow_their_commune_when_its_coordinates_are_corrected(employer, other_employer):
    in_lens = [OfferFactory(employer=e, commune=commune(LENS)) for e in (employer, other_employer)]
    in_lille = OfferFactory(employer=employer, commune=commune(LILLE))

    Commune.objects.filter(insee=LENS).update(latitude=50.5, longitude=2.8)

    assert [coordinates(o) for o in in_lens] == [(50.5, 2.8), (50.5, 2.8)]
    assert coordinates(in_lille) == commune_coordinates(LILLE)
