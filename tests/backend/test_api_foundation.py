"""What every API endpoint stands on: schema and docs, token auth, errors and throttling in French."""

import re

import pytest
import yaml
from django.core.management import call_command
from rest_framework.throttling import SimpleRateThrottle

from backend.accounts.models import ApiToken
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.django_db,
    # STATIC_ROOT exists only after collectstatic; whitenoise warns about it at the first request.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def test_openapi_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"

    # --fail-on-warn turns any drf-spectacular warning (untyped field, name collision…) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    schema = yaml.safe_load(target.read_text())
    assert schema["info"]["title"] == "Tremplin API"
    for path in (
        "/api/v1/offers/",
        "/api/v1/offers/{id}/",
        "/api/v1/employer/offers/{id}/submit/",
        "/api/v1/moderation/offers/{id}/decline/",
        "/api/v1/employers/{id}/partnerships/",
        "/api/v1/employers/me/",
    ):
        assert path in schema["paths"], path
    params = {p["name"]: p for p in schema["paths"]["/api/v1/offers/"]["get"]["parameters"]}
    assert {
        "q",
        "contract_type",
        "remote",
        "skill",
        "near",
        "radius_km",
        "ordering",
        "page",
        "page_size",
    } <= set(params)
    assert params["contract_type"]["schema"]["type"] == "array"


def test_schema_endpoint_is_served(api_client_for):
    response = api_client_for(None).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert "/api/v1/offers/" in response.json()["paths"]


def test_docs_page_uses_only_local_assets(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert any(a.startswith("/static/drf_spectacular_sidecar/swagger-ui-dist/") for a in assets), assets
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))]
    assert "cdn" not in html.lower()
    assert "/api/v1/schema/" in html


def test_sidecar_assets_are_served_locally(client, settings):
    settings.DEBUG = True  # the development server's static view; whitenoise serves them in production

    response = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")

    assert response.status_code == 200
    assert b"SwaggerUIBundle" in b"".join(response.streaming_content)
    response.close()


def test_token_obtained_with_email_and_password_authenticates_api_calls(api_client_for):
    user = UserFactory(email="lea.durand@example.fr", role="employer")
    client = api_client_for(None)

    obtained = client.post("/api/v1/auth/token/", {"username": "Lea.Durand@example.fr", "password": PASSWORD})

    assert obtained.status_code == 200
    token = obtained.json()["token"]
    assert ApiToken.objects.get(user=user).digest == ApiToken.hash(token)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert (me.json()["email"], me.json()["role"]) == ("lea.durand@example.fr", "employer")


def test_wrong_password_gets_no_token_and_a_french_message(api_client_for):
    UserFactory(email="lea.durand@example.fr")

    response = api_client_for(None).post(
        "/api/v1/auth/token/", {"username": "lea.durand@example.fr", "password": "pas-le-bon"}
    )

    assert response.status_code == 400
    assert (
        "Impossible de se connecter avec les informations d'identification fournies"
        in response.json()["message"]
    )
    assert not ApiToken.objects.exists()


def test_a_bad_token_is_refused(api_client_for):
    client = api_client_for(None)
    client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")

    response = client.get("/api/v1/me/")

    # 403 rather than 401: session authentication comes first and sends no WWW-Authenticate challenge.
    assert response.status_code in (401, 403)
    assert response.json() == {"message": "Token non valide.", "extra": {}}


def test_authentication_is_the_default(api_client_for):
    response = api_client_for(None).get("/api/v1/me/")

    assert response.status_code in (401, 403)
    assert response.json() == {"message": "Informations d'authentification non fournies.", "extra": {}}


def test_unknown_object_is_a_french_404(api_client_for, db):
    response = api_client_for(None).get("/api/v1/offers/999999/")

    assert response.status_code == 404
    assert response.json() == {"message": "Introuvable.", "extra": {}}


@pytest.fixture
def tiny_throttle_rates(settings, monkeypatch):
    rates = {"anon": "2/min", "user": "3/min", "login": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    # DRF copies the rates into a class attribute when it is imported: point it at the new ones too.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    return rates


def test_anonymous_visitors_are_throttled_with_a_french_message(api_client_for, tiny_throttle_rates):
    client = api_client_for(None)

    statuses = [client.get("/api/v1/offers/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = client.get("/api/v1/offers/")
    assert response.status_code == 429
    assert response.json()["message"].startswith("Requête ralentie.")
    assert 0 < response.json()["extra"]["retry_after_seconds"] <= 60
    assert int(response["Retry-After"]) > 0


def test_signed_in_users_have_their_own_allowance(api_client_for, tiny_throttle_rates, graduate_user):
    anonymous, signed_in = api_client_for(None), api_client_for(graduate_user)
    for _ in range(2):
        anonymous.get("/api/v1/offers/")

    statuses = [signed_in.get("/api/v1/me/").status_code for _ in range(4)]

    assert anonymous.get("/api/v1/offers/").status_code == 429
    assert statuses == [200, 200, 200, 429]


def test_token_endpoint_is_throttled_against_password_guessing(api_client_for, tiny_throttle_rates):
    UserFactory(email="lea.durand@example.fr")
    client = api_client_for(None)

    statuses = [
        client.post(
            "/api/v1/auth/token/", {"username": "lea.durand@example.fr", "password": f"essai-{i}"}
        ).status_code
        for i in range(3)
    ]

    assert statuses == [400, 400, 429]
