"""Every interview is an .ics invitation for both sides, and a feed each person subscribes to: parsed
back with icalendar, a change raises the SEQUENCE, an ended candidacy cancels the event."""

import html
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agenda import services
from agenda.models import CalendarFeed
from agenda.selectors import interview_for_user
from backend.core.exceptions import ApplicationError, ConflictError
from placements import services as placements_services
from placements.models import Application

pytestmark = pytest.mark.django_db


def _events(body: bytes) -> list:
    cal = Calendar.from_ical(body)
    assert str(cal["VERSION"]) == "2.0"
    return list(cal.walk("VEVENT"))


@pytest.fixture
def when():
    return (timezone.now() + timedelta(days=5)).replace(hour=10, minute=30, second=0, microsecond=0)


@pytest.fixture
def interview(application, employer_user, when):
    return placements_services.application_transition(
        application=application,
        transition="schedule_interview",
        by=employer_user,
        interview_at=when,
        interview_place="Hauts Numériques, 12 rue Arago, Lens",
    )


def test_both_sides_download_the_invitation_with_time_and_place(
    interview, graduate, employer_user, colleague_user, when, client_for
):
    url = reverse("agenda:interview_ics", kwargs={"pk": interview.pk})
    summaries = {}
    for user in (graduate.user, employer_user, colleague_user):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="entretien-{interview.pk}.ics"'
        (event,) = _events(response.content)
        assert event.decoded("dtstart") == when
        assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=45)
        assert str(event["location"]) == "Hauts Numériques, 12 rue Arago, Lens"
        assert str(event["uid"]) == f"entretien-{interview.pk}@tremplin"
        assert str(event["status"]) == "CONFIRMED"
        assert event.decoded("sequence") == 0
        summaries[user.email] = str(event["summary"])
    assert summaries[graduate.user.email] == "Entretien — Développeur·se web (H/F) (Hauts Numériques)"
    assert summaries[employer_user.email] == "Entretien — Inès Dupont (Développeur·se web (H/F))"


def test_outsiders_get_a_404_and_anonymous_visitors_the_login_page(
    interview, other_graduate, other_employer_user, client_for, client
):
    url = reverse("agenda:interview_ics", kwargs={"pk": interview.pk})
    for user in (other_graduate.user, other_employer_user):
        assert client_for(user).get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_candidacy_without_an_interview_has_no_invitation(application, graduate, client_for):
    url = reverse("agenda:interview_ics", kwargs={"pk": application.pk})
    assert client_for(graduate.user).get(url).status_code == 404


def test_moving_the_interview_raises_the_sequence_and_keeps_the_uid(interview, employer_user, graduate, when):
    token = services.calendar_feed_create(user=graduate.user)
    later = when + timedelta(days=1, hours=2)
    placements_services.application_interview_reschedule(
        application=interview,
        by=employer_user,
        interview_at=later,
        interview_place="Visio : meet.example/abc",
    )
    response = Client().get(reverse("agenda:feed", kwargs={"token": token}))
    assert response.status_code == 200
    (event,) = _events(response.content)
    assert str(event["uid"]) == f"entretien-{interview.pk}@tremplin"
    assert event.decoded("dtstart") == later
    assert str(event["location"]) == "Visio : meet.example/abc"
    assert event.decoded("sequence") == 1
    assert str(event["status"]) == "CONFIRMED"
    assert list(interview.transitions.values_list("transition", flat=True)) == [
        "start",
        "schedule_interview",
        "reschedule_interview",
    ]


def test_an_ended_candidacy_cancels_the_interview_in_the_feed(interview, employer_user, graduate):
    token = services.calendar_feed_create(user=graduate.user)
    placements_services.application_transition(
        application=interview, transition="refuse", by=employer_user, refusal_reason="filled"
    )
    (event,) = _events(Client().get(reverse("agenda:feed", kwargs={"token": token})).content)
    assert str(event["status"]) == "CANCELLED"
    assert event.decoded("sequence") == 1
    assert str(event["summary"]).startswith("Annulé : ")


def test_a_hire_after_the_interview_does_not_cancel_it(interview, employer_user, graduate):
    moved = placements_services.application_transition(
        application=interview, transition="hire", by=employer_user
    )
    assert moved.state == Application.State.HIRED
    event = interview_for_user(user=graduate.user, application_id=interview.pk)
    assert (event.cancelled, event.sequence) == (False, 0)


def test_only_the_employer_or_the_school_moves_an_interview_and_only_a_planned_one(
    interview, application, graduate, when, officer
):
    with pytest.raises(ApplicationError) as caught:
        placements_services.application_interview_reschedule(
            application=interview, by=graduate.user, interview_at=when
        )
    assert caught.value.status_code == 403
    with pytest.raises(ApplicationError, match="Indiquez la date et l'heure"):
        placements_services.application_interview_reschedule(
            application=interview, by=officer, interview_at=None
        )
    placements_services.application_transition(application=interview, transition="withdraw", by=graduate.user)
    with pytest.raises(ConflictError, match="Aucun entretien à déplacer"):
        placements_services.application_interview_reschedule(
            application=interview, by=officer, interview_at=when
        )


def test_the_feed_is_each_persons_own_and_revocable(
    interview, graduate, other_graduate, employer_user, client
):
    mine = services.calendar_feed_create(user=graduate.user)
    employer_token = services.calendar_feed_create(user=employer_user)
    theirs = services.calendar_feed_create(user=other_graduate.user)
    assert len(mine) >= 40 and CalendarFeed.objects.get(user=graduate.user).token_hash != mine

    assert len(_events(client.get(reverse("agenda:feed", kwargs={"token": mine})).content)) == 1
    assert len(_events(client.get(reverse("agenda:feed", kwargs={"token": employer_token})).content)) == 1
    assert _events(client.get(reverse("agenda:feed", kwargs={"token": theirs})).content) == []

    renewed = services.calendar_feed_create(user=graduate.user)
    assert client.get(reverse("agenda:feed", kwargs={"token": mine})).status_code == 404
    assert client.get(reverse("agenda:feed", kwargs={"token": renewed})).status_code == 200
    assert services.calendar_feed_revoke(user=graduate.user) is True
    assert client.get(reverse("agenda:feed", kwargs={"token": renewed})).status_code == 404
    assert client.get(reverse("agenda:feed", kwargs={"token": "devine"})).status_code == 404


def test_the_page_shows_the_feed_address_once_and_lists_the_interview(interview, graduate, client_for):
    browser = client_for(graduate.user)
    page = browser.get(reverse("agenda:interviews"))
    assert page.status_code == 200
    assert "Entretien — Développeur·se web (H/F)" in page.content.decode()
    assert reverse("agenda:interview_ics", kwargs={"pk": interview.pk}) in page.content.decode()

    created = browser.post(reverse("agenda:feed_create"))
    body = created.content.decode()
    assert created.status_code == 200
    start = body.index('value="http://testserver/agenda/flux/') + len('value="http://testserver/agenda/flux/')
    token = body[start : body.index(".ics", start)]
    assert CalendarFeed.objects.get(user=graduate.user).token_hash != token
    assert browser.get(reverse("agenda:feed", kwargs={"token": token})).status_code == 200
    assert token not in browser.get(reverse("agenda:interviews")).content.decode()

    browser.post(reverse("agenda:feed_revoke"))
    assert not CalendarFeed.objects.filter(user=graduate.user).exists()


def test_the_employer_moves_the_interview_from_the_candidacy_page_and_the_graduate_is_told(
    interview, employer_user, graduate, when, client_for
):
    from placements.models import Notification

    page = client_for(employer_user).get(
        reverse("placements:application_detail", kwargs={"pk": interview.pk})
    )
    assert reverse("placements:interview_reschedule", kwargs={"pk": interview.pk}) in page.content.decode()
    later = timezone.localtime(when + timedelta(days=2))
    response = client_for(employer_user).post(
        reverse("placements:interview_reschedule", kwargs={"pk": interview.pk}),
        {"interview_at": later.strftime("%Y-%m-%dT%H:%M"), "interview_place": "Visio"},
    )
    assert response.status_code == 302
    from django.contrib.messages import get_messages
    from django.utils.formats import date_format

    (said,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert (
        f"Entretien déplacé au {date_format(later, 'l j F Y')} à {later:%H:%M}" in said
    )  # as the pages say it
    event = interview_for_user(user=graduate.user, application_id=interview.pk)
    assert (event.start, event.place, event.sequence) == (later, "Visio", 1)
    told = Notification.objects.filter(user=graduate.user).order_by("-pk").first()
    assert told.subject == "Entretien déplacé pour « Développeur·se web (H/F) »"

    # The graduate cannot move it: the page says why and nothing changes
    refused = client_for(graduate.user).post(
        reverse("placements:interview_reschedule", kwargs={"pk": interview.pk}),
        {"interview_at": when.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "Seuls l'employeur et l'école peuvent déplacer un entretien." in html.unescape(
        refused.content.decode()
    )
    assert interview_for_user(user=graduate.user, application_id=interview.pk).sequence == 1
