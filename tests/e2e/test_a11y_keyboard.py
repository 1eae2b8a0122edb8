"""Keyboard only (RGAA 7.3, 10.7, 12.8): posting an offer, applying, moving a candidacy, with Tab,
typing, arrows and Enter — no click — and a visible focus on every element the Tab key reaches."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from employers.models import Offer
from placements.models import Application
from tests.factories import PASSWORD, ContactFactory, EmployerFactory, OfferFactory, UserFactory
from tests.factories.graduates import CohortFactory, GraduateFactory
from tests.factories.placements import ApplicationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The focused element, and whether a person sees where the focus is (outline or a box-shadow ring).
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none";
  return {id: el.id, name: el.getAttribute("name"), text: (el.innerText || el.value || "").trim().slice(0, 80),
          tag: el.tagName.toLowerCase(), visible: ring};
}"""


def tab_to(page, matches, *, limit: int = 120, backwards: bool = False) -> dict:
    """Press Tab until ``matches(focused)`` holds; every element on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUS)
        if focused is None:
            continue
        assert focused["visible"], f"no visible focus on {focused}"
        if matches(focused):
            return focused
    raise AssertionError(f"the Tab key never reached the element after {limit} presses")


def by_id(element_id: str):
    return lambda focused: focused["id"] == element_id


def by_text(text: str):
    return lambda focused: focused["tag"] in ("button", "a", "summary") and focused["text"].startswith(text)


def keyboard_login(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/comptes/connexion/")
    tab_to(page, by_id("id_username"))
    page.keyboard.type(email)
    tab_to(page, by_id("id_password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def test_the_skip_link_is_the_first_tab_stop_and_is_seen(live_server, desktop):
    desktop.goto(f"{live_server.url}/offres/")
    focused = tab_to(desktop, lambda f: True, limit=1)
    assert focused["text"] == "Aller au contenu"
    desktop.keyboard.press("Enter")
    expect(desktop).to_have_url(re.compile("#main$"))


def test_an_employer_posts_an_offer_with_the_keyboard_only(live_server, phone):
    employer = EmployerFactory(name="Domotique Artois", commune_id="62498")
    contact = ContactFactory(employer=employer)
    keyboard_login(phone, live_server, contact.user.email)
    phone.goto(f"{live_server.url}/entreprise/offres/nouvelle/")

    tab_to(phone, by_id("id_title"))
    phone.keyboard.type("Technicien·ne réseaux (H/F)")
    tab_to(phone, by_id("id_description"))
    phone.keyboard.type(
        "Vous installez et dépannez les réseaux informatiques de nos clients du bassin minier."
    )
    tab_to(phone, by_id("id_contract_type"))
    phone.keyboard.type("CDI")  # a closed select picks the option whose label starts with what is typed
    expect(phone.locator("#id_contract_type")).to_have_value("CDI")
    tab_to(phone, by_id("id_salary_min"))
    phone.keyboard.type("1900")
    tab_to(phone, by_id("id_salary_max"))
    phone.keyboard.type("2300")
    tab_to(phone, by_id("id_commune_label"))
    phone.keyboard.type("Liév", delay=60)
    expect(phone.locator("#commune-suggestions button", has_text="Liévin").first).to_be_visible()
    phone.keyboard.press("Enter")  # picks the first suggestion, does not submit
    expect(phone.locator("#id_commune_label")).to_have_value(re.compile("Liévin"))
    tab_to(phone, lambda f: f["tag"] == "button" and f["name"] == "submit")
    phone.keyboard.press("Enter")

    expect(phone.get_by_text("En attente de validation").first).to_be_visible()
    offer = Offer.objects.get(title="Technicien·ne réseaux (H/F)")
    assert offer.status == Offer.Status.SUBMITTED and offer.commune_id == "62510"


def test_a_graduate_applies_with_the_keyboard_only(live_server, phone):
    offer = OfferFactory(published=True, title="Développeur·se web (H/F)")
    graduate = GraduateFactory(cohort=CohortFactory(), user=UserFactory(role="graduate"))
    keyboard_login(phone, live_server, graduate.user.email)
    phone.goto(f"{live_server.url}/offres/{offer.pk}/")

    tab_to(phone, by_text("Postuler"))
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(rf"/candidatures/postuler/{offer.pk}/$"))
    tab_to(phone, by_id("id_message"))
    phone.keyboard.type("Bonjour, je suis disponible dès lundi.")
    tab_to(phone, by_text("Envoyer ma candidature"))
    phone.keyboard.press("Enter")

    expect(phone).to_have_url(re.compile(r"/candidatures/\d+/$"))
    application = Application.objects.get(graduate=graduate, offer=offer)
    assert application.state == Application.State.APPLIED


def test_an_officer_moves_a_candidacy_on_the_board_with_the_keyboard_only(live_server, desktop):
    officer = UserFactory(role="officer", email="charge@ecole.fr")
    application = ApplicationFactory(
        graduate=GraduateFactory(cohort=CohortFactory(), user=UserFactory(role="graduate")),
        offer=OfferFactory(published=True, title="Technicien·ne KNX"),
        state=Application.State.INTERVIEW,
    )
    keyboard_login(desktop, live_server, officer.email)
    desktop.goto(f"{live_server.url}/candidatures/")
    card = desktop.locator(f"[data-application='{application.pk}']")

    tab_to(desktop, by_text("Faire une proposition"), limit=200)
    desktop.keyboard.press("Enter")

    expect(card).to_have_attribute("data-state", "offer")
    expect(desktop.locator("[data-column='offer']").locator(card)).to_be_visible()
    application.refresh_from_db()
    assert application.state == Application.State.OFFER
