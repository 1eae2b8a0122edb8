"""An officer books an information session for a candidate who called the school: the same rules as her
own booking (a confirmed application before the sessions' step, a seat left, one booking), and she gets
the invitation by e-mail, an .ics that icalendar reads back with the UID her private page serves."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from admissions import services
from admissions.models import Application, InformationSession, SessionBooking
from backend.accounts.models import User
from backend.core.exceptions import ApplicationError
from tests.factories import UserFactory

from .conftest import submit

pytestmark = pytest.mark.django_db


def _book(client, application, session, **extra):
    # The invitation leaves once the booking commits: run what the commit runs.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("admissions:staff_book", kwargs={"pk": application.pk}), {"session": session.pk}, **extra
        )


def _invitation(message) -> icalendar.Event:
    ((name, content, mimetype),) = message.attachments
    assert (name, mimetype) == ("reunion-information.ics", "text/calendar")
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    return event


def test_an_officer_books_from_the_candidates_page_and_she_gets_the_invitation(
    officer, client_for, session, client
):
    application, token = submit()
    staff = client_for(officer)
    detail = reverse("admissions:staff_detail", kwargs={"pk": application.pk})
    page = staff.get(detail).content.decode()
    assert "Réserver une réunion d'information pour elle ou lui" in page
    assert f'value="{session.pk}"' in page and "2 places libres" in page
    mail.outbox.clear()

    response = _book(staff, application, session, follow=True)

    booking = SessionBooking.objects.get(application=application)
    assert booking.session == session
    assert (
        "L&#x27;invitation lui est envoyée par e-mail (samia.benali@example.fr)" in response.content.decode()
    )
    (message,) = mail.outbox
    assert message.to == ["samia.benali@example.fr"]
    assert message.subject.startswith("Votre réunion d'information le ")
    assert "Bonjour Samia" in message.body and session.place in message.body
    assert "/candidater/lien/" in message.body
    event = _invitation(message)
    assert str(event["uid"]) == f"reunion-{booking.pk}@tremplin"
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert str(event["location"]) == session.place
    assert int(event["sequence"]) == 0
    # Her own page shows the booking the school made, the one she would have made herself.
    own = client.get(reverse("admissions:follow", kwargs={"token": token})).content.decode()
    assert "Votre réunion" in own
    # The page now offers to change it, the current session checked.
    page = staff.get(detail).content.decode()
    assert "Changer sa réunion d'information" in page
    assert f'value="{session.pk}" id="session-{session.pk}" required checked' in page


def test_booking_the_same_session_again_sends_nothing_and_moving_raises_the_sequence(
    officer, client_for, session
):
    application, _token = submit()
    staff = client_for(officer)
    _book(staff, application, session)
    mail.outbox.clear()
    _book(staff, application, session)
    assert mail.outbox == [] and SessionBooking.objects.filter(application=application).count() == 1

    later = services.session_create(
        by=officer,
        starts_at=session.starts_at + timedelta(days=7),
        ends_at=session.ends_at + timedelta(days=7),
        place="Médiathèque, Liévin",
        seats=5,
    )
    _book(staff, application, later)
    booking = SessionBooking.objects.get(application=application)
    assert (booking.session, booking.sequence) == (later, 1)
    (message,) = mail.outbox
    event = _invitation(message)
    assert str(event["uid"]) == f"reunion-{booking.pk}@tremplin" and int(event["sequence"]) == 1
    assert session.bookings.count() == 0


def test_a_full_session_is_refused_to_the_officer_too_and_nothing_is_sent(officer, client_for, session):
    for i in range(2):
        other, _t = submit(email=f"p{i}@example.fr")
        SessionBooking.objects.create(application=other, session=session)
    application, _token = submit()
    page = client_for(officer).get(reverse("admissions:staff_detail", kwargs={"pk": application.pk}))
    assert f'id="session-{session.pk}" required disabled' in page.content.decode()
    mail.outbox.clear()
    response = _book(client_for(officer), application, session, follow=True)
    assert "Cette réunion est complète" in response.content.decode()
    assert session.bookings.count() == 2 and mail.outbox == []


def test_an_unconfirmed_or_decided_application_gets_no_booking(officer, session):
    pending, _token = submit(email="pending@example.fr", confirm=False)
    with pytest.raises(ApplicationError, match="pas encore confirmé sa candidature"):
        services.session_book(application=pending, session=session, by=officer)
    refused, _token = submit(email="refused@example.fr")
    services.application_transition(application=refused, transition="attend", by=officer)
    with pytest.raises(ApplicationError, match="a passé l'étape des réunions"):
        services.session_book(application=Application.objects.get(pk=refused.pk), session=session, by=officer)
    past = InformationSession.objects.create(
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() - timedelta(days=1, hours=-2),
        place="Lens",
        seats=5,
    )
    applied, _token = submit(email="late@example.fr")
    with pytest.raises(ApplicationError, match="Cette réunion est passée"):
        services.session_book(application=applied, session=past, by=officer)
    assert SessionBooking.objects.count() == 0


def test_only_an_officer_books_for_a_candidate(client, trainer, client_for, session):
    application, _token = submit()
    url = reverse("admissions:staff_book", kwargs={"pk": application.pk})
    assert client.post(url, {"session": session.pk}).status_code == 302  # to the login page
    for role in (User.Role.EMPLOYER, User.Role.GRADUATE):
        assert client_for(UserFactory(role=role)).post(url, {"session": session.pk}).status_code == 403
    assert client_for(trainer).post(url, {"session": session.pk}).status_code == 403
    with pytest.raises(ApplicationError, match="Seule l'équipe d'insertion"):
        services.session_book(application=application, session=session, by=trainer)
    assert SessionBooking.objects.count() == 0
    # The trainer's view of the candidate has no booking form.
    page = client_for(trainer).get(reverse("admissions:staff_detail", kwargs={"pk": application.pk}))
    assert "staff_book" not in page.content.decode() and "/reunion/" not in page.content.decode()
