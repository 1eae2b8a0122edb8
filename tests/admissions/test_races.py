"""Two candidates taking the last seat of a session at the same moment: one gets it, the other is told
the session is full and keeps nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from admissions import services
from admissions.models import Application, SessionBooking
from tests.fixtures.races import at_once, told

from .conftest import submit


@pytest.mark.django_db(transaction=True)
def test_two_candidates_taking_the_last_seat_at_once_one_gets_it(officer):
    start = timezone.now() + timedelta(days=2)
    session = services.session_create(
        by=officer, starts_at=start, ends_at=start + timedelta(hours=2), place="Lens", seats=1
    )
    first, _t = submit(email="a@example.fr")
    second, _t = submit(email="b@example.fr")

    results = at_once(lambda a: services.session_book(application=a, session=session), [first, second])

    outcome = [told(r, done="booked") for r in results]
    assert sorted(outcome) == ["Cette réunion est complète : choisissez-en une autre.", "booked"]
    winner = (first, second)[outcome.index("booked")].pk
    assert list(SessionBooking.objects.values_list("application_id", flat=True)) == [winner]


@pytest.mark.django_db(transaction=True)
def test_two_forms_sent_at_once_with_one_address_make_one_application():
    outcome = at_once(lambda e: submit(confirm=False, email=e)[0].pk, ["lea@example.fr", " Lea@Example.FR"])

    # Both requests answered, about the same application: the index made the second one reach the first.
    (application,) = Application.objects.all()
    assert outcome == [application.pk, application.pk] and application.state == "pending"
