"""Admissions: a candidate applies on her phone with no account, books an information session from her
private page and gets the .ics."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from admissions import services
from admissions.models import Application, SessionBooking
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_candidate_applies_on_her_phone_and_books_an_information_session(live_server, phone):
    # Given an information session the school opened, with seats
    officer = UserFactory(role="officer", email="charge@ecole.fr")
    start = timezone.localtime(timezone.now() + timedelta(days=5)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    session = services.session_create(
        by=officer,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="École, 12 rue Arago, Lens",
        seats=12,
    )

    # When a resident of Liévin fills in the public form on her phone
    phone.goto(f"{live_server.url}/candidater/")
    assert _fits_the_phone(phone)
    phone.fill("#id_first_name", "Samia")
    phone.fill("#id_last_name", "Benali")
    phone.fill("#id_phone", "06 12 34 56 78")
    phone.fill("#id_email", "samia@example.fr")
    phone.fill("#id_birth_date", "2002-05-17")
    phone.get_by_label("Votre commune").press_sequentially("Liév", delay=50)
    phone.locator("#commune-suggestions button", has_text="Liévin").first.click()
    phone.get_by_label("Je suis inscrit·e à France Travail").check()
    phone.get_by_label("J'habite un quartier prioritaire de la ville (QPV)").check()
    phone.get_by_label("Votre plus haut diplôme").select_option("none")
    phone.get_by_label("La formation qui vous intéresse").select_option("web_mobile")
    phone.get_by_label("Pourquoi cette formation ?").fill(
        "J'aide mes voisins avec leurs ordinateurs et je veux apprendre à créer des sites."
    )
    phone.get_by_label("Le matin").check()
    phone.get_by_role("button", name="Envoyer ma candidature").click()

    # Then she lands on her private page with a confirmation, and the link is in her mailbox
    expect(phone.get_by_text("Candidature envoyée. Merci !")).to_be_visible()
    application = Application.objects.get(email="samia@example.fr")
    assert application.commune_id == "62510" and application.qpv_declared and application.job_seeker
    assert application.availability == "morning"
    assert phone.url.endswith("/") and "/candidater/suivi/" in phone.url
    assert any(phone.url.split("/candidater/suivi/")[1].rstrip("/") in m.body for m in mail.outbox)
    assert _fits_the_phone(phone)

    # When she books the session
    phone.get_by_role("button", name=re.compile(r"^Réserver le .* à 09:30$")).click()
    expect(phone.get_by_text("C'est réservé")).to_be_visible()
    assert SessionBooking.objects.get(application=application).session == session

    # Then the .ics she downloads is that session
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    (event,) = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    assert event.decoded("dtstart") == session.starts_at
    assert str(event["location"]) == "École, 12 rue Arago, Lens"
    assert _fits_the_phone(phone)
