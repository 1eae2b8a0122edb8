"""The demo's Inès, on her phone: every suggestion she reads has a real reason (checked again from the
rows), none is an offer of her open candidacies, the skill hint is there, and the page fits 390 px."""

import re

import pytest
from playwright.sync_api import expect

from demo import data
from demo.seed import seed_demo
from graduates.models import Graduate
from matching.ranker_bridge import build_matcher
from matching.services import scores
from matching.trust import _Reasons
from placements.models import Application

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_demo_graduate_reads_only_suggestions_worth_reading_and_the_hint_on_her_phone(live_server, phone):
    # Given the demo region, scored as `make demo` does
    seed_demo(progress=lambda _message: None)
    scores.scores_refresh_all()
    ines = Graduate.objects.select_related("user").get(user__email=data.GRADUATE_EMAIL)
    in_candidacies = set(
        Application.objects.filter(graduate=ines, state__in=Application.PENDING).values_list(
            "offer_id", flat=True
        )
    )
    assert ines.user.first_name == "Inès" and in_candidacies

    # When she opens "Offres pour vous" on a 390 px screen
    login(phone, live_server, data.GRADUATE_EMAIL, data.DEMO_PASSWORD)
    phone.goto(f"{live_server.url}/analyse/pour-vous/")
    cards = phone.locator(".offer-card")
    expect(cards.first).to_be_visible()

    # Then each card's pair has a real reason, recomputed from her skills and the offer's
    reasons = _Reasons(build_matcher())
    shown = [int(cards.nth(i).get_attribute("data-offer")) for i in range(cards.count())]
    assert len(shown) >= 3
    assert [o for o in shown if not reasons.has_reason(o, ines.pk)] == []
    # ... none of the offers she already has a candidacy for
    assert in_candidacies.isdisjoint(shown)
    # ... the hint names a skill and how many offers it would open near her
    expect(phone.locator("#openings .opening").first).to_contain_text("vous ouvrirait")
    expect(phone.locator("#openings .opening").first).to_contain_text(f"{ines.mobility_radius_km} km")
    # ... a card held for close skills only says so, not a bare « 0 sur 9 » that reads « nothing for you »
    firsts = phone.locator(".offer-card .reasons li:first-child").all_inner_texts()
    assert [t for t in firsts if re.fullmatch(r"Compétences requises : 0 sur \d+", t.strip())] == []
    # ... no wall of "faibles", and the page fits her phone
    expect(phone.locator("main")).not_to_contain_text("faibles")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
