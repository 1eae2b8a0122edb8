"""Cancelling a booked job dating slot without ending the candidacy (#15 part 3): the graduate, an officer
for her or the slot's employer calls the interview off; the slot is free again, the candidacy goes back
to « candidature envoyée » by the logged ``cancel_interview`` move, the other side is told, and both
sides' .ics and feeds keep the interview as CANCELLED (same UID, SEQUENCE up). The service by role, a
past interview, the race with a booking, the page and the API."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agenda import services
from agenda.models import Slot
from backend.core.exceptions import ApplicationError, ConflictError
from placements.models import Application, Notification
from tests.fixtures.races import at_once, told

pytestmark = pytest.mark.django_db


def _events(body: bytes) -> list:
    return list(Calendar.from_ical(body).walk("VEVENT"))


@pytest.fixture
def booked(slots, graduate):
    return services.slot_book(slot=slots[0], graduate=graduate, by=graduate.user)


def test_the_graduate_cancels_the_slot_is_free_and_the_move_is_logged(booked, graduate, employer_user):
    app = services.slot_cancel(slot=booked, by=graduate.user)

    assert app.state == Application.State.APPLIED
    slot = Slot.objects.get(pk=booked.pk)
    assert (slot.graduate_id, slot.application_id, slot.booked_by_id, slot.booked_at) == (
        None,
        None,
        None,
        None,
    )
    steps = list(app.transitions.values_list("transition", "from_state", "to_state", "actor"))
    assert steps[-1] == ("cancel_interview", "interview", "applied", graduate.user.pk)
    assert "annulé par Inès Dupont" in app.transitions.last().note
    told_employer = Notification.objects.filter(user=employer_user, kind=Notification.Kind.INTERVIEW).last()
    assert told_employer.subject == "Entretien annulé : Inès Dupont — Développeur·se web (H/F)"
    assert "La candidature reste ouverte" in told_employer.body
    # Nothing to tell the graduate: she made the move.
    assert not Notification.objects.filter(
        user=graduate.user, subject__startswith="Entretien annulé"
    ).exists()


def test_the_employer_or_an_officer_cancels_and_the_graduate_is_told(slots, graduate, employer_user, officer):
    for slot, by in ((slots[0], employer_user), (slots[1], officer)):
        booked = services.slot_book(slot=slot, graduate=graduate, by=graduate.user)
        app = services.slot_cancel(slot=booked, by=by)
        assert app.state == Application.State.APPLIED
        assert Slot.objects.get(pk=slot.pk).is_free
        assert app.transitions.last().actor == by
    subjects = list(
        Notification.objects.filter(user=graduate.user, subject__startswith="Entretien annulé").values_list(
            "subject", flat=True
        )
    )
    assert subjects == ["Entretien annulé pour « Développeur·se web (H/F) »"] * 2


def test_outsiders_cannot_cancel_and_nothing_moves(
    booked, other_graduate, other_employer_user, colleague_user, trainer
):
    for outsider in (other_graduate.user, other_employer_user, trainer):
        with pytest.raises(ApplicationError) as caught:
            services.slot_cancel(slot=booked, by=outsider)
        assert caught.value.status_code in (403, 404), outsider.email
    assert Slot.objects.get(pk=booked.pk).graduate_id == booked.graduate_id
    assert Application.objects.get(pk=booked.application_id).state == Application.State.INTERVIEW
    # A colleague of the slot's employer may.
    assert services.slot_cancel(slot=booked, by=colleague_user).state == Application.State.APPLIED


def test_a_free_slot_or_a_past_interview_is_not_cancelled(slots, booked, graduate):
    with pytest.raises(ConflictError, match="n'est pas réservé"):
        services.slot_cancel(slot=slots[1], by=graduate.user)
    past = timezone.now() - timedelta(hours=1)
    Slot.objects.filter(pk=booked.pk).update(starts_at=past, ends_at=past + timedelta(minutes=20))
    Application.objects.filter(pk=booked.application_id).update(interview_at=past)
    with pytest.raises(ConflictError, match="a déjà eu lieu"):
        services.slot_cancel(slot=booked, by=graduate.user)
    assert Application.objects.get(pk=booked.application_id).state == Application.State.INTERVIEW


def test_the_cancelled_interview_stays_in_both_feeds_as_cancelled_and_a_new_booking_follows(
    booked, slots, graduate, employer_user
):
    app_id = booked.application_id
    tokens = [services.calendar_feed_create(user=u) for u in (graduate.user, employer_user)]
    services.slot_cancel(slot=booked, by=graduate.user)

    for token in tokens:
        (event,) = _events(Client().get(reverse("agenda:feed", kwargs={"token": token})).content)
        assert str(event["uid"]) == f"entretien-{app_id}@tremplin"
        assert str(event["status"]) == "CANCELLED"
        assert event.decoded("sequence") == 1
        assert str(event["summary"]).startswith("Annulé : ")
    for user in (graduate.user, employer_user):
        single = Client()
        single.force_login(user)
        (event,) = _events(single.get(reverse("agenda:interview_ics", kwargs={"pk": app_id})).content)
        assert (str(event["status"]), event.decoded("sequence")) == ("CANCELLED", 1)

    # Booked again (the candidacy is « envoyée »): the same event comes back, confirmed, SEQUENCE 2.
    services.slot_book(slot=slots[2], graduate=graduate, by=graduate.user)
    (event,) = _events(Client().get(reverse("agenda:feed", kwargs={"token": tokens[0]})).content)
    assert str(event["uid"]) == f"entretien-{app_id}@tremplin"
    assert (str(event["status"]), event.decoded("sequence")) == ("CONFIRMED", 2)
    assert event.decoded("dtstart") == slots[2].starts_at


def test_the_candidacy_page_offers_the_cancellation_to_the_graduate(
    booked, graduate, employer_user, client_for
):
    client = client_for(graduate.user)
    page = client.get(reverse("placements:application_detail", kwargs={"pk": booked.application_id}))
    assert "Annuler l&#x27;entretien" in page.content.decode()
    answer = client.post(
        reverse("placements:application_action", kwargs={"pk": booked.application_id}),
        {"transition": "cancel_interview"},
    )
    assert answer.status_code == 302
    assert Application.objects.get(pk=booked.application_id).state == Application.State.APPLIED
    assert Slot.objects.get(pk=booked.pk).is_free


def test_the_event_page_buttons_by_role(
    booked, event, graduate, other_graduate, employer_user, officer, client_for
):
    url = reverse("agenda:event_detail", kwargs={"pk": event.pk})
    cancel = reverse("agenda:slot_cancel", kwargs={"pk": event.pk})
    for user in (graduate.user, employer_user, officer):
        assert cancel in client_for(user).get(url).content.decode(), user.email
    assert cancel not in client_for(other_graduate.user).get(url).content.decode()

    # Another graduate posting her slot is refused with a French message, nothing moves.
    client = client_for(other_graduate.user)
    answer = client.post(cancel, {"slot": booked.pk}, follow=True)
    assert "rien à annuler" in answer.content.decode()
    assert not Slot.objects.get(pk=booked.pk).is_free

    answer = client_for(employer_user).post(cancel, {"slot": booked.pk}, follow=True)
    assert "annulé : le créneau est de nouveau libre" in answer.content.decode()
    assert Slot.objects.get(pk=booked.pk).is_free


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_and_a_booking_of_the_same_slot_at_once_leave_one_consistent_result(
    slots, graduate, other_graduate
):
    booked = services.slot_book(slot=slots[0], graduate=graduate, by=graduate.user)

    def work(who):
        if who == "cancel":
            return services.slot_cancel(slot=booked, by=graduate.user)
        return services.slot_book(slot=slots[0], graduate=other_graduate, by=other_graduate.user)

    results = at_once(work, ["cancel", "book"])

    cancelled = told(results[0], done="cancelled")
    assert cancelled == "cancelled"
    booking = told(results[1], done="booked")
    slot = Slot.objects.get(pk=slots[0].pk)
    assert Application.objects.get(graduate=graduate).state == Application.State.APPLIED
    if booking == "booked":  # the booking came after the cancellation: the other graduate has it
        assert slot.graduate_id == other_graduate.pk
        assert Application.objects.get(graduate=other_graduate).state == Application.State.INTERVIEW
    else:  # it came first and was refused: the slot is free, nothing of hers kept
        assert booking == "Ce créneau vient d'être réservé : choisissez-en un autre."
        assert slot.is_free
        assert not Application.objects.filter(graduate=other_graduate).exists()


# ---------------------------------------------------------------- API


def test_the_api_cancels_by_role(booked, api_client_for, graduate, other_graduate, employer_user, trainer):
    url = f"/api/v1/agenda/slots/{booked.pk}/cancel/"
    assert api_client_for().post(url).status_code == 401
    assert api_client_for(trainer).post(url).status_code == 403
    # Another graduate does not see the booked slot at all.
    assert api_client_for(other_graduate.user).post(url).status_code == 404
    answer = api_client_for(graduate.user).post(url)
    assert answer.status_code == 200, answer.json()
    assert Slot.objects.get(pk=booked.pk).is_free
    again = api_client_for(employer_user).post(url)
    assert again.status_code == 409
    assert again.json()["message"] == "Ce créneau n'est pas réservé : il n'y a pas d'entretien à annuler."
    app = Application.objects.get(graduate=graduate)
    assert app.state == Application.State.APPLIED
    assert app.transitions.filter(transition="cancel_interview").count() == 1
