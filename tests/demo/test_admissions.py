"""The demo's admissions are seeded through the admissions services: candidates of eligible communes,
bookings within the seats, decisions with a message, and the reset removes them."""

import pytest

from admissions.eligibility import eligible_communes
from admissions.models import Application, InformationSession
from demo.admissions import CANDIDATE_DOMAIN, SESSION_PLACE
from demo.seed import demo_reset, seed_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    messages = []
    with django_db_blocker.unblock():
        seed_demo(progress=messages.append)
        yield messages
        demo_reset(progress=lambda _message: None)
        assert not Application.objects.filter(email__endswith=CANDIDATE_DOMAIN).exists()
        assert not InformationSession.objects.filter(place=SESSION_PLACE).exists()


def test_the_candidates_live_in_the_agglomeration_and_fill_every_stage(demo, db, client):
    applications = list(Application.objects.filter(email__endswith=CANDIDATE_DOMAIN))
    assert len(applications) == 13
    # Twelve confirmed their address; one has not yet: the school's list shows her only under its filter.
    (pending,) = [a for a in applications if a.state == "pending"]
    assert not pending.transitions.exists() and not hasattr(pending, "booking")
    assert all(a.transitions.filter(transition="confirm").exists() for a in applications if a != pending)
    assert all(a.commune_id in eligible_communes() for a in applications)
    states = {a.state for a in applications}
    assert {"submitted", "admitted", "waitlisted"} <= states
    assert all(a.decision_reason for a in applications if a.state in ("admitted", "waitlisted"))
    for session in InformationSession.objects.filter(place=SESSION_PLACE):
        assert 0 < session.bookings.count() <= session.seats
    # The printed private link opens the first candidate's page, with sessions to book.
    line = next(m for m in demo if "/candidater/suivi/" in m)
    page = client.get(line.split(" : ", 1)[1].strip())
    assert page.status_code == 200 and "Réserver une réunion" in page.content.decode()
