"""A graduate reads why an offer suits her and says she is interested; the employer sees it in the
candidacies. Inès, on her phone, gets only suggestions with a real reason, none she already applied
to, the hint, and her standing instead of a wall of "faibles"."""

import re

import pytest
from playwright.sync_api import expect

from backend.accounts.models import User
from employers.models import OfferSkill
from graduates.models import GraduateSkill
from matching.models import SuggestionFeedback
from matching.services import scores
from placements.models import Application
from tests.factories import PASSWORD, ContactFactory, EmployerFactory, OfferFactory, UserFactory
from tests.factories.graduates import CohortFactory, GraduateFactory
from tests.graduates.conftest import skill

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_graduate_marks_a_suggestion_interested_and_the_employer_finds_her_candidacy(
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
    scores.scores_refresh_for_offer(offer_id=offer.pk)

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

    # ... the offer leaves her suggestions: it is in "Mes candidatures" now
    expect(phone.locator(f"[data-offer='{offer.pk}']")).to_have_count(0)

    # Then the employer finds her among the offer's candidacies, not on the shortlist
    login(desktop, live_server, contact.user.email, PASSWORD)
    desktop.goto(f"{live_server.url}/analyse/offres/{offer.pk}/candidats/")
    expect(desktop.locator(f"[data-graduate='{graduate.pk}']")).to_have_count(0)
    expect(desktop.locator("#in-candidacies")).to_contain_text("1 personne a déjà une candidature en cours")
    desktop.locator("#in-candidacies a").click()
    expect(desktop.locator("main")).to_contain_text("Kylian")


def _offer(employer, title, skills, commune_id="62498"):
    offer = OfferFactory(employer=employer, published=True, title=title, commune_id=commune_id)
    for uid, level in skills:
        OfferSkill.objects.create(offer=offer, skill=skill(uid), level=level)
    return offer


def test_ines_reads_only_suggestions_worth_reading_on_her_phone(live_server, phone):
    from django.utils import timezone

    # Given Inès, a web developer in Liévin who holds React and Symfony
    employer = EmployerFactory(name="Hauts Numériques", commune_id="62498")
    user = UserFactory(role=User.Role.GRADUATE, first_name="Inès", last_name="Dupont")
    ines = GraduateFactory(
        cohort=CohortFactory(), user=user, commune_id="62510", visibility_changed_at=timezone.now()
    )
    for uid in ("tremplin:react", "tremplin:symfony"):
        GraduateSkill.objects.create(graduate=ines, skill=skill(uid), status="accepted", level=3)
    # ... offers around Lens: two of her trade, one she already applied to, two that ask for Docker
    # as well, and one of another trade (KNX) she has no skill for
    react = _offer(
        employer, "Développeur·se React", [("tremplin:react", "required"), ("tremplin:symfony", "required")]
    )
    applied = _offer(employer, "Intégrateur·rice React", [("tremplin:react", "required")])
    docker = [
        _offer(
            employer, f"DevOps React {i}", [("tremplin:react", "required"), ("tremplin:docker", "required")]
        )
        for i in range(2)
    ]
    knx = _offer(employer, "Technicien·ne KNX", [("tremplin:knx", "required")])
    Application.objects.create(
        graduate=ines, offer=applied, state="applied", origin=Application.Origin.GRADUATE
    )
    for offer in (react, applied, *docker, knx):
        scores.scores_refresh_for_offer(offer_id=offer.pk)
    scores.scores_refresh_for_graduate(graduate_id=ines.pk)

    # When she opens "Offres pour vous" on a 390 px screen
    login(phone, live_server, user.email, PASSWORD)
    phone.goto(f"{live_server.url}/analyse/pour-vous/")
    cards = phone.locator(".offer-card")
    expect(cards.first).to_be_visible()

    # Then every suggestion has a real reason: at least one required skill she holds
    assert cards.count() >= 1
    for i in range(cards.count()):
        text = cards.nth(i).inner_text()
        held = re.search(r"Compétences requises : (\d+) sur", text)
        assert held and int(held.group(1)) >= 1, text
    expect(phone.locator(f"[data-offer='{knx.pk}']")).to_have_count(0)
    # ... the offer she applied to is not suggested again
    expect(phone.locator(f"[data-offer='{applied.pk}']")).to_have_count(0)
    # ... the hint tells her which skill would open more offers
    expect(phone.locator("#openings .opening").first).to_contain_text("Docker vous ouvrirait 2 offres")
    # ... her chances are told by standing and meaning, not a wall of "faibles"
    expect(phone.locator("main")).not_to_contain_text("faibles")
    expect(cards.first.locator(".standing")).to_contain_text("Parmi vos 3 meilleures suggestions")
    expect(cards.first.locator(".chances")).to_contain_text("profils comme le vôtre")
    # ... and the page fits her phone
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
