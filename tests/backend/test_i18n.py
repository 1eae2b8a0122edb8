"""French first; English for whoever asks for it."""

import pytest


@pytest.mark.django_db
def test_pages_are_in_french_by_default(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="").content.decode()

    assert '<html lang="fr">' in html
    assert "Se connecter" in html


@pytest.mark.django_db
def test_a_browser_asking_for_english_gets_english(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()

    assert '<html lang="en">' in html
    assert "Log in" in html
    assert "Se connecter" not in html


@pytest.mark.django_db
def test_the_language_switch_is_remembered(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/offres/"})

    html = client.get("/offres/").content.decode()
    assert '<html lang="en">' in html
    assert "Job offers" in html
