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
