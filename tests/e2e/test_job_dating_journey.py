"""A job dating: an employer opens interview slots, a graduate books one on her phone and gets the .ics."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from agenda import services
from agenda.models import Event, Slot
from backend.accounts.models import User
from placements.models import Application
from tests.factories import PASSWORD, ContactFactory, EmployerFactory, OfferFactory, UserFactory
from tests.graduates.conftest import CohortFactory, GraduateFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_employer_opens_slots_and_a_graduate_books_one_on_her_phone(live_server, phone, desktop):
    # Given a job dating the school created, a partner employer with a published offer, a graduate
    officer = UserFactory(role="officer", email="charge@ecole.fr")
    start = timezone.localtime(timezone.now() + timedelta(days=8)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    event = services.event_create(
        by=officer,
        title="Job dating du numérique",
        kind=Event.Kind.JOB_DATING,
        place="École, 12 rue Arago, Lens",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )
    employer = EmployerFactory(name="Terril Numérique", commune_id="62498")
    contact = ContactFactory(employer=employer)
    offer = OfferFactory(
        employer=employer, created_by=contact.user, published=True, title="Développeur·se web (H/F)"
    )
    user = UserFactory(
        role=User.Role.GRADUATE, first_name="Inès", last_name="Dupont", email="ines@example.fr"
    )
    graduate = GraduateFactory(cohort=CohortFactory(), user=user)

    # When the employer registers with the offer and opens three slots of 20 minutes from 9:40
    login(desktop, live_server, contact.user.email, PASSWORD)
    desktop.goto(f"{live_server.url}/agenda/evenements/{event.pk}/")
    desktop.get_by_label("Développeur·se web (H/F)").check()
    desktop.get_by_role("button", name="M'inscrire avec ces offres").click()
    expect(desktop.get_by_text("Inscription enregistrée")).to_be_visible()
    desktop.select_option("#id_offer", str(offer.pk))
    desktop.fill("#id_first_at", (start + timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M"))
    desktop.fill("#id_count", "3")
    desktop.fill("#id_minutes", "20")
    desktop.get_by_role("button", name="Ouvrir les créneaux").click()
    expect(desktop.get_by_text("3 créneaux ouverts.")).to_be_visible()
    assert Slot.objects.filter(registration__event=event).count() == 3

    # And the graduate, on her phone, finds the event from her agenda and books the 10:00 slot
    login(phone, live_server, user.email, PASSWORD)
    phone.goto(f"{live_server.url}/agenda/")
    phone.get_by_role("link", name="Job datings et événements").click()
    phone.get_by_role("link", name="Job dating du numérique").click()
    phone.get_by_role("button", name="Réserver 10:00").click()
    expect(phone.get_by_text("Créneau réservé : entretien le")).to_be_visible()

    # Then her candidacy is at « entretien » at 10:00, at the event's place, and the .ics says so
    app = Application.objects.get(graduate=graduate, offer=offer)
    assert app.state == Application.State.INTERVIEW
    assert timezone.localtime(app.interview_at).strftime("%H:%M") == "10:00"
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    (event_ics,) = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    assert event_ics.decoded("dtstart") == app.interview_at
    assert str(event_ics["location"]) == "Job dating du numérique — École, 12 rue Arago, Lens"
    assert str(event_ics["status"]) == "CONFIRMED"
    # ... and the slot is no longer free for anyone else
    expect(phone.get_by_role("button", name="Réserver 10:00")).to_have_count(0)
    desktop.reload()
    expect(desktop.get_by_role("link", name="Inès Dupont")).to_be_visible()
