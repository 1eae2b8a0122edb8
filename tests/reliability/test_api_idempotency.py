"""A retried API creation creates one object (issue #10): the ``Idempotency-Key`` header.

The same key again gets the first answer back (status, body, ``Idempotent-Replayed: true``) and
creates nothing; simultaneous tries wait for the first and get its answer; the same key with another
request is a French 422; a refused request keeps nothing; keys belong to one account. Every creation
of the API (a POST documented with a 201) takes the header: a new one that does not fails here.
"""

import uuid

import pytest
from rest_framework.test import APIClient

from employers.models import Offer
from tests.factories import ContactFactory
from tests.fixtures.races import at_once

LENS = "62498"


def payload(**overrides) -> dict:
    data = {
        "title": "Technicien·ne support informatique (H/F)",
        "description": "Assistance aux utilisateurs, installation des postes sous Windows, sauvegardes.",
        "contract_type": "CDI",
        "salary_min": "24000",
        "salary_max": "28000",
        "salary_period": "year",
        "commune": LENS,
        "remote": "onsite",
    }
    data.update(overrides)
    return data


def post(client, key: str | None, data: dict):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post("/api/v1/employer/offers/", data, format="json", headers=headers)


@pytest.mark.django_db
def test_a_retried_offer_creation_makes_one_offer_and_answers_the_same(
    api_client_for, employer, employer_user
):
    client = api_client_for(employer_user)
    key = str(uuid.uuid4())

    first = post(client, key, payload())
    again = post(client, key, payload())

    assert first.status_code == again.status_code == 201, first.json()
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert list(Offer.objects.filter(employer=employer).values_list("pk", flat=True)) == [first.json()["id"]]
    # Without a key, or with a new one, a second offer is made on purpose.
    assert post(client, None, payload()).status_code == 201
    assert post(client, str(uuid.uuid4()), payload()).status_code == 201
    assert Offer.objects.filter(employer=employer).count() == 3


@pytest.mark.django_db
def test_the_same_key_with_another_request_is_a_french_422(api_client_for, employer, employer_user):
    client = api_client_for(employer_user)
    key = str(uuid.uuid4())
    assert post(client, key, payload()).status_code == 201

    other = post(client, key, payload(title="Développeur·se web (H/F)"))

    assert other.status_code == 422
    assert "déjà servi pour une autre requête" in other.json()["message"]
    assert Offer.objects.filter(employer=employer).count() == 1


@pytest.mark.django_db
def test_a_refused_creation_keeps_nothing_and_the_key_serves_once_corrected(
    api_client_for, employer, employer_user
):
    client = api_client_for(employer_user)
    key = str(uuid.uuid4())

    refused = post(client, key, payload(salary_min="40000"))
    assert refused.status_code == 400 and not Offer.objects.exists()

    corrected = post(client, key, payload())
    assert corrected.status_code == 201 and not corrected.has_header("Idempotent-Replayed")
    assert Offer.objects.count() == 1


@pytest.mark.django_db
def test_a_key_belongs_to_one_account(api_client_for, employer, employer_user):
    colleague = ContactFactory(employer=employer, is_primary=False).user
    key = str(uuid.uuid4())

    mine = post(api_client_for(employer_user), key, payload())
    theirs = post(api_client_for(colleague), key, payload())

    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"]
    assert Offer.objects.filter(employer=employer).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", " ", "x" * 65, "clé\u0007"])
def test_a_malformed_key_is_a_french_400(api_client_for, employer, employer_user, key):
    response = post(api_client_for(employer_user), key, payload())
    if key == "":  # an empty header is no header
        assert response.status_code == 201
        return
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["message"]
    assert not Offer.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_three_simultaneous_tries_with_one_key_make_one_offer(employer, employer_user):
    clients = []
    for _ in range(3):
        client = APIClient()
        client.force_authenticate(employer_user)
        clients.append(client)
    key = str(uuid.uuid4())

    responses = at_once(lambda i: post(clients[i], key, payload()), range(3), timeout=120)

    assert [getattr(r, "status_code", r) for r in responses] == [201, 201, 201]
    offer = Offer.objects.get(employer=employer)
    assert {r.json()["id"] for r in responses} == {offer.pk}
    assert sum(r.has_header("Idempotent-Replayed") for r in responses) == 2


@pytest.mark.django_db
def test_every_creation_of_the_api_takes_the_header_and_documents_its_422(api_client_for, officer):
    schema = api_client_for(officer).get("/api/v1/schema/?format=json").json()
    creations, missing = [], []
    for path, operations in schema["paths"].items():
        operation = operations.get("post")
        if not operation or "201" not in operation["responses"] or path == "/api/v1/auth/token/":
            continue
        creations.append(path)
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if "Idempotency-Key" not in headers or "422" not in operation["responses"]:
            missing.append(path)

    assert len(creations) >= 13, creations
    assert not missing, f"decorate these creations with backend.accounts.idempotency.idempotent: {missing}"
