"""« Lu dans votre texte » flags a fact as different only when it is (issue #13): a salary typed as
Decimal("2000.00") and read as the float 2000.0 is the same fact; 2 500 read against 2 400 typed is not."""

from decimal import Decimal

import pytest
from django.urls import reverse

from employers import services
from employers.models import Offer
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_typed_and_read_facts_are_compared_as_values_and_only_differences_are_flagged(
    client_for, employer, employer_user
):
    offer = OfferFactory(
        employer=employer,
        salary_min=Decimal("2000.00"),
        salary_max=Decimal("2400.00"),
        remote=Offer.Remote.HYBRID,
    )
    # The employer answered the remote question; the text has not been read yet.
    offer.remote_answered, offer.content_hash, offer.analysed_hash = True, "texte-1", ""
    offer.save(update_fields=["remote_answered", "content_hash", "analysed_hash"])

    assert services.offer_analysis_apply(
        offer_id=offer.pk,
        content_hash=offer.content_hash,
        skills=[],
        facts={
            "salary_min": {"value": 2000.0, "evidence": "à partir de 2 000 €"},
            "salary_max": {"value": 2500.0, "evidence": "jusqu'à 2 500 €"},
            "remote": {"value": "hybrid", "evidence": "télétravail 2 jours par semaine"},
        },
    )
    offer.refresh_from_db()

    flags = {name: fact["differs"] for name, fact in offer.extracted_facts.items()}
    assert flags == {"salary_min": False, "salary_max": True, "remote": False}
    page = client_for(employer_user).get(reverse("employers:offer_manage", args=[offer.pk])).content.decode()
    panel = page.split("Lu dans votre texte")[1].split("</section>")[0]
    assert panel.count("Différent de ce que vous avez saisi") == 1
    assert "2500.0" not in panel and "2000.0" not in panel
