"""The territory in the browser (issue #14): an officer sees the prospects, adds one to the CRM and makes
it a partner; a graduate sees a France Travail offer in her suggestions and records an external
candidacy before going to the posting."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from backend.accounts.models import User
from backend.geo.models import Commune
from employers.models import Employer, Interaction, OfferSkill
from employers.services import offer_external_save
from placements.models import Application
from tests.factories import PASSWORD, UserFactory, make_siret
from tests.graduates.conftest import skill
from tests.matching.conftest import region  # noqa: F401 - fixtures of the matching tests
from tests.territory.test_prospects import ARRAS, LENS, LIEVIN, ft_offer, imported

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_officer_sees_the_prospects_adds_one_to_the_crm_and_makes_it_a_partner(live_server, phone):
    # Given companies hiring in the school's trades near Lens, none of them in the CRM
    imported(
        ft_offer("Lens Web Factory", LENS, beginner=True),
        ft_offer("Lens Web Factory", LIEVIN, beginner=True),
        ft_offer("Arras Intérim Tech", ARRAS, contract="MIS", label="Mission intérimaire - 3 Mois"),
    )
    officer = UserFactory(role=User.Role.OFFICER, email="charge.territoire@ecole.fr")

    # When the officer opens the prospects on her phone
    login(phone, live_server, officer.email, PASSWORD)
    phone.goto(f"{live_server.url}/ecole/territoire/prospects/")
    cards = phone.locator("#prospects .prospect")
    expect(cards).to_have_count(2)
    # Then the best one comes first, with its offers, beginners and contracts
    expect(cards.first.locator("h2")).to_have_text("Lens Web Factory")
    expect(cards.first).to_contain_text("2 offres dans nos métiers")
    expect(cards.first).to_contain_text("2 ouvertes aux débutant·es")

    # When she adds it to the CRM in one click
    cards.first.get_by_role("button", name="Ajouter au suivi : Lens Web Factory").click()

    # Then she is on its CRM page: a prospect, with the log saying why
    expect(phone.locator("h1")).to_contain_text("Lens Web Factory")
    expect(phone.locator("h1 .badge")).to_have_text("Prospect")
    expect(phone.get_by_text("Prospect repéré dans les offres du territoire", exact=False)).to_be_visible()
    employer = Employer.objects.get(name="Lens Web Factory")
    assert employer.status == Employer.Status.PROSPECT
    assert Interaction.objects.filter(employer=employer, kind=Interaction.Kind.NOTE).count() == 1

    # When the company agrees: its SIRET, its size and the partnership
    siret = make_siret(11)
    phone.get_by_label("SIRET").fill(siret)
    phone.get_by_label("Effectif").select_option("10-49")
    phone.get_by_label("Type de partenariat").select_option("internship")
    phone.get_by_role("button", name="Enregistrer le partenariat").click()

    # Then it is an approved partner with an active partnership, and no longer a prospect
    expect(phone.locator("h1 .badge")).to_have_text("Validé")
    employer.refresh_from_db()
    assert (employer.status, employer.siret) == (Employer.Status.APPROVED, siret)
    assert employer.has_active_partnership()
    phone.goto(f"{live_server.url}/ecole/territoire/prospects/")
    expect(phone.locator("#prospects .prospect")).to_have_count(1)
    expect(phone.locator("#prospects")).not_to_contain_text("Lens Web Factory")


def test_a_graduate_sees_a_territory_offer_in_her_suggestions_and_records_an_external_candidacy(
    live_server,
    phone,
    region,  # noqa: F811 - the fixture imported above
):
    from matching.services import scores

    # Given a France Travail offer matching Kylian's skills; its posting is a page the browser can open
    posting = f"{live_server.url}/offres/"
    offer, _created, _changed = offer_external_save(
        source="france_travail",
        external_id="998TRR",
        fields={
            "title": "Développeur React / Symfony (H/F)",
            "description": "Vous développerez des interfaces en React avec une API Symfony.",
            "contract_type": "CDI",
            "commune": Commune.objects.get(pk=LENS),
            "salary_min": None,
            "salary_max": None,
            "remote": "onsite",
            "remote_answered": False,
            "published_employer": "Société du Territoire SAS",
            "external_url": posting,
        },
    )
    # Outside a test transaction the NLP has read the text already: its skills are kept, React and
    # Symfony required either way.
    for uid in ("tremplin:react", "tremplin:symfony"):
        OfferSkill.objects.update_or_create(offer=offer, skill=skill(uid), defaults={"level": "required"})
    scores.scores_refresh_for_offer(offer_id=offer.pk)
    kylian = region["kylian"]

    # When he opens his suggestions on his phone
    login(phone, live_server, kylian.user.email, PASSWORD)
    phone.goto(f"{live_server.url}/analyse/pour-vous/")
    card = phone.locator(f'.offer-card[data-offer="{offer.pk}"]')
    expect(card).to_be_visible()
    expect(card).to_contain_text("Développeur React / Symfony")
    expect(card).to_contain_text("Société du Territoire SAS")

    # And applies on France Travail, Tremplin recording the candidacy first
    card.get_by_role("link", name="Postuler sur France Travail").click()
    phone.locator("#id_message").fill("Envoyée sur France Travail aujourd'hui")
    phone.get_by_role("button", name="Enregistrer et postuler sur France Travail").click()

    # Then the browser is on the posting, and the candidacy is tracked as external
    phone.wait_for_url(posting)
    candidacy = Application.objects.get(graduate=kylian, offer=offer)
    assert candidacy.state == Application.State.APPLIED
    phone.goto(f"{live_server.url}{reverse('placements:mine')}")
    expect(phone.get_by_text("Candidature externe").first).to_be_visible()
    expect(phone.get_by_text("Société du Territoire SAS").first).to_be_visible()
