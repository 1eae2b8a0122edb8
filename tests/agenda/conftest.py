"""What the agenda's tests share: a job dating ten days ahead at 9:00, a partner registered to it with
its offer, and three 20-minute slots it opened — all made through the agenda's services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agenda import services
from agenda.models import Event


def event_start():
    """Ten days ahead at 9:00, local time of the server."""
    return (timezone.now() + timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)


@pytest.fixture
def event(officer):
    start = event_start()
    return services.event_create(
        by=officer,
        title="Job dating du numérique",
        kind=Event.Kind.JOB_DATING,
        place="École, 12 rue Arago, Lens",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )


@pytest.fixture
def registration(event, employer_user, offer):
    return services.event_register(event=event, by=employer_user, offers=[offer])


@pytest.fixture
def slots(registration, employer_user, offer, event):
    return services.slots_open(
        registration=registration,
        by=employer_user,
        offer=offer,
        first_at=event.starts_at,
        count=3,
        minutes=20,
    )
