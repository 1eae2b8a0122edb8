"""The demo's job dating is seeded through the agenda's services: slots opened by the partners, some
booked (candidacies at « entretien », logged), free ones left for the demo graduate to book."""

import pytest

from agenda.models import Event, Slot
from demo import data
from demo.agenda import EVENT_TITLE
from demo.seed import demo_reset, seed_demo
from placements.models import Application


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        report = seed_demo(progress=lambda _message: None)
        yield report
        demo_reset(progress=lambda _message: None)
        assert not Event.objects.filter(title=EVENT_TITLE).exists()


def test_the_job_dating_has_partners_slots_bookings_and_free_slots(demo, db):
    event = Event.objects.get(title=EVENT_TITLE)
    assert event.kind == Event.Kind.JOB_DATING and not event.is_past()
    slots = list(Slot.objects.filter(registration__event=event).select_related("application"))
    employers = {s.registration.employer.contacts.first().user.email for s in slots}
    assert data.EMPLOYER_EMAIL in employers
    booked = [s for s in slots if s.graduate_id]
    assert len(slots) >= 8 and 1 <= len(booked) < len(slots)
    for slot in booked:
        assert slot.application.state == Application.State.INTERVIEW
        assert slot.application.interview_at == slot.starts_at
        last = slot.application.transitions.order_by("-pk").first()
        assert last.transition == "schedule_interview"
        assert last.note.startswith("Créneau réservé au Job dating du numérique")
        assert slot.graduate.user.email != data.GRADUATE_EMAIL
    assert all(s.starts_at >= event.starts_at and s.ends_at <= event.ends_at for s in slots)
