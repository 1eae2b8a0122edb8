"""Nobody learns from sign-up, password reset or an invitation whether an e-mail or a SIRET is known,
and these forms are throttled per client address and per e-mail address typed (issue #10)."""

import re

import pytest
from django.test import Client

from backend.accounts import services as account_services
from backend.accounts.models import Invitation, User
from employers.models import Employer
from tests.factories import UserFactory, make_siret

SIGNUP = "/entreprise/inscription/"
RESET = "/comptes/mot-de-passe/oubli/"
STRONG = "Lampe-verte-Arras-59!"

pytestmark = pytest.mark.django_db


def signup_post(**overrides) -> dict:
    data = {
        "name": "Numérique & Co",
        "siret": make_siret(77),
        "size_band": "10-49",
        "commune_label": "Liévin (62800)",
        "commune": "",
        "first_name": "Karim",
        "last_name": "Haddad",
        "email": "karim@numerique-co.fr",
        "password": STRONG,
        "password_confirm": STRONG,
    }
    data.update(overrides)
    return data


def _answer(response) -> tuple[int, str, str]:
    """What a visitor can observe: status, where it goes, the page it lands on (without the CSRF token)."""
    page = re.sub(r"[A-Za-z0-9]{48,}", "", response.content.decode())
    return response.status_code, response.get("Location", ""), page


def _signup(data, capture) -> tuple:
    with capture(execute=True):
        response = Client().post(SIGNUP, data)
    return _answer(response)


def test_signup_answers_the_same_for_a_new_a_taken_email_and_a_taken_siret(
    employer, employer_user, mailoutbox, django_capture_on_commit_callbacks
):
    new = _signup(signup_post(), django_capture_on_commit_callbacks)
    taken_email = _signup(
        signup_post(email=employer_user.email, siret=make_siret(78)), django_capture_on_commit_callbacks
    )
    taken_siret = _signup(
        signup_post(email="autre@numerique-co.fr", siret=employer.siret), django_capture_on_commit_callbacks
    )

    assert new == taken_email == taken_siret
    assert new[:2] == (302, "/comptes/inscription/envoyee/")
    # What differs goes to the mailbox's owner only.
    by_address = {m.to[0]: m for m in mailoutbox}
    assert by_address["karim@numerique-co.fr"].subject == "Confirmez votre adresse e-mail"
    assert by_address[employer_user.email].subject == "Vous avez déjà un compte Tremplin"
    assert "/comptes/mot-de-passe/oubli/" in by_address[employer_user.email].body
    assert by_address["autre@numerique-co.fr"].subject == "Votre entreprise est déjà inscrite sur Tremplin"
    assert Employer.objects.filter(name="Numérique & Co").count() == 1
    assert not User.objects.filter(email="autre@numerique-co.fr").exists()


def test_a_bad_field_reads_the_same_whether_the_email_is_taken_or_not(employer_user):
    weak = {"password": "court", "password_confirm": "court"}
    new = _answer(Client().post(SIGNUP, signup_post(**weak)))
    taken = _answer(Client().post(SIGNUP, signup_post(email=employer_user.email, **weak)))
    assert new[0] == taken[0] == 200
    assert new[2].replace("karim@numerique-co.fr", employer_user.email) == taken[2]
    assert "trop court" in new[2]


def test_the_new_account_opens_only_through_the_mailed_link_and_only_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    _signup(signup_post(), django_capture_on_commit_callbacks)
    user = User.objects.get(email="karim@numerique-co.fr")
    assert not user.is_active
    client = Client()
    client.post("/comptes/connexion/", {"username": user.email, "password": STRONG})
    assert "_auth_user_id" not in client.session  # not before the address is confirmed

    link = re.search(r"https?://\S+/comptes/activation/\S+/", mailoutbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    user.refresh_from_db()
    assert user.is_active

    again = Client().get("/" + path)
    assert again.status_code == 400
    assert "plus valable" in again.content.decode()


def test_signing_up_again_before_confirming_resends_the_confirmation(
    mailoutbox, django_capture_on_commit_callbacks
):
    _signup(signup_post(), django_capture_on_commit_callbacks)
    _signup(signup_post(siret=make_siret(79)), django_capture_on_commit_callbacks)
    assert [m.subject for m in mailoutbox] == ["Confirmez votre adresse e-mail"] * 2


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(mailoutbox):
    user = UserFactory()
    known = _answer(Client().post(RESET, {"email": user.email}))
    unknown = _answer(Client().post(RESET, {"email": "personne@example.fr"}))
    assert known == unknown
    assert known[:2] == (302, "/comptes/mot-de-passe/oubli/envoye/")
    assert [m.to for m in mailoutbox] == [[user.email]]


@pytest.fixture
def low_rates(settings):
    # A cache of this process only: the suite's shared Redis is cleared by other test runs.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    rates = dict(
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        signup="4/hour",
        signup_email="2/hour",
        password_reset="4/hour",
        password_reset_email="2/hour",
    )
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def test_password_reset_is_throttled_per_email_whatever_the_address_it_comes_from(low_rates, mailoutbox):
    user = UserFactory()
    for i in range(2):
        assert Client(REMOTE_ADDR=f"203.0.113.{i}").post(RESET, {"email": user.email}).status_code == 302
    response = Client(REMOTE_ADDR="203.0.113.50").post(RESET, {"email": user.email.upper()})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Trop de demandes" in response.content.decode()
    assert len(mailoutbox) == 2
    # An unknown address is counted the same way: the limit tells nothing about the account.
    for i in range(2):
        Client(REMOTE_ADDR=f"203.0.113.{10 + i}").post(RESET, {"email": "personne@example.fr"})
    assert Client(REMOTE_ADDR="203.0.113.60").post(RESET, {"email": "personne@example.fr"}).status_code == 429


def test_password_reset_is_throttled_per_address_and_x_forwarded_for_does_not_reset_it(low_rates):
    for i in range(4):
        response = Client(HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").post(RESET, {"email": f"p{i}@example.fr"})
        assert response.status_code == 302
    response = Client(HTTP_X_FORWARDED_FOR="10.9.9.9").post(RESET, {"email": "p9@example.fr"})
    assert response.status_code == 429


def test_behind_a_declared_proxy_the_forwarded_client_address_is_the_one_counted(low_rates, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for i in range(4):
        Client(HTTP_X_FORWARDED_FOR="198.51.100.1").post(RESET, {"email": f"p{i}@example.fr"})
    assert (
        Client(HTTP_X_FORWARDED_FOR="198.51.100.1").post(RESET, {"email": "z@example.fr"}).status_code == 429
    )
    # Another client behind the same proxy is not blocked by the first one.
    assert (
        Client(HTTP_X_FORWARDED_FOR="198.51.100.2").post(RESET, {"email": "z@example.fr"}).status_code == 302
    )


def test_signup_is_throttled_per_address_and_per_email(low_rates):
    for i in range(2):
        Client(REMOTE_ADDR=f"192.0.2.{i}").post(SIGNUP, signup_post(siret=make_siret(100 + i)))
    assert Client(REMOTE_ADDR="192.0.2.99").post(SIGNUP, signup_post()).status_code == 429
    for i in range(4):
        Client(REMOTE_ADDR="192.0.2.200").post(SIGNUP, signup_post(email=f"x{i}@example.fr"))
    assert (
        Client(REMOTE_ADDR="192.0.2.200").post(SIGNUP, signup_post(email="y@example.fr")).status_code == 429
    )


def test_an_invitation_to_an_existing_account_looks_the_same_to_whoever_invites(
    employer_user, graduate_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = account_services.invitation_create(
            email=graduate_user.email, kind=Invitation.Kind.EMPLOYER_CONTACT, by=employer_user
        )
        unknown = account_services.invitation_create(
            email="nouveau@example.fr", kind=Invitation.Kind.EMPLOYER_CONTACT, by=employer_user
        )
    assert type(known) is type(unknown) and known.accepted_at is None and known.revoked_at is None
    mails = {m.to[0]: m for m in mailoutbox}
    assert mails[graduate_user.email].subject == "Vous avez déjà un compte Tremplin"
    assert known.raw_token not in mails[graduate_user.email].body
    assert unknown.raw_token in mails["nouveau@example.fr"].body


def test_the_colleague_invitation_page_does_not_tell_an_employer_who_is_a_graduate(
    employer_user, graduate_user, client_for, django_capture_on_commit_callbacks
):
    client = client_for(employer_user)
    answers = []
    for email in (graduate_user.email, "inconnu@example.fr"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/entreprise/collegues/inviter/",
                {"email": email, "first_name": "Ana", "last_name": "Lima", "job_title": ""},
                follow=True,
            )
        page = response.content.decode().replace(email, "EMAIL")
        answers.append((response.status_code, page.count("Un compte existe"), "EMAIL" in page))
    assert answers[0] == answers[1]
