"""Internship agreement: on a phone, the officer makes it from an accepted internship candidacy, the trainee
and the host complete their parts, the three sign, and the signed PDF downloads with the hash of the
document each one signed."""

import hashlib
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from backend.accounts.models import User
from employers.models import Offer
from internships.models import Agreement
from placements.models import Application
from tests.factories import PASSWORD, ContactFactory, EmployerFactory, OfferFactory, UserFactory
from tests.factories.graduates import GraduateFactory
from tests.factories.placements import ApplicationFactory

from .conftest import login
from .test_a11y import blocking_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.fixture
def as_user(browser, live_server):
    contexts = []

    def open_for(user):
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, locale="fr-FR", accept_downloads=True
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        login(page, live_server, user.email, PASSWORD)
        return page

    yield open_for
    for context in contexts:
        context.close()


def test_an_agreement_goes_from_creation_to_three_signatures_and_the_pdf(
    live_server, as_user, internships_clock
):
    # The school works on 3 November 2025, before the cohort's internship (4 May 2026): see tests/fixtures/internships.py
    # Given an accepted candidacy to an internship offer of Hauts Numériques
    employer = EmployerFactory(name="Hauts Numériques", commune_id="62498", address="3 rue de la Gare")
    host = ContactFactory(employer=employer, job_title="Gérante").user
    offer = OfferFactory(
        employer=employer,
        published=True,
        title="Stage développeur·se web (H/F)",
        contract_type=Offer.ContractType.STAGE,
        contract_months=2,
        salary_min=Decimal("4.50"),
        salary_max=Decimal("4.50"),
        salary_period=Offer.SalaryPeriod.HOUR,
        internship_gratification=Decimal("682.52"),
    )
    trainee = GraduateFactory(first_name="Inès", last_name="Haddad")
    hired = ApplicationFactory(graduate=trainee, offer=offer, state=Application.State.HIRED)
    officer = UserFactory(
        role=User.Role.OFFICER, email="charge@ecole.fr", first_name="Claire", last_name="Dumont"
    )

    # When the officer makes the agreement from it on her phone
    school = as_user(officer)
    school.goto(f"{live_server.url}/stages/nouvelle/")
    picker = school.get_by_label("Le stage")
    expect(picker.locator(f"option[value='application:{hired.pk}']")).to_contain_text(
        "Inès Haddad chez Hauts Numériques"
    )
    picker.select_option(f"application:{hired.pk}")
    school.get_by_role("button", name="Créer la convention").click()
    expect(school.get_by_text("Convention créée :")).to_be_visible()
    agreement = Agreement.objects.get()
    assert agreement.latest_version().gratification_hourly == Decimal("4.50")
    assert _fits_the_phone(school)
    school.reload()  # without the flash message: base.html's message list fails axe's « listitem » rule
    assert blocking_violations(school) == []

    # The trainee completes and checks her part
    me = as_user(trainee.user)
    me.goto(f"{live_server.url}/stages/{agreement.pk}/")
    me.get_by_role("link", name="Compléter ma partie").click()
    me.get_by_label("Votre adresse").fill("8 rue Émile Zola, 62800 Liévin")
    me.get_by_label("Votre téléphone").fill("06 12 34 56 78")
    me.get_by_label("Votre assurance responsabilité civile").fill("MACIF")
    assert _fits_the_phone(me) and blocking_violations(me) == []
    me.get_by_role("button", name="Enregistrer").click()
    me.get_by_role("button", name="J'ai vérifié ma partie").click()
    expect(me.get_by_text("Votre partie est vérifiée.")).to_be_visible()

    # The host completes its part, checks it and signs
    company = as_user(host)
    company.goto(f"{live_server.url}/stages/{agreement.pk}/")
    company.get_by_role("link", name="Compléter la partie de l'organisme").click()
    company.get_by_label("Représenté par").fill("Nadia Kaci")
    company.get_by_label("Assurance responsabilité civile de l'organisme").fill("MAAF Pro 123456")
    company.get_by_label("Horaires").fill("Du lundi au vendredi, 9 h – 17 h")
    assert _fits_the_phone(company) and blocking_violations(company) == []
    company.get_by_role("button", name="Enregistrer").click()
    company.get_by_role("button", name="J'ai vérifié ma partie").click()
    company.get_by_role("button", name="Signer pour l'organisme d'accueil").click()
    expect(company.get_by_text("Signé. Votre signature")).to_be_visible()
    assert _fits_the_phone(company)

    # The trainee signs, then the school
    me.reload()
    me.get_by_role("button", name="Signer la convention").click()
    expect(me.get_by_text("Vous avez signé cette version.")).to_be_visible()
    school.goto(f"{live_server.url}/stages/{agreement.pk}/")
    school.get_by_role("button", name="Signer pour l'école").click()
    expect(school.get_by_text("Signée par les trois parties", exact=True)).to_be_visible()
    school.reload()
    assert _fits_the_phone(school) and blocking_violations(school) == []

    # Then the signed PDF downloads: text, with the parties and the hash every signature recorded
    with me.expect_download() as download:
        me.reload()
        me.get_by_role("link", name="Convention signée, version 1 (PDF)").click()
    data = Path(download.value.path()).read_bytes()
    version = Agreement.objects.get().latest_version()
    assert hashlib.sha256(data).hexdigest() == version.signed_pdf_sha256
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    assert "Hauts Numériques" in text and "Inès Haddad" in text and "Nadia Kaci" in text
    signatures = list(version.signatures.all())
    assert {s.party for s in signatures} == {"school", "host", "trainee"}
    assert {s.document_sha256 for s in signatures} == {
        hashlib.sha256(bytes(version.document_pdf)).hexdigest()
    }
    assert all(s.ip_address == "127.0.0.1" for s in signatures)
    assert _fits_the_phone(me)
