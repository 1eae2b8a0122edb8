"""The admissions API: officers only (anonymous 401, other roles 403), the list with its filter, one move
through the same state machine (its refusals as the usual {"message", "extra"}), the sessions' seats."""

import pytest
from django.urls import reverse

from admissions import services
from admissions.models import Application, ApplicationTransition
from backend.accounts.models import User
from tests.factories import UserFactory

from .conftest import submit

pytestmark = pytest.mark.django_db


def test_only_officers_reach_the_api(api_client_for, officer, trainer):
    for name in ("api-admissions", "api-admission-sessions"):
        url = reverse(name)
        assert api_client_for().get(url).status_code == 401
        assert api_client_for(trainer).get(url).status_code == 403
        assert api_client_for(UserFactory(role=User.Role.EMPLOYER)).get(url).status_code == 403
        assert api_client_for(officer).get(url).status_code == 200


def test_the_list_carries_the_application_and_filters_by_state(api_client_for, officer, session):
    application, _token = submit()
    services.session_book(application=application, session=session)
    other, _token = submit(email="x@example.fr")
    services.application_transition(application=other, transition="attend", by=officer)
    data = api_client_for(officer).get(reverse("api-admissions"), {"state": "submitted"}).json()
    assert [row["id"] for row in data["results"]] == [application.pk]
    row = data["results"][0]
    assert (row["state"], row["state_label"], row["commune"]["insee"]) == ("submitted", "Envoyée", "62510")
    assert row["session"]["id"] == session.pk and row["qpv_declared"] is True


def test_a_move_through_the_api_is_logged_and_a_refusal_without_message_is_a_400(api_client_for, officer):
    application, _token = submit()
    api = api_client_for(officer)
    url = reverse("api-admission-transition", kwargs={"pk": application.pk})
    refused = api.post(url, {"transition": "refuse", "reason": ""}, format="json")
    assert refused.status_code == 400 and refused.json()["extra"]["field"] == "reason"
    moved = api.post(url, {"transition": "attend"}, format="json")
    assert moved.status_code == 200 and moved.json()["state"] == "attended"
    again = api.post(url, {"transition": "attend"}, format="json")
    assert again.status_code == 409
    assert (
        ApplicationTransition.objects.filter(application=application).exclude(transition="confirm").count()
        == 1
    )
    assert (
        api.post(
            reverse("api-admission-transition", kwargs={"pk": 999999}), {"transition": "attend"}
        ).status_code
        == 404
    )
    assert Application.objects.get(pk=application.pk).state == "attended"


def test_sessions_say_how_many_seats_are_left(api_client_for, officer, session):
    application, _token = submit()
    services.session_book(application=application, session=session)
    (row,) = api_client_for(officer).get(reverse("api-admission-sessions")).json()["results"]
    assert (row["id"], row["seats"], row["taken"], row["seats_left"]) == (session.pk, 2, 1, 1)
