"""« Offres à coder (ROME) » in the browser, on a phone: the classifier abstained on an offer; the officer
goes from her home to the queue and codes it with one click on one of the three candidates."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from backend.accounts.models import User
from backend.taxonomy.models import Occupation
from employers import services
from employers.models import Offer, OfferTransitionLog
from tests.employers.test_rome_coding import VAGUE_TITLES, _fields
from tests.factories import PASSWORD, ContactFactory, EmployerFactory, UserFactory

from .conftest import login
from .test_a11y import blocking_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_officer_codes_an_offer_the_classifier_was_unsure_of_in_one_click_on_her_phone(live_server, phone):
    # Given a submitted offer the NLP read without being sure of its ROME fiche
    employer = EmployerFactory(name="Atelier Gohelle", commune_id="62498")
    user = ContactFactory(employer=employer).user
    offer = None
    for title in VAGUE_TITLES:
        offer = services.offer_create(employer=employer, by=user, **_fields(title))
        offer.refresh_from_db()
        if offer.analysed_hash == offer.content_hash and offer.occupation_id is None:
            break
        offer.delete()
        offer = None
    assert offer is not None, "the classifier answered every vague title"
    services.offer_submit(offer=offer, by=user)
    candidates = offer.extracted_facts["occupation_id"]["candidates"]
    pick = Occupation.objects.get(pk=candidates[1]["code"])
    officer = UserFactory(role=User.Role.OFFICER, email="charge.rome@ecole.fr")

    # When the officer opens her home on her phone and follows the queue's count
    login(phone, live_server, officer.email, PASSWORD)
    phone.goto(f"{live_server.url}{reverse('employers:officer_dashboard')}")
    phone.get_by_role("link", name="1 offres à coder (ROME)").click()
    card = phone.locator(f'.rome-item[data-offer="{offer.pk}"]')
    expect(card).to_be_visible()
    expect(card.locator("h2")).to_have_text(offer.title)
    buttons = card.locator('button[name="occupation"]')
    expect(buttons).to_have_count(3)
    # The page stays as wide as the phone, with no serious accessibility violation (axe-core, WCAG 2.1 AA)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    card.locator("summary").click()  # the offer's text, opened in place
    assert blocking_violations(phone) == []

    # And clicks the second candidate
    card.get_by_role("button", name=pick.label).click()

    # Then the offer is coded with it, she is told so, and the queue is empty
    expect(phone.locator(".messages")).to_contain_text(f"est codée {pick.code}")
    expect(phone.locator(".rome-item")).to_have_count(0)
    offer.refresh_from_db()
    assert (offer.occupation_id, offer.occupation_from_model) == (pick.code, False)
    assert OfferTransitionLog.objects.filter(offer=offer, transition="code_rome", actor=officer).exists()
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.SUBMITTED
