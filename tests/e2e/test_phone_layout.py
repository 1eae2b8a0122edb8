"""Phone first, on pages whose content the seeded page list leaves empty or short (issue #13): a table
full of hidden helper texts stays inside its scrolling box, and a graduate sees « Postuler » on an offer
without scrolling."""

from __future__ import annotations

import pytest
from django.test import Client

from backend.taxonomy.models import TermCandidate
from tests.factories import OfferFactory, UserFactory
from tests.graduates.conftest import CohortFactory, GraduateFactory

from .browsing import PHONE, open_page, role_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_terms_to_classify_fit_a_phone_however_many_there_are(live_server, browser):
    officer = UserFactory(role="officer")
    for n in range(12):
        TermCandidate.objects.create(
            term=f"terme inconnu {n}",
            key=f"terme-inconnu-{n}",
            occurrences=11,
            documents=9,
            examples=[
                "…Accompagnement aux démarches en ligne (CAF, France Travail, impots.gouv.fr) du public"
            ]
            * 3,
        )

    with role_context(browser, live_server, signed_in(officer), PHONE) as page:
        open_page(page, live_server, "/referentiels/termes/")
        width = page.evaluate("document.documentElement.scrollWidth")

    assert width <= PHONE["width"]


def test_a_graduate_sees_postuler_on_an_offer_without_scrolling(live_server, browser):
    offer = OfferFactory(
        published=True,
        title="Technicien·ne support informatique et réseaux (H/F)",
        description="Missions :\n"
        + "\n".join(f"- Tâche numéro {n} du poste, décrite en détail" for n in range(40)),
    )
    graduate = GraduateFactory(cohort=CohortFactory(), user=UserFactory(role="graduate"))

    with role_context(browser, live_server, signed_in(graduate.user), PHONE) as page:
        open_page(page, live_server, f"/offres/{offer.pk}/")
        button = page.get_by_role("link", name="Postuler").first
        box = button.bounding_box()

    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"]


def test_a_long_word_stays_inside_its_card_on_the_school_s_board(live_server, browser):
    from placements.models import Application
    from tests.placements.conftest import ApplicationFactory

    officer = UserFactory(role="officer")
    application = ApplicationFactory(
        graduate=GraduateFactory(cohort=CohortFactory(), user=UserFactory(role="graduate")),
        offer=OfferFactory(
            published=True, title="Contrat de professionnalisation — Technicien·ne de proximité"
        ),
        state=Application.State.APPLIED,
    )

    with role_context(browser, live_server, signed_in(officer), {"width": 1366, "height": 900}) as page:
        open_page(page, live_server, "/candidatures/")
        overflow = page.evaluate(
            """(id) => { const card = document.querySelector(`[data-application='${id}']`);
                 const right = card.getBoundingClientRect().right;
                 return Math.max(...[...card.querySelectorAll('*')].map(el => el.getBoundingClientRect().right)) - right; }""",
            application.pk,
        )

    assert overflow <= 1


def test_the_skills_demand_chart_reads_at_12_px_or_more_on_a_phone(live_server, browser):
    """The chart's SVG scales down to the phone's column: its text must still render at 12 px or more
    (it was drawn 640 wide, so 13 px shrank to about 7 px at 390), and the chart stays inside the page."""
    from backend.taxonomy.models import Skill
    from employers.models import OfferSkill

    officer = UserFactory(role="officer")
    cohort = CohortFactory()
    GraduateFactory(cohort=cohort)
    skills = list(Skill.objects.exclude(kind=Skill.Kind.SOFT_SKILL).order_by("pk")[:6])
    for n in range(8):
        offer = OfferFactory(published=True)
        for skill in skills[: 1 + n % len(skills)]:
            level = OfferSkill.Level.REQUIRED if n % 3 else OfferSkill.Level.NICE
            OfferSkill.objects.create(offer=offer, skill=skill, level=level)

    with role_context(browser, live_server, signed_in(officer), PHONE) as page:
        open_page(page, live_server, f"/candidatures/rapports/competences/?cohort={cohort.pk}")
        chart = page.locator("#chart-skills-top")
        texts = chart.evaluate(
            """svg => [...svg.querySelectorAll('text')].map(t => {
                const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                const size = parseFloat(getComputedStyle(t).fontSize) * scale;
                const box = t.getBoundingClientRect();
                return {text: t.textContent, size, height: box.height, right: box.right};
            })"""
        )
        svg_right = chart.evaluate("svg => svg.getBoundingClientRect().right")
        width = page.evaluate("document.documentElement.scrollWidth")

    labels = [t for t in texts if t["text"] in {s.label for s in skills} or t["text"].endswith("…")]
    assert labels, texts  # the skills' labels are drawn
    too_small = [t for t in texts if t["size"] < 12 or t["height"] < 12]
    assert too_small == [], too_small
    assert all(t["right"] <= svg_right + 1 for t in texts)  # no text cut off by the chart's edge
    assert width <= PHONE["width"]
