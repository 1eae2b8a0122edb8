"""An employer posts an offer from a phone; the school approves it; the public finds it nearby."""

import re

import pytest
from playwright.sync_api import expect

from employers.models import Offer
from tests.factories import PASSWORD, ContactFactory, EmployerFactory, UserFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_employer_posts_offer_officer_approves_and_public_finds_it_near_lievin(live_server, phone, desktop):
    # Given an approved employer in Lens (no partnership: its offers go through moderation) and an officer
    employer = EmployerFactory(name="Domotique Artois", commune_id="62498")
    contact = ContactFactory(employer=employer)
    officer = UserFactory(role="officer", email="charge@ecole.fr")

    # When the employer signs in on a phone and writes an offer
    login(phone, live_server, contact.user.email, PASSWORD)
    phone.goto(f"{live_server.url}/entreprise/offres/nouvelle/")
    phone.fill("#id_title", "Technicien·ne domotique KNX (H/F)")
    phone.fill(
        "#id_description",
        "Vous installez et paramétrez des maisons connectées (KNX, Home Assistant) chez nos clients du bassin minier.",
    )
    # The text is read as they type: KNX is proposed, they add it as required and ignore the rest
    detected = phone.locator("#text-analysis [data-detected][data-label=KNX]")
    expect(detected).to_be_visible()
    detected.get_by_role("button", name="Ajouter : requise").click()
    expect(phone.locator("[data-skill-picker] [data-chosen]")).to_contain_text("KNX")
    home_assistant = phone.locator("#text-analysis [data-detected][data-label='Home Assistant']")
    home_assistant.get_by_role("button", name="Ignorer").click()
    phone.select_option("#id_contract_type", "CDI")
    phone.fill("#id_salary_min", "1 900")
    phone.fill("#id_salary_max", "2 300")
    phone.select_option("#id_salary_period", "month")
    # ... and picks the workplace with the commune autocomplete
    phone.type("#id_commune_label", "Liév", delay=60)
    suggestion = phone.locator("#commune-suggestions button", has_text="Liévin").first
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(phone.locator("#id_commune_label")).to_have_value(re.compile("Liévin"))
    phone.click("button[name=submit]")

    # Then the offer waits for the school's approval
    expect(phone.get_by_text("En attente de validation").first).to_be_visible()
    offer = Offer.objects.get(title="Technicien·ne domotique KNX (H/F)")
    assert offer.status == Offer.Status.SUBMITTED
    assert offer.commune_id == "62510"
    assert offer.offer_skills.get(skill__uid="tremplin:knx").source == "declared"
    assert offer.dismissed_skills.filter(uid="tremplin:home-assistant").exists()
    assert not offer.offer_skills.filter(skill__uid="tremplin:home-assistant").exists()

    # It is not public yet
    desktop.goto(f"{live_server.url}/offres/{offer.pk}/")
    expect(desktop.get_by_text("Technicien·ne domotique KNX")).to_have_count(0)

    # When the officer approves it from the moderation queue
    login(desktop, live_server, officer.email, PASSWORD)
    desktop.goto(f"{live_server.url}/entreprise/ecole/offres/")
    card = desktop.locator("article, li, tr, .card").filter(has_text="Technicien·ne domotique KNX").first
    card.get_by_role("button", name="Publier").click()
    desktop.wait_for_load_state("networkidle")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED

    # Then anyone searching within 20 km of Liévin finds it, with its distance
    public = phone.context.browser.new_context(
        viewport={"width": 390, "height": 844}, locale="fr-FR"
    ).new_page()
    public.goto(f"{live_server.url}/offres/")
    public.type("#id_near_label", "Liév", delay=60)
    public.locator("#near-suggestions button", has_text="Liévin").first.click()
    public.select_option("#id_radius", "20")
    public.get_by_role("button", name="Rechercher").click()
    result = public.locator("#results").get_by_text("Technicien·ne domotique KNX (H/F)")
    expect(result).to_be_visible()
    expect(public.locator("#results")).to_contain_text("sur place")
    public.context.close()
