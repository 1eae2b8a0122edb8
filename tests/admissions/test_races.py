"""Two candidates taking the last seat of a session at the same moment: one gets it, the other is told
the session is full and keeps nothing."""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from admissions import services
from admissions.models import Application, SessionBooking
from backend.core.exceptions import ConflictError

from .conftest import submit


@pytest.mark.django_db(transaction=True)
def test_two_candidates_taking_the_last_seat_at_once_one_gets_it(officer):
    start = timezone.now() + timedelta(days=2)
    session = services.session_create(
        by=officer, starts_at=start, ends_at=start + timedelta(hours=2), place="Lens", seats=1
    )
    first, _t = submit(email="a@example.fr")
    second, _t = submit(email="b@example.fr")
    barrier = threading.Barrier(2)
    outcome = {}

    def book(application):
        try:
            barrier.wait(timeout=10)
            services.session_book(application=application, session=session)
            outcome[application.pk] = "booked"
        except ConflictError as exc:
            outcome[application.pk] = exc.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(a,)) for a in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(outcome.values()) == ["Cette réunion est complète : choisissez-en une autre.", "booked"]
    winner = next(pk for pk, v in outcome.items() if v == "booked")
    assert list(SessionBooking.objects.values_list("application_id", flat=True)) == [winner]


@pytest.mark.django_db(transaction=True)
def test_two_forms_sent_at_once_with_one_address_make_one_application():
    barrier = threading.Barrier(2)
    outcome = []

    def send(email):
        try:
            barrier.wait(timeout=10)
            application, _token = submit(confirm=False, email=email)
            outcome.append(application.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(e,)) for e in ("lea@example.fr", " Lea@Example.FR")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    # Both requests answered, about the same application: the index made the second one reach the first.
    (application,) = Application.objects.all()
    assert outcome == [application.pk, application.pk] and application.state == "pending"
