"""The pooled judgement queue on an officer's phone: the pairs of both versions' top lists, one
keyboard press per pair, stored with the versions that proposed it; the page fits 390 px and axe-core
finds no serious violation."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from backend.accounts.models import User
from employers.models import OfferSkill
from graduates.models import GraduateSkill
from matching.models import MatchJudgement, RankerVersion
from matching.serving import ranker_current
from tests.factories import PASSWORD, OfferFactory, UserFactory
from tests.factories.graduates import CohortFactory, GraduateFactory
from tests.graduates.conftest import skill

from .conftest import login
from .test_a11y import blocking_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_officer_judges_the_pooled_queue_on_her_phone_with_the_keyboard(live_server, phone):
    # Given two graduates who know React, a React offer in Lens, and two versions to compare
    cache.clear()
    cohort = CohortFactory(name="Promo File")
    graduates = []
    for first in ("Kylian", "Inès"):
        user = UserFactory(role=User.Role.GRADUATE, first_name=first, last_name="Nowak")
        g = GraduateFactory(cohort=cohort, user=user, commune_id="62510")
        GraduateSkill.objects.create(graduate=g, skill=skill("tremplin:react"), status="accepted", level=3)
        graduates.append(g)
    offer = OfferFactory(published=True, title="Développeur·se React (H/F)", commune_id="62498")
    OfferSkill.objects.create(offer=offer, skill=skill("tremplin:react"), level="required")
    serving = ranker_current()
    other = RankerVersion.objects.create(version="prior-0", is_prior=True)
    officer = UserFactory(role=User.Role.OFFICER, email="charge@ecole.fr")

    # When the officer opens the queue on her phone
    login(phone, live_server, officer.email, PASSWORD)
    phone.goto(f"{live_server.url}/analyse/jugements/file/")
    cards = phone.locator("[data-pair]")
    expect(cards).to_have_count(2)
    expect(phone.locator("#queue-counts")).to_contain_text("2 paires à juger sur 2")
    # ... the page fits her phone, says nothing of who proposed what, and passes axe-core
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    expect(phone.locator("main")).not_to_contain_text("prior-")
    assert blocking_violations(phone) == []

    # ... and judges the first pair from the keyboard: Tab to « Pertinent », Enter
    first = cards.first
    pair = first.get_attribute("data-pair")
    first.get_by_role("button", name="Pertinent").focus()
    phone.keyboard.press("Enter")

    # Then the button says it is chosen, and the judgement is stored with who, when and both versions
    expect(first.get_by_role("button", name="Pertinent")).to_have_attribute("aria-pressed", "true")
    offer_id, graduate_id = map(int, pair.split("-"))
    j = MatchJudgement.objects.get()
    assert (j.offer_id, j.graduate_id, j.officer, j.grade) == (offer_id, graduate_id, officer, "relevant")
    assert sorted(j.proposed_by) == sorted([serving.version, other.version]) and j.created_at
    # ... and the next visit only shows the pair left to judge
    phone.goto(f"{live_server.url}/analyse/jugements/file/")
    expect(phone.locator("[data-pair]")).to_have_count(1)
    expect(phone.locator(f"[data-pair='{pair}']")).to_have_count(0)
    # ... and the ranker page says how many pooled judgements the comparison rests on, on her phone too
    phone.goto(f"{live_server.url}/analyse/modele/")
    expect(phone.locator("#pooled-count")).to_contain_text(
        "Comparaison sur 1 paire jugée (jugements de la file commune : 1 ;"
    )
    expect(phone.locator("#pooled-ndcg [data-version='prior-0']")).to_have_count(1)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert blocking_violations(phone) == []
    cache.clear()
