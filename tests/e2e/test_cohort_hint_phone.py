"""The officer's cohort view on a phone: each graduate's hint (the skill that would open the most
offers) is read without scrolling the table sideways, next to the graduate's name."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backend.accounts.models import User
from employers.models import OfferSkill
from graduates.models import GraduateSkill
from matching.services import scores
from tests.factories import PASSWORD, ContactFactory, EmployerFactory, OfferFactory, UserFactory
from tests.factories.graduates import CohortFactory, GraduateFactory
from tests.graduates.conftest import skill

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_officer_reads_each_graduate_s_hint_on_a_phone_without_scrolling_sideways(live_server, phone):
    # Given a graduate in Liévin who knows React, a React offer and a Symfony offer in Lens
    employer = EmployerFactory(name="Hauts Numériques", commune_id="62498")
    ContactFactory(employer=employer)
    cohort = CohortFactory()
    graduate = GraduateFactory(
        cohort=cohort,
        user=UserFactory(role=User.Role.GRADUATE, first_name="Kylian", last_name="Nowak"),
        visible_to_employers=True,
        visibility_changed_at=timezone.now(),
        contract_types=["CDI"],
        commune_id="62510",
    )
    GraduateSkill.objects.create(graduate=graduate, skill=skill("tremplin:react"), status="accepted", level=3)
    for title, uid in (
        ("Développeur·se React (H/F)", "tremplin:react"),
        ("Développeur·se Symfony", "tremplin:symfony"),
    ):
        offer = OfferFactory(employer=employer, published=True, title=title, commune_id="62498")
        OfferSkill.objects.create(offer=offer, skill=skill(uid), level="required")
    scores.scores_refresh_all()
    officer = UserFactory(role=User.Role.OFFICER, email="charge@ecole.fr")

    # When the officer opens the cohort's suggestions on a 390 px phone
    login(phone, live_server, officer.email, PASSWORD)
    phone.goto(f"{live_server.url}/analyse/promotions/{cohort.pk}/")

    # Then Kylian's hint is on screen, beside his name, without scrolling the table
    hint = phone.locator(f"tr[data-graduate='{graduate.pk}'] td.hint")
    expect(hint).to_contain_text("Symfony : +1 offre")
    box = hint.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    # ... and the counts read as figures, not as a bullet list squeezed together
    expect(phone.locator(".stats .stat").first).to_contain_text("sans suggestion viable")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
