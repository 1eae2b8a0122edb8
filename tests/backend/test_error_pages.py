"""Error pages speak French, in the site's layout, and the API's errors stay JSON (issue #13)."""

from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from backend.core.views import permission_denied, server_error


def test_an_unknown_page_is_a_french_404_in_the_sites_layout(client):
    response = client.get("/cette-page-n-existe-pas/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in html
    assert 'class="topbar"' in html and "Voir les offres" in html
    assert "Not Found" not in html


def test_an_unknown_api_address_is_a_french_json_404(client):
    response = client.get("/api/v1/nulle-part/")
    assert response.status_code == 404
    assert response.json()["message"].startswith("Cette page n'existe pas")


def test_a_stale_form_is_a_french_403_that_says_what_to_do(db):
    response = Client(enforce_csrf_checks=True).post(
        "/comptes/connexion/", {"username": "a@b.fr", "password": "x"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "Formulaire expiré" in html and "rechargez la page" in html


def test_a_forbidden_page_is_french():
    request = RequestFactory().get("/reserve/")
    request.user = AnonymousUser()
    response = permission_denied(request)
    assert response.status_code == 403
    assert "Accès réservé" in response.content.decode()


def test_a_server_error_page_is_french_and_needs_neither_database_nor_session():
    response = server_error(RequestFactory().get("/offres/12/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Une erreur est survenue de notre côté" in html and 'lang="fr"' in html


def test_an_api_server_error_stays_json():
    response = server_error(RequestFactory().get("/api/v1/offers/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"


def test_the_navigation_counts_unread_notifications_and_links_superusers_to_the_admin(client_for, officer):
    from placements.models import Notification
    from tests.factories import UserFactory

    for i in range(3):
        Notification.objects.create(user=officer, kind="stale", subject=f"n{i}", body="b")
    Notification.objects.filter(subject="n0").update(read_at="2026-01-01T00:00:00Z")
    html = client_for(officer).get("/candidatures/").content.decode()
    assert 'aria-label="2 non lues">2</span>' in html
    assert "/admin/" not in html

    admin = UserFactory(is_superuser=True, is_staff=True, role=officer.role)
    assert 'href="/admin/"' in client_for(admin).get("/candidatures/").content.decode()


def test_the_home_page_speaks_to_employers_graduates_and_job_seekers(client, db):
    html = client.get("/").content.decode()
    assert "Vous recrutez" in html and "Vous êtes diplômé·e de l'école" in html
    assert "Vous cherchez un emploi dans le numérique" in html
    assert 'href="/comptes/connexion/"' in html
