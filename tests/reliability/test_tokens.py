"""API tokens are stored hashed, expire, record their last use, and DRF's old clear-text tokens were
migrated without breaking the scripts that hold them (issue #10)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from rest_framework.test import APIClient

from backend.accounts import services
from backend.accounts.models import ApiToken
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def api(key: str | None = None) -> APIClient:
    client = APIClient()
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_the_database_holds_only_a_digest_of_the_key():
    user = UserFactory()
    obtained = api().post("/api/v1/auth/token/", {"username": user.email, "password": PASSWORD})
    key = obtained.json()["token"]
    row = ApiToken.objects.get(user=user)
    assert key.startswith("tpl_") and len(key) > 40
    assert row.digest == ApiToken.hash(key) and key not in (row.digest, row.prefix)
    assert key.startswith(row.prefix) and len(row.prefix) == 8
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        assert all(key not in str(value) for value in cursor.fetchone())


def test_a_token_expires_after_the_configured_days(settings):
    settings.API_TOKEN_TTL_DAYS = 30
    user = UserFactory()
    obtained = api().post("/api/v1/auth/token/", {"username": user.email, "password": PASSWORD}).json()
    token = ApiToken.objects.get(user=user)
    assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    assert obtained["expires_at"].startswith(str(timezone.localdate(token.expires_at))[:7])
    assert api(obtained["token"]).get("/api/v1/me/").status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api(obtained["token"]).get("/api/v1/me/")
    assert response.status_code == 401
    assert "a expiré" in response.json()["message"] and "Mon compte" in response.json()["message"]


def test_the_last_use_is_recorded_at_most_every_few_minutes():
    user = UserFactory()
    token, key = services.token_issue(user=user)
    assert token.last_used_at is None
    api(key).get("/api/v1/me/")
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    api(key).get("/api/v1/me/")
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first  # no write on every call
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=10))
    api(key).get("/api/v1/me/")
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first - timedelta(minutes=1)


def test_a_revoked_or_replaced_key_stops_working_and_an_inactive_user_is_refused():
    user = UserFactory()
    _token, old = services.token_issue(user=user)
    _token, new = services.token_regenerate(user=user)
    assert api(old).get("/api/v1/me/").status_code == 401
    assert api(new).get("/api/v1/me/").status_code == 200
    user.is_active = False
    user.save()
    assert api(new).get("/api/v1/me/").status_code == 401
    services.token_revoke(user=user)
    assert not ApiToken.objects.filter(user=user).exists()


def test_each_login_gets_its_own_key_and_only_the_newest_few_are_kept(settings):
    settings.API_TOKENS_PER_USER = 2
    user = UserFactory()
    keys = [services.token_issue(user=user)[1] for _ in range(3)]
    assert [api(k).get("/api/v1/me/").status_code for k in keys] == [401, 200, 200]


def test_the_account_page_shows_a_new_key_once_then_only_its_prefix(client_for):
    user = UserFactory()
    client = client_for(user)
    page = client.post("/comptes/compte/jeton/", follow=True).content.decode()
    row = ApiToken.objects.get(user=user)
    key = page.split('id="api-token">', 1)[1].split("<", 1)[0]
    assert ApiToken.hash(key) == row.digest
    again = client.get("/comptes/compte/").content.decode()
    assert key not in again and row.prefix in again and "expire le" in again


@pytest.mark.django_db(transaction=True)
def test_clear_text_tokens_are_migrated_to_digests_and_keep_working():
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0001_initial"), ("authtoken", "0004_alter_tokenproxy_options")])
    old_apps = executor.loader.project_state(
        [("accounts", "0001_initial"), ("authtoken", "0004_alter_tokenproxy_options")]
    ).apps
    OldUser = old_apps.get_model("accounts", "User")
    OldToken = old_apps.get_model("authtoken", "Token")
    person = OldUser.objects.create(email="script@example.fr", role="employer", password="!")
    OldToken.objects.create(key="0123456789abcdef0123456789abcdef01234567", user=person)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    row = ApiToken.objects.get(user_id=person.pk)
    assert row.digest == ApiToken.hash("0123456789abcdef0123456789abcdef01234567")
    assert row.expires_at > timezone.now() + timedelta(days=80)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0  # no clear-text key left
    response = api("0123456789abcdef0123456789abcdef01234567").get("/api/v1/me/")
    assert response.status_code == 200 and response.json()["email"] == "script@example.fr"
