"""A remote policy left blank in the offer form is "not answered", not "on site": the text decides."""

import pytest
from django.urls import reverse

from employers import services
from employers.forms.offers import OfferForm
from employers.models import Offer

from ..factories import OfferFactory
from .test_views_employer import offer_post

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

HYBRID_FACT = {"remote": {"value": "hybrid", "evidence": "2 jours de télétravail par semaine"}}


def unanalysed(**fields) -> Offer:
    return OfferFactory(content_hash="text-v1", **fields)


def analyse(offer: Offer, facts: dict) -> Offer:
    assert services.offer_analysis_apply(
        offer_id=offer.pk, content_hash=offer.content_hash, skills=[], facts=facts
    )
    offer.refresh_from_db()
    return offer


def test_the_form_offers_a_blank_remote_choice_that_is_not_on_site():
    field = OfferForm().fields["remote"]
    assert not field.required
    assert field.choices[0][0] == ""
    assert OfferForm().initial.get("remote", field.initial) == ""


def test_an_offer_saved_with_a_blank_remote_policy_is_not_answered(client_for, employer_user):
    client = client_for(employer_user)
    client.post(reverse("employers:offer_create"), offer_post(remote=""))
    offer = Offer.objects.get(title="Développeur·se Symfony (H/F)")
    assert offer.remote_answered is False
    assert OfferForm.initial_from(offer)["remote"] == ""


def test_an_offer_saved_with_on_site_chosen_is_answered(client_for, employer_user):
    client = client_for(employer_user)
    client.post(reverse("employers:offer_create"), offer_post(remote="onsite"))
    offer = Offer.objects.get(title="Développeur·se Symfony (H/F)")
    assert offer.remote_answered is True
    assert OfferForm.initial_from(offer)["remote"] == "onsite"


def test_the_policy_read_in_the_text_fills_an_unanswered_remote_and_asks_to_confirm():
    offer = analyse(unanalysed(remote_answered=False), HYBRID_FACT)
    assert offer.remote == Offer.Remote.HYBRID
    assert offer.extracted_facts["remote"]["applied"] is True
    assert offer.extracted_facts["remote"]["differs"] is False


def test_the_policy_read_in_the_text_never_overrides_an_answer():
    offer = analyse(unanalysed(remote=Offer.Remote.ONSITE, remote_answered=True), HYBRID_FACT)
    assert offer.remote == Offer.Remote.ONSITE
    assert offer.extracted_facts["remote"]["applied"] is False
    assert offer.extracted_facts["remote"]["differs"] is True


def test_confirming_or_rejecting_the_remote_policy_read_in_the_text(employer, employer_user):
    offer = analyse(unanalysed(employer=employer, remote_answered=False), HYBRID_FACT)
    kept = services.offer_fact_confirm(offer=offer, by=employer_user, name="remote", accept=True)
    assert (kept.remote, kept.remote_answered) == (Offer.Remote.HYBRID, True)

    other = analyse(unanalysed(employer=employer, remote_answered=False), HYBRID_FACT)
    removed = services.offer_fact_confirm(offer=other, by=employer_user, name="remote", accept=False)
    assert (removed.remote, removed.remote_answered) == (Offer.Remote.ONSITE, False)
