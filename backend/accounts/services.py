import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from backend.core import events
from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError

from .models import ApiToken, Invitation, SubmissionKey, User
from .throttles import invitation_throttle_wait

INVITATION_SUBJECTS = {
    Invitation.Kind.EMPLOYER_CONTACT: "Votre accès employeur à Tremplin",
    Invitation.Kind.GRADUATE: "Votre espace Tremplin vous attend",
    Invitation.Kind.OFFICER: "Votre accès chargé·e d'insertion à Tremplin",
}


def invitation_create(*, email: str, kind: str, by: User | None, data: dict | None = None) -> Invitation:
    """Create an invitation and e-mail its link once the transaction commits."""
    email = email.strip().lower()
    wait = invitation_throttle_wait(email=email, by=by)
    if wait is not None:
        # Counted before anything is looked up: the answer is the same for a known address.
        raise ApplicationError(
            _(
                "Trop d'invitations envoyées (par vous ou à cette adresse). Réessayez dans %(minutes)d minute(s)."
            )
            % {"minutes": max(1, round(wait / 60))},
            extra={"retry_after_seconds": wait},
            status_code=429,
        )
    has_account = User.objects.filter(email__iexact=email).exists()
    if has_account and (by is None or by.is_officer):
        # The school sees every account anyway: it is told at once.
        raise ApplicationError(
            _("Un compte existe déjà pour %(email)s : la personne peut se connecter directement.")
            % {"email": email},
            extra={"email": email},
        )
    # Anyone else (an employer inviting a colleague) gets the same answer whether the address has an
    # account or not: an employer must not learn that someone is a graduate of the school. The person
    # gets a "you already have an account" e-mail instead of a link; the invitation is never usable.
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
        if has_account:
            transaction.on_commit(lambda: account_exists_notify(email=email))
        else:
            transaction.on_commit(
                lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=False)
            )
    # The raw token exists only in the e-mail; it is returned for the caller's tests and logs nowhere.
    invitation.raw_token = token
    return invitation


def account_exists_notify(*, email: str) -> None:
    """Tell the owner of an address that already has an account that someone tried to create another
    (sign-up, invitation): the form that triggered it answered as if the address were new."""
    login_url = settings.SITE_URL + reverse("accounts:login")
    reset_url = settings.SITE_URL + reverse("accounts:password_reset")
    body = _(
        "Bonjour,\n\nQuelqu'un (vous, peut-être) a demandé à créer un compte Tremplin avec cette adresse, "
        "ou vous a invité·e à en créer un. Vous avez déjà un compte : connectez-vous ici\n%(login)s\n\n"
        "Mot de passe oublié ? Choisissez-en un nouveau ici\n%(reset)s\n\n"
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien n'a changé.\n\n"
        "L'équipe Tremplin"
    ) % {"login": login_url, "reset": reset_url}
    send_mail(
        _("Vous avez déjà un compte Tremplin"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [email],
        fail_silently=False,
    )


def account_activation_send(*, user: User) -> None:
    """E-mail the link that confirms a new self-registered account's address and opens it."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.SITE_URL + reverse("accounts:activate", kwargs={"uidb64": uid, "token": token})
    days = settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)
    body = _(
        "Bonjour %(name)s,\n\nConfirmez votre adresse e-mail pour ouvrir votre compte Tremplin (lien "
        "valable %(days)d jours) :\n%(link)s\n\nSi vous n'avez rien demandé, ignorez ce message.\n\n"
        "L'équipe Tremplin"
    ) % {"name": user.first_name or user.email, "days": days, "link": link}
    send_mail(
        _("Confirmez votre adresse e-mail"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        fail_silently=False,
    )


def account_activate(*, uidb64: str, token: str) -> User:
    """Open a self-registered account whose link is valid; the link then stops working (the login that
    follows changes what the token was made from)."""
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        raise ApplicationError(
            _(
                "Ce lien de confirmation n'est plus valable. Connectez-vous, ou réinscrivez-vous pour en recevoir un nouveau."
            ),
            status_code=400,
        )
    if not user.is_active and user.last_login is None:
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_log(actor=user, action="account.activated", target=user)
    return user


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


def token_issue(*, user: User) -> tuple[ApiToken, str]:
    """A new API key for ``user``: the row keeps its digest, the clear key is returned once.

    Expired keys of the user are deleted; at most ``API_TOKENS_PER_USER`` stay valid (the oldest go).
    """
    key = ApiToken.new_key()
    now = timezone.now()
    with transaction.atomic():
        ApiToken.objects.filter(user=user, expires_at__lte=now).delete()
        token = ApiToken.objects.create(
            user=user,
            digest=ApiToken.hash(key),
            prefix=key[: len(ApiToken.PREFIX) + 4],
            created_at=now,
            expires_at=now + timedelta(days=settings.API_TOKEN_TTL_DAYS),
        )
        keep = ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")[
            : settings.API_TOKENS_PER_USER
        ]
        ApiToken.objects.filter(user=user).exclude(pk__in=list(keep.values_list("pk", flat=True))).delete()
        audit_log(actor=user, action="api_token.created", target=user)
    return token, key


def token_regenerate(*, user: User) -> tuple[ApiToken, str]:
    """Replace every API key of the user by a new one (the old ones stop working at once)."""
    with transaction.atomic():
        ApiToken.objects.filter(user=user).delete()
        return token_issue(user=user)


def token_revoke(*, user: User) -> None:
    ApiToken.objects.filter(user=user).delete()
    audit_log(actor=user, action="api_token.revoked", target=user)


SUBMISSION_KEY_DAYS = 2


def submission_key_new() -> str:
    """The hidden token a creation form carries (one per form displayed)."""
    return secrets.token_urlsafe(24)


def submission_once(*, user: User, scope: str, key: str, action) -> tuple[int | None, bool]:
    """Run ``action()`` (which returns the created object, or None when it refused) once per ``key``.

    Returns ``(object id, True)`` for the request that ran it, ``(id of the first request's object,
    False)`` for a repeat. Simultaneous repeats wait on the unique index until the first request commits,
    so they never run ``action`` too. When the action refuses, nothing is kept and the key can be used
    again (the person corrects the form and sends it).
    """
    key = (key or "").strip()[:64]
    if not key:
        obj = action()
        return (obj.pk if obj is not None else None), True
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = SubmissionKey.objects.create(user=user, scope=scope, key=key)
        except IntegrityError:
            previous = SubmissionKey.objects.filter(user=user, scope=scope, key=key).first()
            return (previous.object_id if previous else None), False
        obj = action()
        if obj is None:
            transaction.set_rollback(True)
            return None, True
        claim.object_id = obj.pk
        claim.save(update_fields=["object_id", "updated_at"])
        SubmissionKey.objects.filter(
            user=user, created_at__lt=timezone.now() - timedelta(days=SUBMISSION_KEY_DAYS)
        ).delete()
    return obj.pk, True
