"""Territory offers in the product: marked, suggested to graduates with an external candidacy, found by
officers, out of every employer's pages and shortlists; the officer's page says whether the feed is on."""

import pytest
from django.urls import reverse

from employers.models import Offer
from employers.services import offer_external_save
from placements.models import Application
from tests.factories import OfferFactory
from tests.matching.conftest import region, require  # noqa: F401 - fixtures of the matching tests

pytestmark = pytest.mark.django_db

FEED = "/ecole/territoire/"


def territory_offer(**overrides) -> Offer:
    fields = {
        "title": "Développeur React (H/F)",
        "description": "Vous développerez des interfaces en React avec une API Symfony.",
        "contract_type": "CDI",
        "commune_id": "62498",
        "salary_min": None,
        "salary_max": None,
        "remote": "onsite",
        "remote_answered": False,
        "published_employer": "Société Publiée SAS",
        "external_url": "https://candidat.francetravail.fr/offres/recherche/detail/999ZZZ",
    } | overrides
    commune_id = fields.pop("commune_id")
    from backend.geo.models import Commune

    fields["commune"] = Commune.objects.get(pk=commune_id)
    offer, _created, _changed = offer_external_save(
        source="france_travail", external_id="999ZZZ", fields=fields
    )
    return offer


def test_a_territory_offer_is_marked_with_its_source_and_link(client):
    offer = territory_offer()
    html = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert "Société Publiée SAS" in html
    assert "Offre du territoire · France Travail" in html and "réf. 999ZZZ" in html
    assert 'href="https://candidat.francetravail.fr/offres/recherche/detail/999ZZZ"' in html
    assert "Salaire non précisé" in html


def test_officers_find_territory_offers_in_the_search_and_on_their_page(client_for, officer):
    offer = territory_offer()
    client = client_for(officer)
    listing = client.get(reverse("offers:public_list"), {"q": "react"}).content.decode()
    assert offer.title in listing and "France Travail" in listing
    page = client.get(FEED, {"q": "react"}).content.decode()
    assert f'data-offer="{offer.pk}"' in page


def test_the_officer_page_says_the_feed_is_off_without_credentials(client_for, officer, settings):
    settings.FRANCE_TRAVAIL_CLIENT_ID = ""
    html = client_for(officer).get(FEED).content.decode()
    assert "Flux France Travail désactivé" in html and "FRANCE_TRAVAIL_CLIENT_ID" in html
    settings.FRANCE_TRAVAIL_CLIENT_ID, settings.FRANCE_TRAVAIL_CLIENT_SECRET = "id", "secret"
    assert "Flux France Travail actif" in client_for(officer).get(FEED).content.decode()


def test_only_officers_open_the_feed_page(client_for, employer_user, graduate_user, client):
    assert client_for(employer_user).get(FEED).status_code == 403
    assert client_for(graduate_user).get(FEED).status_code == 403
    assert client.get(FEED).status_code == 302


def test_no_employer_page_or_shortlist_reaches_a_territory_offer(client_for, employer_user, officer):
    offer = territory_offer()
    for user in (employer_user, officer):
        client = client_for(user)
        assert client.get(reverse("employers:offer_manage", args=[offer.pk])).status_code == 404
        assert client.get(reverse("matching:offer_shortlist", args=[offer.pk])).status_code == 404


def test_a_partners_duplicate_is_shown_once(client, employer):
    partner = OfferFactory(published=True, employer=employer, title="Développeur React (H/F)")
    twin = territory_offer()
    Offer.objects.filter(pk=twin.pk).update(duplicate_of=partner)
    html = client.get(reverse("offers:public_list"), {"q": "react"}).content.decode()
    assert f'href="/offres/{partner.pk}/"' in html
    assert f'href="/offres/{twin.pk}/"' not in html


def test_a_graduate_sees_a_territory_offer_in_suggestions_and_records_an_external_candidacy(
    region,  # noqa: F811 - the fixture imported above
    client_for,
):
    from matching.services import scores

    offer = territory_offer()
    require(offer, "tremplin:react")
    require(offer, "tremplin:symfony")
    scores.scores_refresh_for_offer(offer_id=offer.pk)
    client = client_for(region["kylian"].user)

    html = client.get(reverse("matching:suggestions")).content.decode()
    assert offer.title in html and "Postuler sur France Travail" in html
    assert reverse("placements:apply", args=[offer.pk]) in html

    form = client.get(reverse("placements:apply", args=[offer.pk])).content.decode()
    assert "Enregistrer et postuler sur France Travail" in form
    response = client.post(reverse("placements:apply", args=[offer.pk]), {"message": "Envoyée le 7/12"})
    assert response.status_code == 302 and response.url == offer.external_url
    candidacy = Application.objects.get(graduate=region["kylian"], offer=offer)
    assert candidacy.state == Application.State.APPLIED
    mine = client.get(reverse("placements:mine")).content.decode()
    assert "Candidature externe" in mine and "Société Publiée SAS" in mine
