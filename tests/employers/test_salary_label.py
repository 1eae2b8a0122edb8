"""An hourly wage with cents is written with the language's decimal mark (« 13,50 € » in French)."""

from decimal import Decimal

import pytest
from django.utils import translation

from ..factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_a_wage_with_cents_reads_with_a_decimal_comma_in_french_and_a_point_in_english(employer):
    offer = OfferFactory(
        employer=employer, salary_min=Decimal("13"), salary_max=Decimal("13.50"), salary_period="hour"
    )
    with translation.override("fr"):
        assert offer.salary_label == "13 – 13,50 € brut de l'heure"
    with translation.override("en"):
        assert offer.salary_label.startswith("13 – 13.50 € brut ")


def test_thousands_keep_their_narrow_space_beside_cents(employer):
    offer = OfferFactory(
        employer=employer, salary_min=Decimal("1850.75"), salary_max=Decimal("1850.75"), salary_period="month"
    )
    with translation.override("fr"):
        assert offer.salary_label == "1\u202f850,75 € brut par mois"


def test_the_public_offer_page_shows_the_french_wage(client, employer):
    offer = OfferFactory(
        employer=employer,
        published=True,
        salary_min=Decimal("13"),
        salary_max=Decimal("13.50"),
        salary_period="hour",
    )
    page = client.get(f"/offres/{offer.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "13,50 € brut de l&#x27;heure" in page or "13,50 € brut de l'heure" in page
    assert "13.50" not in page
