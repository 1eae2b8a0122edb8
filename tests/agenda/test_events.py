"""Job datings: the school creates an event, a partner employer registers with offers and opens slots,
a graduate (or an officer for them) books one — the candidacy moves to « entretien » through the state
machine, logged, with the slot's time and place — and nobody is booked twice."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agenda import services
from agenda.models import Event, Slot
from backend.core.exceptions import ApplicationError, ConflictError
from employers.models import Employer
from placements.models import Application
from tests.fixtures.races import at_once, told
from tests.placements.conftest import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_only_the_school_creates_events_and_dates_are_checked(officer, employer_user):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(ApplicationError) as caught:
        services.event_create(
            by=employer_user, title="X", kind="job_dating", place="Lens", starts_at=start, ends_at=start
        )
    assert caught.value.status_code == 403
    with pytest.raises(ApplicationError, match="L'événement doit finir après son début"):
        services.event_create(
            by=officer, title="X", kind="job_dating", place="Lens", starts_at=start, ends_at=start
        )
    assert not Event.objects.exists()


def test_an_employer_registers_with_its_published_offers_only(event, employer_user, offer, other_offer):
    with pytest.raises(ApplicationError, match="Choisissez parmi vos offres publiées"):
        services.event_register(event=event, by=employer_user, offers=[other_offer])
    registration = services.event_register(event=event, by=employer_user, offers=[offer])
    assert list(registration.offers.all()) == [offer]


def test_an_employer_not_yet_approved_cannot_register(event, employer, employer_user, offer):
    Employer.objects.filter(pk=employer.pk).update(status=Employer.Status.PENDING)
    with pytest.raises(ApplicationError) as caught:
        services.event_register(event=event, by=employer_user, offers=[offer])
    assert caught.value.status_code == 403


def test_slots_follow_each_other_inside_the_event_and_never_overlap(
    slots, registration, employer_user, offer, event
):
    assert [(s.starts_at - event.starts_at, s.ends_at - s.starts_at) for s in slots] == [
        (timedelta(minutes=0), timedelta(minutes=20)),
        (timedelta(minutes=20), timedelta(minutes=20)),
        (timedelta(minutes=40), timedelta(minutes=20)),
    ]
    with pytest.raises(ConflictError, match="déjà un créneau qui commence"):
        services.slots_open(
            registration=registration, by=employer_user, offer=offer, first_at=event.starts_at, count=1
        )
    with pytest.raises(ApplicationError, match="doivent tenir dans les horaires"):
        services.slots_open(
            registration=registration,
            by=employer_user,
            offer=offer,
            first_at=event.ends_at - timedelta(minutes=10),
            count=1,
        )
    assert Slot.objects.count() == 3


def test_a_graduate_books_a_slot_the_candidacy_moves_to_interview_logged(
    slots, graduate, event, employer_user
):
    booked = services.slot_book(slot=slots[1], graduate=graduate, by=graduate.user)
    app = booked.application
    app.refresh_from_db()
    assert app.state == Application.State.INTERVIEW
    assert app.interview_at == slots[1].starts_at
    assert app.interview_place == "Job dating du numérique — École, 12 rue Arago, Lens"
    steps = list(app.transitions.values_list("transition", "to_state", "actor"))
    assert steps == [
        ("start", "applied", graduate.user.pk),
        ("schedule_interview", "interview", employer_user.pk),
    ]
    assert "Créneau réservé au Job dating du numérique" in app.transitions.last().note


def test_an_officer_books_for_a_graduate_and_an_existing_application_is_used(slots, graduate, offer, officer):
    existing = ApplicationFactory(graduate=graduate, offer=offer)
    booked = services.slot_book(slot=slots[0], graduate=graduate, by=officer)
    assert booked.application_id == existing.pk
    assert booked.booked_by == officer
    existing.refresh_from_db()
    assert existing.state == Application.State.INTERVIEW


def test_a_graduate_cannot_book_for_someone_else(slots, graduate, other_graduate):
    with pytest.raises(ApplicationError) as caught:
        services.slot_book(slot=slots[0], graduate=other_graduate, by=graduate.user)
    assert caught.value.status_code == 403


def test_a_booked_slot_is_refused_to_the_next_one(slots, graduate, other_graduate, officer):
    services.slot_book(slot=slots[0], graduate=graduate, by=graduate.user)
    with pytest.raises(ConflictError, match="Ce créneau vient d'être réservé"):
        services.slot_book(slot=slots[0], graduate=other_graduate, by=officer)
    assert not Application.objects.filter(graduate=other_graduate).exists()


def test_the_database_refuses_a_graduate_in_two_slots_at_once(slots, registration, graduate, other_offer):
    services.slot_book(slot=slots[0], graduate=graduate, by=graduate.user)
    other = ApplicationFactory(graduate=graduate, offer=other_offer)
    twin = Slot.objects.create(
        registration=registration,
        offer=slots[0].offer,
        starts_at=slots[0].starts_at + timedelta(seconds=1),
        ends_at=slots[0].ends_at,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=twin.pk).update(
            graduate=graduate, application=other, booked_at=timezone.now(), starts_at=slots[0].starts_at
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slots[1].pk).update(graduate=graduate)  # a booker needs a candidacy and a date


@pytest.mark.django_db(transaction=True)
def test_two_graduates_booking_the_same_slot_at_once_one_gets_it(slots, graduate, other_graduate):
    people = [graduate, other_graduate]

    results = at_once(
        lambda person: services.slot_book(slot=slots[0], graduate=person, by=person.user), people
    )

    outcome = [told(r, done="booked") for r in results]
    assert sorted(outcome) == ["Ce créneau vient d'être réservé : choisissez-en un autre.", "booked"]
    winner = people[outcome.index("booked")].pk
    slot = Slot.objects.get(pk=slots[0].pk)
    assert slot.graduate_id == winner
    assert Application.objects.filter(state=Application.State.INTERVIEW).count() == 1
    loser = other_graduate if winner == graduate.pk else graduate
    assert not Application.objects.filter(graduate=loser).exists()


def test_the_pages_carry_the_journey_and_the_officer_sees_who_met_whom(
    event, registration, employer_user, offer, graduate, officer, client_for, other_employer_user
):
    employer = client_for(employer_user)
    page = employer.get(reverse("agenda:event_detail", kwargs={"pk": event.pk}))
    assert page.status_code == 200
    first = timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M")
    employer.post(
        reverse("agenda:slots_open", kwargs={"pk": event.pk}),
        {"offer": offer.pk, "first_at": first, "count": 2, "minutes": 30},
    )
    assert Slot.objects.filter(registration=registration).count() == 2
    assert (
        client_for(other_employer_user)
        .post(
            reverse("agenda:slots_open", kwargs={"pk": event.pk}),
            {"offer": offer.pk, "first_at": first, "count": 2, "minutes": 30},
        )
        .status_code
        == 302
    )
    assert Slot.objects.count() == 2

    phone = client_for(graduate.user)
    html = phone.get(reverse("agenda:event_detail", kwargs={"pk": event.pk})).content.decode()
    slot = Slot.objects.order_by("starts_at").last()
    assert f'name="slot" value="{slot.pk}"' in html
    phone.post(reverse("agenda:slot_book", kwargs={"pk": event.pk}), {"slot": slot.pk})
    slot.refresh_from_db()
    assert slot.graduate == graduate
    ics = phone.get(reverse("agenda:interview_ics", kwargs={"pk": slot.application_id}))
    (vevent,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert vevent.decoded("dtstart") == slot.starts_at
    assert "Job dating du numérique" in str(vevent["location"])

    board = client_for(officer).get(reverse("agenda:event_detail", kwargs={"pk": event.pk})).content.decode()
    assert "Inès Dupont" in board and "Entretien" in board
    assert Client().get(reverse("agenda:event_detail", kwargs={"pk": event.pk})).status_code == 302


def test_the_booking_message_gives_the_day_as_the_pages_do(slots, graduate, event, client_for):
    """The flash said « 17/12/2026 10:50 » while the pages say « jeudi 17 décembre 2026 »."""
    from django.contrib.messages import get_messages
    from django.utils import formats, translation

    slot = slots[1]
    response = client_for(graduate.user).post(
        reverse("agenda:slot_book", kwargs={"pk": event.pk}), {"slot": slot.pk}
    )
    (said,) = [str(m) for m in get_messages(response.wsgi_request)]
    local = timezone.localtime(slot.starts_at)
    with translation.override("fr"):
        day = formats.date_format(local, "l j F Y")
    assert day.split()[0] in {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}
    assert f"entretien le {day} à {local:%H:%M}." in said
    assert local.strftime("%d/%m/%Y") not in said
    page = (
        client_for(graduate.user)
        .get(reverse("agenda:event_detail", kwargs={"pk": event.pk}))
        .content.decode()
    )
    assert day in page  # the page says the day the same way


def test_after_the_event_the_school_sees_who_met_whom_and_the_hire_that_followed(
    slots, graduate, other_graduate, employer_user, officer, client_for, event
):
    hired = services.slot_book(slot=slots[0], graduate=graduate, by=graduate.user)
    met = services.slot_book(slot=slots[1], graduate=other_graduate, by=officer)
    from placements import services as placements_services

    placements_services.application_transition(
        application=hired.application, transition="hire", by=employer_user
    )
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=3),
    )

    from agenda.selectors import event_meetings

    event.refresh_from_db()
    rows = {
        (m.slot.graduate.full_name, m.state_label, m.hired, bool(m.placement_label))
        for m in event_meetings(event=event)
    }
    assert rows == {("Inès Dupont", "Embauché·e", True, True), ("Kylian Nowak", "Non retenue", False, False)}
    # The offer had one opening: filled, Kylian's candidacy was answered « poste déjà pourvu »
    met.application.refresh_from_db()
    assert (met.application.state, met.application.refusal_reason) == ("refused", "filled")
    page = client_for(officer).get(reverse("agenda:event_detail", kwargs={"pk": event.pk})).content.decode()
    assert "Embauché·e" in page and "Non retenue" in page and "Kylian Nowak" in page
    # A graduate no longer sees the past event; the employer that came still does
    assert (
        client_for(graduate.user).get(reverse("agenda:event_detail", kwargs={"pk": event.pk})).status_code
        == 404
    )
    assert (
        client_for(employer_user).get(reverse("agenda:event_detail", kwargs={"pk": event.pk})).status_code
        == 200
    )


def test_the_event_page_tells_a_graduate_which_free_slots_she_cannot_book_and_why(
    event, registration, employer_user, offer, other_offer, other_employer_user, graduate, client_for
):
    """Booked at 09:00 for the offer: its other slots and any other slot at 09:00 carry the reason
    instead of a « Réserver » button that would only answer with an error; a free slot keeps it."""
    first, second = services.slots_open(
        registration=registration,
        by=employer_user,
        offer=offer,
        first_at=event.starts_at,
        count=2,
        minutes=20,
    )
    other = services.event_register(event=event, by=other_employer_user, offers=[other_offer])
    same_time, later = services.slots_open(
        registration=other,
        by=other_employer_user,
        offer=other_offer,
        first_at=event.starts_at,
        count=2,
        minutes=20,
    )
    phone = client_for(graduate.user)
    url = reverse("agenda:event_detail", kwargs={"pk": event.pk})
    assert f'name="slot" value="{second.pk}"' in phone.get(url).content.decode()
    phone.post(reverse("agenda:slot_book", kwargs={"pk": event.pk}), {"slot": first.pk})

    html = phone.get(url).content.decode()
    assert f'name="slot" value="{second.pk}"' not in html
    assert "Vous avez déjà un entretien pour cette offre." in html
    assert f'name="slot" value="{same_time.pk}"' not in html
    assert "Vous avez déjà un entretien à cette heure." in html
    assert f'name="slot" value="{later.pk}"' in html


def test_a_refused_candidacy_shows_its_step_on_the_offers_free_slots(
    slots, event, offer, graduate, client_for
):
    ApplicationFactory(graduate=graduate, offer=offer, state=Application.State.REFUSED)
    html = (
        client_for(graduate.user)
        .get(reverse("agenda:event_detail", kwargs={"pk": event.pk}))
        .content.decode()
    )
    assert 'name="slot"' not in html
    assert "Votre candidature à cette offre est à l&#x27;étape" in html
    assert "« non retenue »." in html
