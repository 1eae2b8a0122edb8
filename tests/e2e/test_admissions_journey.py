"""Admissions: a candidate applies on her phone with no account, confirms from the e-mail (read from
Django's outbox), books an information session from her private page and gets the .ics."""

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
from tests.admissions.conftest import submit
from tests.factories import PASSWORD, UserFactory

from .conftest import login
from .test_a11y import blocking_violations

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

    # Then she is asked to open her mailbox; the application waits for her confirmation
    expect(phone.get_by_role("heading", name="Vérifiez votre boîte mail")).to_be_visible()
    expect(phone.locator("strong", has_text="samia@example.fr")).to_be_visible()
    assert phone.url.endswith("/candidater/envoyee/")
    application = Application.objects.get(email="samia@example.fr")
    assert application.state == "pending"
    assert application.commune_id == "62510" and application.qpv_declared and application.job_seeker
    assert application.availability == "morning"
    assert _fits_the_phone(phone)

    # When she opens the e-mail and its link, then confirms
    (message,) = mail.outbox
    assert message.to == ["samia@example.fr"]
    assert message.subject == "Confirmez votre candidature à l'école du numérique"
    link = re.search(r"https?://\S+/candidater/suivi/\S+/", message.body).group(0)
    phone.goto(live_server.url + link[link.index("/candidater/") :])
    expect(phone.get_by_role("heading", name="Confirmez votre candidature, Samia")).to_be_visible()
    assert _fits_the_phone(phone)
    phone.get_by_role("button", name="Confirmer ma candidature").click()

    # Then her private page says so and offers the sessions
    expect(phone.get_by_text("Candidature confirmée, merci !")).to_be_visible()
    application.refresh_from_db()
    assert application.state == "submitted"
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


def test_an_officer_books_a_session_on_her_phone_for_a_candidate_who_called(live_server, phone):
    # Given a confirmed candidate with no session yet, and the school's officer signed in on her phone
    officer = UserFactory(role="officer", email="charge@ecole.fr")
    start = timezone.localtime(timezone.now() + timedelta(days=6)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    session = services.session_create(
        by=officer, starts_at=start, ends_at=start + timedelta(hours=2), place="Médiathèque, Liévin", seats=8
    )
    application, _token = submit(email="karim@example.fr", first_name="Karim")
    mail.outbox.clear()
    login(phone, live_server, officer.email, PASSWORD)

    # When she opens his page and books the session he chose on the phone
    phone.goto(f"{live_server.url}/admissions/{application.pk}/")
    expect(
        phone.get_by_role("heading", name="Réserver une réunion d'information pour elle ou lui")
    ).to_be_visible()
    assert _fits_the_phone(phone) and blocking_violations(phone) == []
    phone.get_by_label(re.compile(r"14:00 — Médiathèque, Liévin · 8 places libres")).check()
    phone.get_by_role("button", name="Réserver et envoyer l'invitation").click()

    # Then the page says the invitation left, and his mailbox has it, an .ics of that session
    expect(phone.get_by_text("L'invitation lui est envoyée par e-mail (karim@example.fr)")).to_be_visible()
    assert SessionBooking.objects.get(application=application).session == session
    (message,) = mail.outbox
    assert message.to == ["karim@example.fr"]
    ((_name, content, _mimetype),) = message.attachments
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == session.starts_at and str(event["location"]) == "Médiathèque, Liévin"
    assert _fits_the_phone(phone)

    # And the funnel the officers read is drawn with the reports' charts, accessible on the phone
    phone.goto(f"{live_server.url}/admissions/entonnoir/")
    expect(phone.locator("svg#chart-funnel")).to_be_visible()
    assert _fits_the_phone(phone) and blocking_violations(phone) == []
