"""A signed-in session ends after SESSION_IDLE_TIMEOUT without activity (issue #10)."""

import time

from backend.core.sessions import LAST_SEEN


def _age_session(client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time()) - seconds
    session.save()


def test_an_active_session_stays_open(client_for, officer, settings):
    client = client_for(officer)
    assert client.get("/candidatures/").status_code == 200
    _age_session(client, settings.SESSION_IDLE_TIMEOUT - 60)
    assert client.get("/candidatures/").status_code == 200


def test_an_idle_session_is_logged_out_and_sent_to_the_login_page_with_a_french_message(
    client_for, officer, settings
):
    client = client_for(officer)
    client.get("/candidatures/")
    _age_session(client, settings.SESSION_IDLE_TIMEOUT + 60)
    response = client.get("/candidatures/", follow=True)
    assert response.redirect_chain[0][0].startswith("/comptes/connexion/?next=/candidatures/")
    assert "déconnecté·e après une longue inactivité" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_idle_api_session_is_anonymous_again(client_for, officer, settings):
    client = client_for(officer)
    client.get("/api/v1/me/")
    _age_session(client, settings.SESSION_IDLE_TIMEOUT + 60)
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_activity_is_recorded_at_most_every_few_minutes(client_for, officer, settings):
    client = client_for(officer)
    client.get("/candidatures/")
    first = client.session[LAST_SEEN]
    client.get("/candidatures/")
    assert client.session[LAST_SEEN] == first
    _age_session(client, settings.SESSION_ACTIVITY_RESOLUTION + 1)
    client.get("/candidatures/")
    assert client.session[LAST_SEEN] > first - 1
