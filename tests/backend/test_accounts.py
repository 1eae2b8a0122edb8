from datetime import timedelta

import pytest
from django.utils import timezone

from backend.accounts import services
from backend.accounts.models import ApiToken, Invitation, User
from backend.core.exceptions import ApplicationError
from backend.core.models import AuditLog

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def invite(email="nadia.benali@example.fr", kind=Invitation.Kind.GRADUATE, by=None) -> Invitation:
    return services.invitation_create(email=email, kind=kind, by=by)


def accept(token: str, password: str = PASSWORD) -> User:
    return services.invitation_accept(token=token, first_name="Nadia", last_name="Benali", password=password)


def test_an_invitation_stores_only_the_hash_of_its_token_and_mails_the_link(
    officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(email="  Nadia.Benali@Example.FR ", by=officer)

    assert invitation.email == "nadia.benali@example.fr"
    assert invitation.token_hash == Invitation.hash(invitation.raw_token) != invitation.raw_token
    assert not Invitation.objects.filter(token_hash=invitation.raw_token).exists()
    assert [m.to for m in mailoutbox] == [["nadia.benali@example.fr"]]
    assert mailoutbox[0].subject == "Votre espace Tremplin vous attend"
    assert invitation.raw_token in mailoutbox[0].body
    assert officer.get_full_name() in mailoutbox[0].body


def test_the_email_leaves_only_after_commit(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        invite()
        assert mailoutbox == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1


def test_accepting_creates_the_account_with_the_invited_role():
    invitation = invite(kind=Invitation.Kind.GRADUATE)

    user = accept(invitation.raw_token)

    assert (user.email, user.role, user.first_name) == (
        "nadia.benali@example.fr",
        User.Role.GRADUATE,
        "Nadia",
    )
    assert user.check_password(PASSWORD)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert AuditLog.objects.filter(action="invitation.accepted", target_id=str(invitation.pk)).count() == 1


def test_a_used_invitation_says_to_sign_in():
    invitation = invite()
    accept(invitation.raw_token)

    with pytest.raises(ApplicationError) as caught:
        accept(invitation.raw_token)

    assert caught.value.message == "Cette invitation a déjà été utilisée : connectez-vous avec votre e-mail."
    assert User.objects.filter(email="nadia.benali@example.fr").count() == 1


def test_a_replaced_invitation_points_to_the_latest_email():
    first = invite()
    second = invite()

    with pytest.raises(ApplicationError) as caught:
        accept(first.raw_token)

    assert caught.value.message == (
        "Cette invitation a été remplacée par une plus récente : utilisez le dernier e-mail reçu."
    )
    assert accept(second.raw_token).email == "nadia.benali@example.fr"


def test_an_expired_invitation_asks_for_a_new_one():
    invitation = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(ApplicationError) as caught:
        accept(invitation.raw_token)

    assert caught.value.message == "Cette invitation a expiré. Demandez-en une nouvelle à l'école."
    assert not User.objects.filter(email=invitation.email).exists()


def test_an_unknown_token_is_a_404():
    with pytest.raises(ApplicationError) as caught:
        accept("pas-un-vrai-jeton")

    assert caught.value.status_code == 404
    assert "n'existe pas" in caught.value.message


def test_a_weak_password_saves_nothing_and_keeps_the_invitation_usable():
    invitation = invite()

    with pytest.raises(ApplicationError) as caught:
        accept(invitation.raw_token, password="1234")

    assert caught.value.extra == {"field": "password"}
    assert "trop court" in caught.value.message
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert accept(invitation.raw_token).email == invitation.email


def test_accepting_after_signing_up_elsewhere_says_to_sign_in():
    invitation = invite()
    UserFactory(email="nadia.benali@example.fr")

    with pytest.raises(ApplicationError) as caught:
        accept(invitation.raw_token)

    assert caught.value.message.startswith("Un compte existe déjà pour nadia.benali@example.fr")
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_existing_account_is_not_invited(graduate_user):
    with pytest.raises(ApplicationError) as caught:
        invite(email=graduate_user.email.upper())

    assert caught.value.message.startswith(f"Un compte existe déjà pour {graduate_user.email}")
    assert not Invitation.objects.exists()


def test_regenerating_the_api_token_revokes_the_old_one(graduate_user):
    _old, old_key = services.token_regenerate(user=graduate_user)
    _new, new_key = services.token_regenerate(user=graduate_user)

    assert old_key != new_key
    digests = list(ApiToken.objects.filter(user=graduate_user).values_list("digest", flat=True))
    assert digests == [ApiToken.hash(new_key)]

    services.token_revoke(user=graduate_user)
    assert not ApiToken.objects.filter(user=graduate_user).exists()
    assert list(
        AuditLog.objects.filter(target_id=str(graduate_user.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    ) == ["api_token.created", "api_token.created", "api_token.revoked"]


def test_emails_are_unique_whatever_their_case():
    UserFactory(email="claire@example.fr")

    assert User.objects.get_by_natural_key("CLAIRE@example.fr").email == "claire@example.fr"
    assert (
        User.objects.create_user("Paul@Example.FR", PASSWORD, role=User.Role.GRADUATE).email
        == "paul@example.fr"
    )


def test_officers_and_admins_share_the_school_view():
    roles = {role: User(role=role) for role in User.Role}

    assert {role for role, user in roles.items() if user.is_officer} == {User.Role.OFFICER, User.Role.ADMIN}
    assert [role for role, user in roles.items() if user.is_employer] == [User.Role.EMPLOYER]
