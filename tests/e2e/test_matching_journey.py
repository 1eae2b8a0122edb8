"""A graduate reads why an offer suits her and says she is interested; the employer sees it."""

import pytest
from playwright.sync_api import expect

from backend.accounts.models import User
from employers.models import OfferSkill
from graduates.models import GraduateSkill
from matching import scoring
from matching.models import SuggestionFeedback
from tests.factories import PASSWORD, ContactFactory, EmployerFactory, OfferFactory, UserFactory
from tests.graduates.conftest import CohortFactory, GraduateFactory, skill

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_graduate_marks_a_suggestion_interested_and_the_employer_sees_it_on_the_shortlist(
    live_server, phone, desktop
):
    # Given a visible graduate in Liévin who knows React, and a React offer in Lens
    from django.utils import timezone

    employer = EmployerFactory(name="Hauts Numériques", commune_id="62498")
    contact = ContactFactory(employer=employer)
    user = UserFactory(role=User.Role.GRADUATE, first_name="Kylian", last_name="Nowak")
    graduate = GraduateFactory(
        cohort=CohortFactory(),
        user=user,
        visible_to_employers=True,
        visibility_changed_at=timezone.now(),
        contract_types=["CDI"],
        commune_id="62510",
    )
    GraduateSkill.objects.create(graduate=graduate, skill=skill("tremplin:react"), status="accepted", level=3)
    offer = OfferFactory(
        employer=employer, published=True, title="Développeur·se React (H/F)", commune_id="62498"
    )
    OfferSkill.objects.create(offer=offer, skill=skill("tremplin:react"), level="required")
    scoring.scores_refresh_for_offer(offer_id=offer.pk)

    # When the graduate opens "Offres pour vous" on her phone
    login(phone, live_server, user.email, PASSWORD)
    phone.goto(f"{live_server.url}/analyse/pour-vous/")
    card = phone.locator(f"[data-offer='{offer.pk}']")
    expect(card).to_contain_text("Développeur·se React (H/F)")
    # ... she reads why: the skill she has, and the distance from Liévin
    expect(card.locator(".reasons")).to_contain_text("React")
    expect(card.locator(".reasons")).to_contain_text("km")
    # ... on a page that fits her phone (no card wider than the screen)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # ... and says she is interested
    card.get_by_role("button", name="Intéressé·e").click()
    phone.wait_for_load_state("networkidle")
    assert SuggestionFeedback.objects.filter(graduate=graduate, offer=offer, kind="interested").exists()

    # Then the employer sees her on the offer's shortlist, marked interested
    login(desktop, live_server, contact.user.email, PASSWORD)
    desktop.goto(f"{live_server.url}/analyse/offres/{offer.pk}/candidats/")
    row = desktop.locator(f"[data-graduate='{graduate.pk}']")
    expect(row).to_contain_text("Kylian")
    expect(row).to_contain_text("Intéressé·e par cette offre")
