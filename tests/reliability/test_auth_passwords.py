"""Weak passwords are refused with a French reason, on every path that sets one (issue #10)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from backend.accounts.models import User
from backend.accounts.passwords import password_root
from tests.factories import PASSWORD


def refusal(password: str, user=None) -> str | None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


@pytest.mark.parametrize(
    ("password", "words"),
    [
        ("Tremplin2026", "nom du site"),
        ("tremplin-2026!", "nom du site"),
        ("Tr3mpl1n@Lens62", "nom du site"),
        ("EcoleNumerique2025", "nom du site"),
        ("Marseille2024!", "trop courant"),
        ("Azerty123456", "trop courant"),
        ("P@ssw0rd!2026", "trop courant"),
        ("Motdepasse59!", "trop courant"),
        ("Jetaime-1234", "trop courant"),
        ("Soleil!!2026", "trop courant"),
        ("Chouchou2000", "trop courant"),
        ("abcdefghijk", "trop court"),
        ("kxwqzmvbtrpl", "sortes de caractères"),
        ("KXWQZM49281", "trop court"),
        ("kxwqzm492817", "sortes de caractères"),
        ("123456789012", "numérique"),
    ],
)
def test_weak_passwords_are_refused_in_french(password, words):
    message = refusal(password)
    assert message is not None, password
    assert words in message


@pytest.mark.parametrize(
    "password",
    [
        PASSWORD,  # the test personas' own
        "Kx9#mQ2!vB7z",
        "lampe-verte-sous-le-beffroi",  # a passphrase: length does the work
        "Tremplin-vers-un-CDI-a-Lievin",  # the site's name inside a real phrase
        "Brique.Rouge.Terril.62",
    ],
)
def test_strong_passwords_pass(password):
    assert refusal(password) is None


def test_a_password_close_to_the_persons_name_or_email_is_refused(db):
    user = User(email="nadia.benali@example.fr", first_name="Nadia", last_name="Benali", role="graduate")
    assert "trop semblable" in refusal("nadia.benali.fr", user)


def test_the_root_strips_decoration_and_undoes_letter_swaps():
    assert password_root("!!P@ssw0rd2026!!") == "password"
    assert password_root("Éléphant#1") == "elephant"


def test_the_password_reset_form_refuses_a_weak_password(db, mailoutbox):
    user = User.objects.create_user(email="ines@example.fr", password=PASSWORD, role="graduate")
    Client().post("/comptes/mot-de-passe/oubli/", {"email": user.email})
    link = next(w for w in mailoutbox[0].body.split() if "/comptes/mot-de-passe/nouveau/" in w)
    client = Client()
    form_page = client.get(link.split("127.0.0.1:8000", 1)[-1], follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Tremplin2026", "new_password2": "Tremplin2026"}
    )
    assert response.status_code == 200
    assert "nom du site" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
