"""The agenda's API (/api/v1/agenda/…): the same services as the pages, so the same rules; each endpoint
by role (allowed and refused), the booking race, an idempotent replay, and a booking that moves the
candidacy to « entretien » and shows in the graduate's calendar feed."""

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from agenda import services
from agenda.models import Event, EventRegistration, Slot
from backend.core.models import AuditLog
from placements.models import Application
from tests.agenda.conftest import event_start
from tests.fixtures.races import at_once

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/agenda/events/"


def _event_body(**overrides):
    start = event_start()
    body = {
        "title": "Atelier CV et entretien",
        "kind": "workshop",
        "place": "Médiathèque de Liévin",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
    }
    body.update(overrides)
    return body


# ---------------------------------------------------------------- events


def test_only_the_school_creates_an_event_and_errors_are_french(
    api_client_for, officer, employer_user, graduate, trainer
):
    assert api_client_for().post(EVENTS, _event_body(), format="json").status_code == 401
    for user in (employer_user, graduate.user, trainer):
        answer = api_client_for(user).post(EVENTS, _event_body(), format="json")
        assert answer.status_code == 403, (user.role, answer.json())
        assert answer.json()["message"]
    school = api_client_for(officer)
    start = event_start()
    wrong = school.post(EVENTS, _event_body(ends_at=start.isoformat()), format="json")
    assert wrong.status_code == 400
    assert wrong.json() == {
        "message": "L'événement doit finir après son début.",
        "extra": {"field": "ends_at"},
    }
    far = school.post(EVENTS, _event_body(ends_at="9999-12-31T23:59:59+14:00"), format="json")
    assert far.status_code == 400
    assert far.json()["extra"]["fields"] == {"ends_at": ["Indiquez une date entre 2000 et 2100."]}
    assert not Event.objects.exists()

    made = school.post(EVENTS, _event_body(), format="json")

    assert made.status_code == 201, made.json()
    assert made.json()["kind_label"] == "Atelier" and made.json()["past"] is False
    assert Event.objects.get().created_by == officer


def test_who_sees_which_events(
    api_client_for, event, officer, employer_user, other_employer_user, graduate, trainer
):
    past = Event.objects.create(
        title="Visite passée",
        kind="company_visit",
        place="Arras",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=2),
    )
    EventRegistration.objects.create(event=past, employer=employer_user.employer_contact.employer)

    def ids(user):
        answer = api_client_for(user).get(EVENTS)
        assert answer.status_code == 200
        return {row["id"] for row in answer.json()["results"]}

    assert ids(officer) == {event.pk, past.pk}
    assert ids(employer_user) == {event.pk, past.pk}  # to come, and the past one it came to
    assert ids(other_employer_user) == {event.pk}
    assert api_client_for(employer_user).get(f"{EVENTS}{past.pk}/").status_code == 200  # it came
    assert api_client_for(other_employer_user).get(f"{EVENTS}{past.pk}/").status_code == 404
    assert ids(graduate.user) == {event.pk}
    assert api_client_for(graduate.user).get(f"{EVENTS}{past.pk}/").status_code == 404
    assert api_client_for(trainer).get(EVENTS).status_code == 403
    assert api_client_for().get(EVENTS).status_code == 401


def test_the_school_changes_an_event_and_its_hours_keep_the_open_slots(
    api_client_for, event, slots, officer, employer_user
):
    url = f"{EVENTS}{event.pk}/"
    assert api_client_for(employer_user).patch(url, {"place": "Ailleurs"}, format="json").status_code == 403
    school = api_client_for(officer)

    narrowed = school.patch(
        url, {"starts_at": (event.starts_at + timedelta(minutes=30)).isoformat()}, format="json"
    )

    assert narrowed.status_code == 400
    assert narrowed.json()["message"].startswith("Des créneaux d'entretien sont ouverts hors de ces horaires")
    assert sorted(narrowed.json()["extra"]["slot_ids"]) == sorted(s.pk for s in slots[:2])

    moved = school.patch(
        url, {"place": "Salle des fêtes de Lens", "title": "Job dating de printemps"}, format="json"
    )

    assert moved.status_code == 200, moved.json()
    event.refresh_from_db()
    assert (event.place, event.title) == ("Salle des fêtes de Lens", "Job dating de printemps")
    assert AuditLog.objects.filter(action="event.update", target_id=str(event.pk)).exists()


# ---------------------------------------------------------------- employers


def test_an_employer_registers_with_its_own_published_offers_only(
    api_client_for, event, employer_user, offer, other_offer, graduate, officer
):
    url = f"{EVENTS}{event.pk}/registration/"
    client = api_client_for(employer_user)
    assert client.post(url, {"offers": [other_offer.pk]}, format="json").json()["message"] == (
        "Choisissez parmi vos offres publiées."
    )
    assert client.post(url, {"offers": [999999]}, format="json").status_code == 400
    for user in (graduate.user, officer):
        assert api_client_for(user).post(url, {"offers": []}, format="json").status_code == 403

    first = client.post(url, {"offers": [offer.pk]}, format="json")
    again = client.post(url, {"offers": []}, format="json")

    assert first.status_code == 201 and first.json()["offers"] == [offer.pk]
    assert again.status_code == 200 and again.json()["offers"] == []
    assert EventRegistration.objects.count() == 1


def test_an_employer_opens_and_withdraws_its_own_slots_only(
    api_client_for, event, registration, employer_user, other_employer_user, offer, graduate, officer
):
    url = f"{EVENTS}{event.pk}/slots/"
    body = {"offer": offer.pk, "first_at": event.starts_at.isoformat(), "count": 2, "minutes": 30}
    assert api_client_for(other_employer_user).post(url, body, format="json").json()["message"] == (
        "Inscrivez d'abord votre entreprise à cet événement."
    )
    assert api_client_for(graduate.user).post(url, body, format="json").status_code == 403
    late = {**body, "first_at": (event.ends_at - timedelta(minutes=30)).isoformat()}
    assert (
        api_client_for(employer_user)
        .post(url, late, format="json")
        .json()["message"]
        .startswith("Les créneaux doivent tenir dans les horaires de l'événement")
    )

    opened = api_client_for(employer_user).post(url, body, format="json")

    assert opened.status_code == 201, opened.json()
    assert [row["free"] for row in opened.json()] == [True, True]
    twice = api_client_for(employer_user).post(url, body, format="json")
    assert twice.status_code == 409
    first, second = (row["id"] for row in opened.json())
    # The other employer does not see them, nor withdraw them; the owner does.
    assert api_client_for(other_employer_user).get(url).json() == []
    assert api_client_for(other_employer_user).delete(f"/api/v1/agenda/slots/{first}/").status_code == 404
    assert api_client_for(officer).delete(f"/api/v1/agenda/slots/{first}/").status_code == 403
    assert api_client_for(employer_user).delete(f"/api/v1/agenda/slots/{first}/").status_code == 204
    assert list(Slot.objects.values_list("pk", flat=True)) == [second]
    assert AuditLog.objects.filter(action="slot.close", target_id=str(first)).exists()


def test_a_booked_slot_is_not_withdrawn(api_client_for, slots, graduate, employer_user):
    services.slot_book(slot=slots[0], graduate=graduate, by=graduate.user)
    answer = api_client_for(employer_user).delete(f"/api/v1/agenda/slots/{slots[0].pk}/")
    assert answer.status_code == 409
    assert "réservé" in answer.json()["message"]
    assert Slot.objects.filter(pk=slots[0].pk, graduate=graduate).exists()


# ---------------------------------------------------------------- bookings


def test_a_graduate_books_through_the_api_the_candidacy_moves_and_the_feed_shows_it(
    api_client_for, event, slots, graduate, employer_user
):
    token = services.calendar_feed_create(user=graduate.user)
    client = api_client_for(graduate.user)
    visible = client.get(f"{EVENTS}{event.pk}/slots/").json()
    assert [row["id"] for row in visible] == [s.pk for s in slots]

    booked = client.post(f"/api/v1/agenda/slots/{slots[1].pk}/book/", {}, format="json")

    assert booked.status_code == 201, booked.json()
    app = Application.objects.get(graduate=graduate)
    assert app.state == Application.State.INTERVIEW and app.interview_at == slots[1].starts_at
    assert list(app.transitions.values_list("transition", flat=True)) == ["start", "schedule_interview"]
    answer = booked.json()
    assert answer["application"] == app.pk and answer["graduate_name"] == graduate.full_name
    assert answer["ics_url"].endswith(f"/agenda/entretiens/{app.pk}.ics")
    # The .ics the answer links to, and the personal feed, carry the interview.
    ics = Client()
    ics.force_login(graduate.user)
    single = Calendar.from_ical(ics.get(f"/agenda/entretiens/{app.pk}.ics").content)
    feed = Calendar.from_ical(Client().get(f"/agenda/flux/{token}.ics").content)
    for calendar in (single, feed):
        (vevent,) = list(calendar.walk("VEVENT"))
        assert vevent.decoded("DTSTART") == slots[1].starts_at
        assert "Job dating du numérique" in str(vevent["LOCATION"])
    # The employer sees who booked its slot; the graduate's list keeps her own, the booked one is gone
    # from everyone else's.
    mine = {row["id"]: row for row in api_client_for(employer_user).get(f"{EVENTS}{event.pk}/slots/").json()}
    assert mine[slots[1].pk]["graduate_name"] == graduate.full_name


def test_another_graduate_never_reads_who_booked(api_client_for, event, slots, graduate, other_graduate):
    services.slot_book(slot=slots[0], graduate=graduate, by=graduate.user)
    rows = api_client_for(other_graduate.user).get(f"{EVENTS}{event.pk}/slots/").json()
    assert slots[0].pk not in [row["id"] for row in rows]
    again = api_client_for(other_graduate.user).post(
        f"/api/v1/agenda/slots/{slots[0].pk}/book/", {}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["message"] == "Ce créneau vient d'être réservé : choisissez-en un autre."
    assert "graduate" not in str(again.json()["extra"])


def test_an_officer_books_for_a_graduate_others_may_not(
    api_client_for, slots, graduate, other_graduate, officer, employer_user, trainer
):
    url = f"/api/v1/agenda/slots/{slots[0].pk}/book/"
    assert api_client_for(officer).post(url, {}, format="json").json()["extra"] == {"field": "graduate"}
    assert (
        api_client_for(employer_user).post(url, {"graduate": graduate.pk}, format="json").status_code == 403
    )
    assert api_client_for(trainer).post(url, {"graduate": graduate.pk}, format="json").status_code == 403
    refused = api_client_for(other_graduate.user).post(url, {"graduate": graduate.pk}, format="json")
    assert refused.status_code == 403
    assert not Application.objects.exists()

    booked = api_client_for(officer).post(url, {"graduate": graduate.pk}, format="json")

    assert booked.status_code == 201, booked.json()
    slot = Slot.objects.get(pk=slots[0].pk)
    assert (slot.graduate, slot.booked_by) == (graduate, officer)
    assert slot.application.state == Application.State.INTERVIEW


def test_a_retried_booking_with_the_same_key_books_once_and_answers_the_same(api_client_for, slots, graduate):
    client = api_client_for(graduate.user)
    key = str(uuid.uuid4())
    url = f"/api/v1/agenda/slots/{slots[0].pk}/book/"

    first = client.post(url, {}, format="json", headers={"Idempotency-Key": key})
    again = client.post(url, {}, format="json", headers={"Idempotency-Key": key})

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Application.objects.get().transitions.count() == 2  # start, schedule_interview: once
    # Without the key the same request is a new booking, refused: the slot is hers already.
    assert client.post(url, {}, format="json").status_code == 409


def test_a_retried_event_creation_with_the_same_key_makes_one_event(api_client_for, officer):
    client = api_client_for(officer)
    key = str(uuid.uuid4())
    first = client.post(EVENTS, _event_body(), format="json", headers={"Idempotency-Key": key})
    again = client.post(EVENTS, _event_body(), format="json", headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201 and again.json() == first.json()
    assert Event.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_graduates_booking_the_same_slot_through_the_api_one_gets_it(
    api_client_for, slots, graduate, other_graduate
):
    people = [graduate, other_graduate]
    url = f"/api/v1/agenda/slots/{slots[0].pk}/book/"

    answers = at_once(lambda person: api_client_for(person.user).post(url, {}, format="json"), people)

    assert sorted(a.status_code for a in answers) == [201, 409]
    loser = people[[a.status_code for a in answers].index(409)]
    assert (
        answers[people.index(loser)].json()["message"]
        == "Ce créneau vient d'être réservé : choisissez-en un autre."
    )
    winner = people[1 - people.index(loser)]
    assert Slot.objects.get(pk=slots[0].pk).graduate_id == winner.pk
    assert not Application.objects.filter(graduate=loser).exists()
    assert Application.objects.get(graduate=winner).state == Application.State.INTERVIEW
