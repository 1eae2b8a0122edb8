"""Password guessing is stopped per account and per address, on the web login, the admin and the API
token endpoint, and a client-sent X-Forwarded-For does not reset anything (issue #10)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

LOGIN = "/comptes/connexion/"


@pytest.fixture
def low_limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    # The API token throttle would answer first otherwise; this file is about django-axes.
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], login="1000/min", anon="1000/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def test_after_the_limit_even_the_right_password_is_refused_on_the_web_login(db, low_limit):
    user = UserFactory()
    client = Client()
    for _ in range(2):
        assert client.post(LOGIN, {"username": user.email, "password": "faux"}).status_code == 200
    assert client.post(LOGIN, {"username": user.email, "password": "faux"}).status_code == 429  # the 3rd
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Connexion suspendue" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_an_account_is_protected_from_guesses_spread_over_many_addresses(db, low_limit):
    user = UserFactory()
    for i in range(3):
        Client(REMOTE_ADDR=f"203.0.113.{i}").post(LOGIN, {"username": user.email, "password": "faux"})
    response = Client(REMOTE_ADDR="203.0.113.99").post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429


def test_an_address_trying_many_accounts_is_stopped(db, low_limit):
    users = [UserFactory() for _ in range(4)]
    client = Client(REMOTE_ADDR="198.51.100.7")
    for user in users[:3]:
        client.post(LOGIN, {"username": user.email, "password": "faux"})
    assert client.post(LOGIN, {"username": users[3].email, "password": PASSWORD}).status_code == 429


def test_rotating_x_forwarded_for_does_not_escape_the_lockout(db, low_limit):
    user = UserFactory()
    for i in range(3):
        Client(HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").post(
            LOGIN, {"username": "x" + user.email, "password": "f"}
        )
    response = Client(HTTP_X_FORWARDED_FOR="10.9.9.9").post(
        LOGIN, {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 429  # the socket's address is the one that counts


def test_the_admin_login_is_protected_too(db, low_limit):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    for _ in range(3):
        client.post("/admin/login/", {"username": admin.email, "password": "faux"})
    assert client.post("/admin/login/", {"username": admin.email, "password": PASSWORD}).status_code == 429


def test_the_api_token_endpoint_locks_out_in_french_json(db, low_limit):
    user = UserFactory()
    client = APIClient()
    for _ in range(3):
        client.post("/api/v1/auth/token/", {"username": user.email, "password": "faux"})
    response = client.post("/api/v1/auth/token/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.json()["message"]


def test_a_success_before_the_limit_resets_the_count(db, low_limit):
    user = UserFactory()
    client = Client()
    for _ in range(2):
        client.post(LOGIN, {"username": user.email, "password": "faux"})
    assert client.post(LOGIN, {"username": user.email, "password": PASSWORD}).status_code == 302
    client.post("/comptes/deconnexion/")
    for _ in range(2):
        client.post(LOGIN, {"username": user.email, "password": "faux"})
    assert Client().post(LOGIN, {"username": user.email, "password": PASSWORD}).status_code == 302


def test_the_lockout_says_the_same_for_an_unknown_account(db, low_limit):
    client = Client()
    for _ in range(3):
        client.post(LOGIN, {"username": "personne@example.fr", "password": "faux"})
    response = Client(REMOTE_ADDR="192.0.2.200").post(
        LOGIN, {"username": "personne@example.fr", "password": "x"}
    )
    assert response.status_code == 429
