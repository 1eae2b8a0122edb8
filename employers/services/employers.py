"""Employer accounts: sign-up, the school's approval or refusal, the organisation's record, its contacts."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import Invitation, User
from backend.accounts.services import invitation_create
from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError
from backend.core.services import full_clean, require_officer

from ..models import Contact, Employer


def employer_register(
    *,
    name: str,
    siret: str,
    size_band: str,
    commune,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    naf_code: str = "",
    address: str = "",
    website: str = "",
    description: str = "",
    phone: str = "",
    job_title: str = "",
) -> tuple[Employer, User]:
    """A company signs up: pending organisation, its first contact and that contact's account.

    The account stays inactive until its address is confirmed (``employer_signup`` sends the link).
    Input is checked before whether the e-mail or SIRET is taken, so a bad field reads the same either
    way; a taken one raises with ``extra["duplicate"]`` set to ``"email"`` or ``"siret"``.
    """
    from django.contrib.auth.password_validation import validate_password

    siret = siret.replace(" ", "")
    email = email.strip().lower()
    employer = Employer(
        name=name.strip(),
        siret=siret,
        naf_code=naf_code.strip().upper(),
        size_band=size_band,
        commune=commune,
        address=address,
        website=website,
        description=description,
    )
    # Uniqueness is checked below, after every field: a taken SIRET must not read differently.
    full_clean(employer, validate_unique=False)
    user = User(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=User.Role.EMPLOYER,
        is_active=False,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), extra={"fields": {"password": exc.messages}})
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(
            _(
                "Un compte existe déjà avec cette adresse e-mail : connectez-vous ou réinitialisez le mot de passe."
            ),
            extra={"fields": {"email": ["déjà utilisé"]}, "duplicate": "email"},
        )
    if Employer.objects.filter(siret=siret).exists():
        raise ApplicationError(
            _("Cette entreprise est déjà inscrite sur Tremplin : demandez à un collègue de vous inviter."),
            extra={"fields": {"siret": ["déjà inscrit"]}, "duplicate": "siret"},
        )
    user.set_password(password)
    try:
        with transaction.atomic():
            employer.save()
            user.save()
            Contact.objects.create(
                employer=employer,
                user=user,
                first_name=user.first_name,
                last_name=user.last_name,
                email=email,
                phone=phone,
                job_title=job_title,
                is_primary=True,
            )
            audit_log(actor=user, action="employer.registered", target=employer)
    except IntegrityError:
        # A double-submitted form: the other request saved the same e-mail or SIRET after our checks.
        raise ApplicationError(
            _("Cette inscription vient d'être enregistrée : connectez-vous avec votre adresse e-mail."),
            extra={"fields": {"email": ["déjà utilisé"]}, "duplicate": "email"},
            status_code=409,
        )
    return employer, user


def employer_signup(**fields) -> Employer | None:
    """The public sign-up: the same outcome to the visitor whether the e-mail or the SIRET is known.

    A new company gets its pending organisation and an inactive account whose confirmation link is
    e-mailed; an address with an account gets a "you already have an account" e-mail; a SIRET already
    registered gets, at the address typed, the advice to ask a colleague for an invitation. Bad input
    (SIRET key, password…) still raises, identically for known and unknown addresses.
    """
    from backend.accounts.services import account_activation_send, account_exists_notify

    email = fields["email"].strip().lower()
    try:
        employer, user = employer_register(**fields)
    except ApplicationError as exc:
        duplicate = exc.extra.get("duplicate")
        if duplicate is None:
            raise
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None and not existing.is_active and existing.last_login is None:
            # Signed up but never confirmed: the confirmation link again, not "you have an account".
            transaction.on_commit(lambda: account_activation_send(user=existing))
        elif existing is not None:
            transaction.on_commit(lambda: account_exists_notify(email=email))
        else:
            transaction.on_commit(lambda: _company_already_registered_notify(email=email))
        return None
    transaction.on_commit(lambda: account_activation_send(user=user))
    return employer


def _company_already_registered_notify(*, email: str) -> None:
    from django.conf import settings
    from django.core.mail import send_mail

    body = _(
        "Bonjour,\n\nVous avez demandé à inscrire une entreprise sur Tremplin. Elle y est déjà inscrite : "
        "demandez à un collègue qui y a accès de vous inviter (espace entreprise, « Inviter un collègue »), "
        "ou écrivez à l'école.\n\nSi vous n'avez rien demandé, ignorez ce message.\n\nL'équipe Tremplin"
    )
    send_mail(
        _("Votre entreprise est déjà inscrite sur Tremplin"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [email],
        fail_silently=False,
    )


def employer_update(*, employer: Employer, by: User, **fields) -> Employer:
    allowed = {"name", "naf_code", "size_band", "address", "commune", "website", "description"}
    for key, value in fields.items():
        if key not in allowed:
            raise ApplicationError(_("Le champ %(f)s ne peut pas être modifié ici.") % {"f": key})
        setattr(employer, key, value)
    full_clean(employer)
    employer.save()
    audit_log(actor=by, action="employer.updated", target=employer, fields=sorted(fields))
    return employer


def employer_approve(*, employer: Employer, by: User) -> Employer:
    require_officer(by)
    with transaction.atomic():
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        if employer.is_prospect:
            raise ApplicationError(
                _("Un prospect devient partenaire avec son SIRET et son effectif : « Devenir partenaire ».")
            )
        employer.status = Employer.Status.APPROVED
        employer.decline_reason = ""
        employer.reviewed_by, employer.reviewed_at = by, timezone.now()
        employer.save()
        audit_log(actor=by, action="employer.approved", target=employer)
    return employer


def employer_decline(*, employer: Employer, by: User, reason: str) -> Employer:
    require_officer(by)
    if not (reason or "").strip():
        raise ApplicationError(_("Indiquez le motif du refus : l'employeur le verra."))
    with transaction.atomic():
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        employer.status = Employer.Status.DECLINED
        employer.decline_reason = reason.strip()
        employer.reviewed_by, employer.reviewed_at = by, timezone.now()
        employer.save()
        audit_log(actor=by, action="employer.declined", target=employer, reason=reason.strip())
    return employer


def contact_invite(
    *, employer: Employer, by: User, email: str, first_name: str, last_name: str, job_title: str = ""
) -> tuple[Contact, Invitation]:
    """An officer or a colleague invites a person of the company to sign in for it."""
    email = email.strip().lower()
    with transaction.atomic():
        contact, _created = Contact.objects.get_or_create(
            employer=employer,
            email=email,
            defaults={"first_name": first_name, "last_name": last_name, "job_title": job_title},
        )
        if contact.user_id:
            raise ApplicationError(_("Cette personne a déjà un accès pour %(e)s.") % {"e": employer.name})
        invitation = invitation_create(
            email=email, kind=Invitation.Kind.EMPLOYER_CONTACT, by=by, data={"contact_id": contact.pk}
        )
    return contact, invitation


def attach_contact_on_invitation(*, invitation: Invitation, user: User) -> None:
    """Subscriber of ``invitation.accepted``: the new account becomes the invited contact."""
    if invitation.kind != Invitation.Kind.EMPLOYER_CONTACT:
        return
    contact = Contact.objects.select_for_update().get(pk=invitation.data["contact_id"])
    contact.user = user
    contact.first_name = user.first_name or contact.first_name
    contact.last_name = user.last_name or contact.last_name
    contact.save()


def employer_profile_update(*, employer: Employer, by: User, siret: str | None = None, **fields) -> Employer:
    """The organisation edits its record, SIRET included while the school has not approved it.

    The school checks the SIRET when it approves an employer: afterwards only an officer changes it,
    so an approved account cannot swap its identity. Other fields go through ``employer_update``.
    """
    with transaction.atomic():
        siret = (siret or "").replace(" ", "") or None
        if siret is None or siret == employer.siret:
            return employer_update(employer=employer, by=by, **fields)
        if employer.is_approved and not by.is_officer:
            message = _(
                "Le SIRET d'une entreprise validée ne se modifie que par l'école : écrivez à votre chargé·e d'insertion."
            )
            raise ApplicationError(message, extra={"fields": {"siret": [message]}}, status_code=403)
        previous = employer.siret
        employer.siret = siret  # checked (key and uniqueness) by employer_update's full_clean
        employer = employer_update(employer=employer, by=by, **fields)
        audit_log(actor=by, action="employer.siret_changed", target=employer, previous=previous, siret=siret)
    return employer
