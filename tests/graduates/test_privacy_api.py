"""The right to erasure through the API (issue #10): the graduate asks, sees and cancels her request;
an officer lists, confirms (the erasure happens) or declines; nobody else reaches either side."""

import pytest

from backend.accounts.models import User
from graduates.models import ErasureRequest, Graduate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MINE = "/api/v1/graduates/me/erasure/"
QUEUE = "/api/v1/erasure-requests/"


def test_she_asks_sees_and_cancels_her_request(api_client_for, graduate):
    client = api_client_for(graduate.user)
    assert client.get(MINE).json() == {"pending": None}

    unticked = client.post(MINE, {"confirm": False}, format="json")
    assert unticked.status_code == 400 and "Cochez la case" in unticked.json()["message"]
    assert not ErasureRequest.objects.exists()

    asked = client.post(MINE, {"confirm": True, "reason": "Je change de région."}, format="json")
    assert asked.status_code == 201, asked.json()
    assert asked.json()["status"] == "pending" and asked.json()["reason"] == "Je change de région."
    assert client.get(MINE).json()["pending"]["id"] == asked.json()["id"]
    twice = client.post(MINE, {"confirm": True}, format="json")
    assert twice.status_code == 400 and "déjà enregistrée" in twice.json()["message"]

    assert client.delete(MINE).json() == {"pending": None}
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.CANCELLED


def test_an_officer_confirms_and_the_person_is_erased(api_client_for, graduate, officer):
    api_client_for(graduate.user).post(MINE, {"confirm": True}, format="json")
    user_id = graduate.user_id
    school = api_client_for(officer)

    queue = school.get(QUEUE).json()
    assert [(row["graduate"], row["status"]) for row in queue] == [(graduate.pk, "pending")]
    assert queue[0]["graduate_name"] == "Inès Dupont"

    done = school.post(f"{QUEUE}{queue[0]['id']}/confirm/")

    assert done.status_code == 200, done.json()
    assert not User.objects.filter(pk=user_id).exists()
    erased = Graduate.objects.get(pk=graduate.pk)
    assert "Inès" not in (erased.first_name, erased.last_name) and erased.email != "ines@example.fr"
    assert school.get(QUEUE).json() == []
    again = school.post(f"{QUEUE}{queue[0]['id']}/confirm/")
    assert again.status_code == 400 and "déjà été traitée" in again.json()["message"]


def test_an_officer_declines_and_nothing_is_erased(api_client_for, graduate, officer):
    asked = api_client_for(graduate.user).post(MINE, {"confirm": True}, format="json").json()

    declined = api_client_for(officer).post(f"{QUEUE}{asked['id']}/decline/")

    assert declined.status_code == 200 and declined.json()["status"] == "cancelled"
    assert User.objects.filter(pk=graduate.user_id).exists()


def test_nobody_else_reaches_either_side(api_client_for, graduate, employer_user):
    asked = api_client_for(graduate.user).post(MINE, {"confirm": True}, format="json").json()
    trainer = UserFactory(role=User.Role.TRAINER)
    for user in (employer_user, trainer, UserFactory(role=User.Role.GRADUATE)):
        client = api_client_for(user)
        assert client.get(QUEUE).status_code == 403
        assert client.post(f"{QUEUE}{asked['id']}/confirm/").status_code == 403
        assert client.post(f"{QUEUE}{asked['id']}/decline/").status_code == 403
    # A graduate without a profile, and an employer, have no request of their own to see.
    assert api_client_for(employer_user).get(MINE).status_code == 403
    assert api_client_for(None).get(MINE).status_code == 401
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.PENDING


def test_erasure_forgets_the_api_answers_kept_for_replays_that_name_her(api_client_for, graduate, officer):
    from backend.accounts.models import SubmissionKey

    employer_user = UserFactory(role=User.Role.EMPLOYER)
    naming = SubmissionKey.objects.create(
        user=employer_user,
        scope="api:application.create",
        key="k1",
        request_hash="x",
        status_code=201,
        response={"id": 1, "graduate": {"name": "Inès Dupont", "email": "ines@example.fr"}},
    )
    other = SubmissionKey.objects.create(
        user=employer_user,
        scope="api:offer.create",
        key="k2",
        request_hash="y",
        status_code=201,
        response={"id": 2, "title": "Technicien·ne support"},
    )
    asked = api_client_for(graduate.user).post(MINE, {"confirm": True}, format="json").json()

    done = api_client_for(officer).post(f"{QUEUE}{asked['id']}/confirm/").json()

    assert done["erased"]["api_replays"] == 1
    assert not SubmissionKey.objects.filter(pk=naming.pk).exists()
    assert SubmissionKey.objects.filter(pk=other.pk).exists()
