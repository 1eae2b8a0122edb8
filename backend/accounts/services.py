from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from backend.core import events
from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError

from .models import Invitation, User

INVITATION_SUBJECTS = {
    Invitation.Kind.EMPLOYER_CONTACT: "Votre accès employeur à Tremplin",
    Invitation.Kind.GRADUATE: "Votre espace Tremplin vous attend",
    Invitation.Kind.OFFICER: "Votre accès chargé·e d'insertion à Tremplin",
}


def invitation_create(*, email: str, kind: str, by: User | None, data: dict | None = None) -> Invitation:
    """Create an invitation and e-mail its link once the transaction commits."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(
            _("Un compte existe déjà pour %(email)s : la personne peut se connecter directement.")
            % {"email": email},
            extra={"email": email},
        )
    token, token_hash = Invitation.new_token()
    with transaction.atomic():
        # A newer invitation replaces the pending ones for the same address and kind.
        Invitation.objects.filter(email__iexact=email, kind=kind, accepted_at=None, revoked_at=None).update(
            revoked_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            email=email,
            kind=kind,
            token_hash=token_hash,
            data=data or {},
            invited_by=by,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        link = settings.SITE_URL + reverse("accounts:invitation_accept", kwargs={"token": token})
        inviter = by.get_full_name() if by else "L'équipe Tremplin"
        body = (
            f"Bonjour,\n\n{inviter} vous invite à rejoindre Tremplin, la plateforme emploi de l'école du "
            f"numérique de Lens.\n\nCréez votre mot de passe en suivant ce lien (valable "
            f"{settings.INVITATION_VALID_DAYS} jours) :\n{link}\n\nÀ bientôt,\nL'équipe Tremplin"
        )
        subject = INVITATION_SUBJECTS[Invitation.Kind(kind)]
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=False)
        )
    # The raw token exists only in the e-mail; it is returned for the caller's tests and logs nowhere.
    invitation.raw_token = token
    return invitation


def invitation_get_usable(*, token: str) -> Invitation:
    invitation = Invitation.objects.filter(token_hash=Invitation.hash(token)).first()
    if invitation is None:
        raise ApplicationError(
            _("Ce lien d'invitation n'existe pas. Vérifiez qu'il est complet."), status_code=404
        )
    if invitation.accepted_at is not None:
        raise ApplicationError(_("Cette invitation a déjà été utilisée : connectez-vous avec votre e-mail."))
    if invitation.revoked_at is not None:
        raise ApplicationError(
            _("Cette invitation a été remplacée par une plus récente : utilisez le dernier e-mail reçu.")
        )
    if not invitation.is_usable():
        raise ApplicationError(_("Cette invitation a expiré. Demandez-en une nouvelle à l'école."))
    return invitation


def invitation_accept(*, token: str, first_name: str, last_name: str, password: str) -> User:
    """Create the account, attach it where the invitation says, and mark the invitation used."""
    with transaction.atomic():
        invitation = invitation_get_usable(token=token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable():
            raise ApplicationError(_("Cette invitation n'est plus valable."))
        if User.objects.filter(email__iexact=invitation.email).exists():
            # The person signed up on their own since the invitation was sent.
            raise ApplicationError(
                _("Un compte existe déjà pour %(email)s : connectez-vous ou réinitialisez le mot de passe.")
                % {"email": invitation.email}
            )
        user = User(email=invitation.email, first_name=first_name.strip(), last_name=last_name.strip())
        user.role = invitation.role
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ApplicationError(" ".join(exc.messages), extra={"field": "password"})
        user.set_password(password)
        user.save()
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
        events.publish_now("invitation.accepted", invitation=invitation, user=user)
        audit_log(actor=user, action="invitation.accepted", target=invitation)
    return user


def token_regenerate(*, user: User) -> Token:
    """Replace the user's API token (the old one stops working at once)."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        audit_log(actor=user, action="api_token.created", target=user)
    return token


def token_revoke(*, user: User) -> None:
    Token.objects.filter(user=user).delete()
    audit_log(actor=user, action="api_token.revoked", target=user)
