"""Writes on employers, partnerships and offers: validation, transactions, logs, announcements."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import Invitation, User
from backend.accounts.services import invitation_create
from backend.core import events
from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError, ConflictError
from backend.core.services import full_clean, require_officer
from backend.core.text import fold
from backend.taxonomy.models import Appellation, Occupation, Skill

from .models import Contact, Employer, Interaction, Offer, OfferSkill, OfferTransitionLog, Partnership

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "a",
    "code",
    "pre",
}


# A list item: "- ", "* ", "• ", "– ", "1. " or "1) " at the start of a line.
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+•–—]|\d{1,3}[.)])\s+\S")


def _lists_as_meant(text: str) -> str:
    """Employers type a list right under its lead-in ("Missions :" then "- …") and go on with the
    next paragraph right under its last item, without the blank lines Markdown needs: a blank line is
    put around each such list so it renders as a list and the line after it is not swallowed by its
    last item. Bullets pasted from word processors ("•", "–") become Markdown's "-", "1)" its "1."."""
    out: list[str] = []
    in_list = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if _LIST_ITEM.match(line):
            if out and out[-1].strip() and not in_list:
                out.append("")
            line = re.sub(r"^(\s{0,3})[•–—]", r"\1-", line)
            line = re.sub(r"^(\s{0,3}\d{1,3})\)", r"\1.", line)
            in_list = True
        elif not line.strip():
            in_list = False
        elif in_list and not line.startswith(("  ", "\t")):
            out.append("")  # an unindented line right after the last item starts a new paragraph
            in_list = False
        out.append(line)
    return "\n".join(out)


def render_description(text: str) -> str:
    """Markdown (or pasted HTML) to sanitised HTML: no script, no style, no event handler.

    A line break typed in the form is one on the page (``nl2br``): employers write one task a line."""
    html = markdown.markdown(_lists_as_meant(text or ""), extensions=["sane_lists", "nl2br"])
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="nofollow noopener")


# ---------------------------------------------------------------- employers


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
    try:
        # Uniqueness is checked below, after every field: a taken SIRET must not read differently.
        employer.full_clean(validate_unique=False)
    except ValidationError as exc:
        fields = exc.message_dict
        raise ApplicationError(next(iter(fields.values()))[0], extra={"fields": fields})
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


def partnership_save(
    *, employer: Employer, by: User, partnership: Partnership | None = None, **fields
) -> Partnership:
    require_officer(by)
    partnership = partnership or Partnership(employer=employer)
    for key, value in fields.items():
        setattr(partnership, key, value)
    full_clean(partnership)
    with transaction.atomic():
        partnership.save()
        audit_log(actor=by, action="partnership.saved", target=partnership, fields=sorted(fields))
    return partnership


def interaction_log(
    *,
    employer: Employer,
    by: User,
    kind: str,
    summary: str,
    occurred_on: date | None = None,
    partnership=None,
) -> Interaction:
    require_officer(by)
    interaction = Interaction(
        employer=employer,
        partnership=partnership,
        kind=kind,
        summary=summary,
        occurred_on=occurred_on or timezone.localdate(),
        by=by,
    )
    full_clean(interaction)
    interaction.save()
    return interaction


# ---------------------------------------------------------------- offers

OFFER_FIELDS = {
    "title",
    "description",
    "appellation",
    "occupation",
    "contract_type",
    "contract_months",
    "internship_gratification",
    "start_date",
    "working_time",
    "weekly_hours",
    "remote",
    "remote_answered",
    "salary_min",
    "salary_max",
    "salary_period",
    "openings",
    "commune",
    "disability_friendly",
    "deadline",
}


def _occupation_from_person(offer: Offer, fields: dict, previous_appellation=None) -> None:
    """A ROME code given by a person (the form's appellation, the API's or CSV's code, France
    Travail's coding) is theirs: the classifier's later readings never replace it.

    An appellation picked without a code brings its fiche; an appellation cleared takes away the fiche
    it had brought, unless a code is given too."""
    if "occupation" not in fields and "appellation" not in fields:
        return
    if "occupation" not in fields:
        if offer.appellation_id:
            offer.occupation_id = offer.appellation.occupation_id
        elif previous_appellation is not None and offer.occupation_id == previous_appellation.occupation_id:
            offer.occupation = None
        else:
            return  # the appellation stays empty: the code (a person's or the model's) stays as it was
    offer.occupation_from_model = False


def _validate_offer(offer: Offer) -> None:
    errors: dict[str, list[str]] = {}
    if not offer.is_external and (offer.salary_min is None or offer.salary_max is None):
        errors["salary_min"] = [
            _("Indiquez un salaire : la transparence salariale est obligatoire pour publier une offre.")
        ]
    if offer.salary_min is not None and offer.salary_max is not None and offer.salary_min > offer.salary_max:
        errors["salary_max"] = [_("Le salaire maximum doit être supérieur ou égal au minimum.")]
    if offer.salary_min is not None and offer.salary_min <= 0:
        errors["salary_min"] = [
            _("Indiquez un salaire : la transparence salariale est obligatoire pour publier une offre.")
        ]
    if (
        offer.contract_type in (Offer.ContractType.CDD, Offer.ContractType.STAGE)
        and not offer.contract_months
    ):
        errors["contract_months"] = [_("Indiquez la durée du contrat en mois.")]
    if (
        offer.contract_type == Offer.ContractType.STAGE
        and offer.contract_months
        and offer.contract_months > 6
    ):
        errors["contract_months"] = [_("Un stage dure au plus 6 mois.")]
    # A published offer past its deadline expires on its own; any other must get a future deadline
    # before it goes (back) to moderation, or it would be published only to expire within the hour.
    if offer.deadline and offer.deadline < timezone.localdate() and offer.status != Offer.Status.PUBLISHED:
        errors["deadline"] = [_("La date limite de candidature est déjà passée.")]
    if offer.working_time == Offer.WorkingTime.PART_TIME and not offer.weekly_hours:
        errors["weekly_hours"] = [_("Pour un temps partiel, indiquez le nombre d'heures par semaine.")]
    if offer.appellation_id and not offer.occupation_id:
        offer.occupation_id = offer.appellation.occupation_id
    try:
        # The rules behind the table's constraints are checked above with clearer messages; the
        # database still enforces them. Skipping them here saves one query per constraint.
        # A territory offer may go without a salary (France Travail publishes none for most).
        exclude = ["employer", "created_by", "duplicated_from"]
        if offer.is_external:
            # The feed resolved its commune and ROME fiche from the tables: no second lookup each.
            exclude += ["salary_min", "salary_max", "commune", "occupation", "appellation"]
        offer.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, extra={"fields": errors})


def _refresh_derived(offer: Offer) -> None:
    offer.description_html = render_description(offer.description)
    offer.content_hash = offer.compute_content_hash()


def offer_search_text(offer: Offer, *, skill_labels: list[str] | None = None) -> str:
    """The accent-folded text public search reads: title, ROME appellation, description, skills and
    commune. ``skill_labels``: the skills of an offer not saved yet (else read from its rows)."""
    if skill_labels is None:
        skill_labels = list(offer.offer_skills.values_list("skill__label_fr", flat=True)) if offer.pk else []
    commune = offer.commune.name if offer.commune_id else ""
    appellation = offer.appellation.label if offer.appellation_id else ""
    return fold(" ".join([offer.title, appellation, offer.description, " ".join(skill_labels), commune]))


def _refresh_search_text(offer: Offer) -> None:
    offer.search_text = offer_search_text(offer)


def _set_skills(
    offer: Offer, skills: list[tuple[Skill, str]] | None, dismissed: list[Skill] | None = None
) -> None:
    """Make the offer's skills what the person chose; what they removed from the text's list is
    remembered as dismissed so the pipeline does not bring it back."""
    if dismissed:
        offer.dismissed_skills.add(*dismissed)
    if skills is None:
        return
    wanted = {skill.pk: level for skill, level in skills}
    for level in wanted.values():
        if level not in OfferSkill.Level.values:
            raise ApplicationError(_("Niveau de compétence inconnu : %(l)s") % {"l": level})
    removed = offer.offer_skills.exclude(skill_id__in=wanted)
    removed_extracted = list(
        removed.filter(source=OfferSkill.Source.EXTRACTED).values_list("skill_id", flat=True)
    )
    if removed_extracted:
        offer.dismissed_skills.add(*removed_extracted)
    removed.delete()
    if wanted:
        offer.dismissed_skills.remove(*wanted)
    existing = {os.skill_id: os for os in offer.offer_skills.all()}
    for skill_id, level in wanted.items():
        row = existing.get(skill_id)
        if row is None:
            OfferSkill.objects.create(
                offer=offer, skill_id=skill_id, level=level, source=OfferSkill.Source.DECLARED
            )
        elif row.level != level or row.source == OfferSkill.Source.EXTRACTED:
            # A person kept or changed it: it is theirs now.
            row.level = level
            if row.source == OfferSkill.Source.EXTRACTED:
                row.source = OfferSkill.Source.CONFIRMED
            row.save(update_fields=["level", "source"])


def offer_create(
    *,
    employer: Employer,
    by: User,
    skills: list[tuple[Skill, str]] | None = None,
    dismissed_skills: list[Skill] | None = None,
    **fields,
) -> Offer:
    """Save a draft offer; extraction is announced once the transaction commits."""
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise ApplicationError(_("Champs inconnus : %(f)s") % {"f": ", ".join(sorted(unknown))})
    offer = Offer(employer=employer, created_by=by, **fields)
    _occupation_from_person(offer, fields)
    _validate_offer(offer)
    _refresh_derived(offer)
    with transaction.atomic():
        offer.save()
        _set_skills(offer, skills, dismissed_skills)
        _refresh_search_text(offer)
        offer.save(update_fields=["search_text"])
        _log(offer, by, "create", "", offer.status)
        events.publish("offer.changed", offer_id=offer.pk, content_hash=offer.content_hash)
    return offer


def offer_update(
    *,
    offer: Offer,
    by: User,
    skills: list[tuple[Skill, str]] | None = None,
    dismissed_skills: list[Skill] | None = None,
    expected_updated_at=None,
    **fields,
) -> Offer:
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise ApplicationError(_("Champs inconnus : %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if offer.status not in Offer.EDITABLE:
            raise ApplicationError(
                _("Une offre « %(s)s » ne se modifie plus : dupliquez-la pour en publier une nouvelle.")
                % {"s": offer.get_status_display().lower()}
            )
        if expected_updated_at and offer.updated_at != expected_updated_at:
            raise ConflictError(_("L'offre a été modifiée entre-temps par un collègue : rechargez la page."))
        previous_hash = offer.compute_content_hash()
        previous_appellation = offer.appellation
        for key, value in fields.items():
            setattr(offer, key, value)
        _occupation_from_person(offer, fields, previous_appellation)
        _validate_offer(offer)
        _refresh_derived(offer)
        # A new text on a live offer of an employer the school does not partner with goes back to
        # moderation: approval was for the text the school read.
        remoderate = (
            offer.status == Offer.Status.PUBLISHED
            and offer.content_hash != previous_hash
            and not (offer.employer.is_approved and offer.employer.has_active_partnership())
        )
        if remoderate:
            offer.status = Offer.Status.SUBMITTED
        offer.save()
        if remoderate:
            _log(
                offer,
                by,
                "resubmit",
                Offer.Status.PUBLISHED,
                Offer.Status.SUBMITTED,
                _("Texte modifié après publication : nouvelle validation par l'école."),
            )
        _set_skills(offer, skills, dismissed_skills)
        _refresh_search_text(offer)
        offer.save(update_fields=["search_text"])
        events.publish("offer.changed", offer_id=offer.pk, content_hash=offer.content_hash)
    return offer


def offer_skills_refresh_search(*, offer: Offer) -> None:
    """Called after skills change outside the form (NLP extraction)."""
    _refresh_search_text(offer)
    Offer.objects.filter(pk=offer.pk).update(search_text=offer.search_text)


def _log(
    offer: Offer, by: User | None, transition: str, from_state: str, to_state: str, note: str = ""
) -> None:
    OfferTransitionLog.objects.create(
        offer=offer, actor=by, transition=transition, from_state=from_state, to_state=to_state, note=note
    )


def offer_transition(*, offer: Offer, transition: str, by: User | None, reason: str = "") -> Offer:
    """Apply one named transition of ``Offer.TRANSITIONS``, logged in the same transaction."""
    if transition not in Offer.TRANSITIONS:
        raise ApplicationError(_("Action inconnue : %(t)s") % {"t": transition})
    sources, target = Offer.TRANSITIONS[transition]
    with transaction.atomic():
        locked = Offer.objects.select_for_update(of=("self",)).select_related("employer").get(pk=offer.pk)
        if locked.status not in sources:
            raise ConflictError(
                _("Impossible : l'offre est « %(s)s ».") % {"s": locked.get_status_display().lower()},
                extra={"status": locked.status, "transition": transition},
            )
        if transition == "approve" and not locked.employer.is_approved:
            raise ApplicationError(
                _("L'employeur %(e)s n'est pas encore validé : validez-le avant de publier ses offres.")
                % {"e": locked.employer.name}
            )
        if transition == "decline" and not reason.strip():
            raise ApplicationError(
                _("Indiquez le motif du refus : l'employeur le verra pour corriger son offre.")
            )
        if transition == "submit":
            _validate_offer(locked)
        previous = locked.status
        locked.status = target
        now = timezone.now()
        if transition == "approve":
            locked.published_at = now
            locked.refreshed_at = now
            locked.moderation_reason = ""
        elif transition == "decline":
            locked.moderation_reason = reason.strip()
        locked.save()
        _log(locked, by, transition, previous, target, reason.strip())
        if transition == "approve":
            events.publish("offer.published", offer_id=locked.pk)
    return locked


def offer_submit(*, offer: Offer, by: User) -> Offer:
    """Send for moderation; approved partners of the school are published at once."""
    offer = offer_transition(offer=offer, transition="submit", by=by)
    employer = offer.employer
    if employer.is_approved and employer.has_active_partnership():
        offer = offer_transition(
            offer=offer, transition="approve", by=None, reason=_("Publication automatique (partenaire)")
        )
    return offer


def offer_refresh(*, offer: Offer, by: User) -> Offer:
    """The employer confirms the offer is still open: it will not expire for another 60 days."""
    if offer.status != Offer.Status.PUBLISHED:
        raise ApplicationError(_("Seule une offre publiée peut être actualisée."))
    Offer.objects.filter(pk=offer.pk).update(refreshed_at=timezone.now())
    offer.refresh_from_db()
    return offer


def offer_duplicate(*, offer: Offer, by: User) -> Offer:
    skills = [(os.skill, os.level) for os in offer.offer_skills.select_related("skill")]
    fields = {name: getattr(offer, name) for name in OFFER_FIELDS}
    if fields["deadline"] and fields["deadline"] < timezone.localdate():
        fields["deadline"] = None
    if fields["start_date"] and fields["start_date"] < timezone.localdate():
        fields["start_date"] = None
    fields["title"] = offer.title
    if offer.occupation_from_model:
        del fields["occupation"]  # the classifier reads the copy's text again; nobody chose this code
    copy = offer_create(employer=offer.employer, by=by, skills=skills, **fields)
    Offer.objects.filter(pk=copy.pk).update(duplicated_from=offer)
    copy.duplicated_from = offer
    return copy


@dataclass
class ExpiryReport:
    due: list[int] = field(default_factory=list)
    expired: list[int] = field(default_factory=list)


def offers_expire(*, wet_run: bool, batch_size: int = 500, now=None) -> ExpiryReport:
    """Expire published offers past their deadline or without refresh for OFFER_STALE_DAYS."""
    from datetime import timedelta

    from django.conf import settings
    from django.db.models import Q

    now = now or timezone.now()
    stale_before = now - timedelta(days=settings.OFFER_STALE_DAYS)
    # Same rule as Offer.expiry_due: the last refresh, or the publication when never refreshed.
    due_q = Q(status=Offer.Status.PUBLISHED) & (
        Q(deadline__lt=timezone.localdate(now))
        | Q(refreshed_at__lt=stale_before)
        | Q(refreshed_at__isnull=True, published_at__lt=stale_before)
    )
    report = ExpiryReport(due=list(Offer.objects.filter(due_q).order_by("pk").values_list("pk", flat=True)))
    if not wet_run:
        return report
    for start in range(0, len(report.due), batch_size):
        chunk = report.due[start : start + batch_size]
        with transaction.atomic():
            for offer in Offer.objects.select_for_update(skip_locked=True).filter(pk__in=chunk).filter(due_q):
                previous = offer.status
                offer.status = Offer.Status.EXPIRED
                offer.save(update_fields=["status", "updated_at"])
                _log(
                    offer,
                    None,
                    "expire",
                    previous,
                    offer.status,
                    "Date limite dépassée ou offre non actualisée",
                )
                report.expired.append(offer.pk)
    return report


# ---------------------------------------------------------------- analysis results (from matching's NLP task)

# Facts the pipeline may write into an offer, and only into an empty field.
FILLABLE_FACTS = {"contract_months", "start_date", "occupation_id", "weekly_hours"}


def offer_analysis_apply(
    *, offer_id: int, content_hash: str, skills: list[dict], facts: dict[str, dict]
) -> bool:
    """Store what the NLP pipeline read in an offer's text. Idempotent; returns False when stale.

    ``skills``: ``[{"uid", "level", "evidence", "start", "end"}]``. A skill the employer chose or
    confirmed keeps its level and source; extracted rows the text no longer supports are removed.
    ``facts``: ``{field: {"value", "evidence"}}``. A fact fills a field only when it is empty, and is
    then flagged ``applied`` so the employer is asked to confirm it; a fact that contradicts what a
    person typed is kept as a suggestion (``applied`` false), never written over their value.
    """
    with transaction.atomic():
        offer = Offer.objects.select_for_update().filter(pk=offer_id).first()
        if offer is None or offer.content_hash != content_hash:
            return False  # deleted, or edited since: the newer announcement will analyse it
        if offer.analysed_hash == content_hash:
            return False  # already done (a retried or duplicated task)
        uids = {s["uid"] for s in skills}
        dismissed = set(offer.dismissed_skills.values_list("id", flat=True))
        skill_ids = {
            uid: pk
            for uid, pk in Skill.objects.filter(uid__in=uids).values_list("uid", "id")
            if pk not in dismissed
        }
        existing = {row.skill_id: row for row in offer.offer_skills.all()}
        found = set()
        for item in skills:
            skill_id = skill_ids.get(item["uid"])
            if skill_id is None or skill_id in found:
                continue
            found.add(skill_id)
            row = existing.get(skill_id)
            evidence = (item.get("evidence") or "")[:300]
            if row is None:
                OfferSkill.objects.create(
                    offer=offer,
                    skill_id=skill_id,
                    level=item.get("level")
                    if item.get("level") in OfferSkill.Level.values
                    else OfferSkill.Level.REQUIRED,
                    source=OfferSkill.Source.EXTRACTED,
                    evidence=evidence,
                    start=item.get("start"),
                    end=item.get("end"),
                )
            elif row.source == OfferSkill.Source.EXTRACTED:
                row.evidence, row.start, row.end = evidence, item.get("start"), item.get("end")
                row.save(update_fields=["evidence", "start", "end"])
        offer.offer_skills.filter(source=OfferSkill.Source.EXTRACTED).exclude(skill_id__in=found).delete()

        recorded: dict[str, dict] = {}
        update_fields = ["analysed_hash", "analysed_at", "extracted_facts", "updated_at"]
        facts = dict(facts)
        rome = facts.pop("occupation_id", None)
        if rome is not None:
            recorded["occupation_id"] = _occupation_reading_apply(offer, rome, update_fields)
        for name, fact in facts.items():
            value = fact.get("value")
            if value in (None, ""):
                continue
            current = getattr(offer, name, None)
            applied = False
            fits = name != "contract_months" or offer.contract_type in Offer.CONTRACTS_WITH_DURATION
            # A remote policy the employer left blank in the form is the one the text states.
            unanswered = name == "remote" and not offer.remote_answered and value in Offer.Remote.values
            if unanswered or (name in FILLABLE_FACTS and current in (None, "") and fits):
                setattr(offer, name, value)
                update_fields.append(name)
                applied = True
            recorded[name] = {
                "value": str(value),
                "evidence": (fact.get("evidence") or "")[:200],
                "applied": applied,
                "differs": not applied and current not in (None, "") and not _same_fact_value(current, value),
            }
        offer.extracted_facts = recorded
        offer.analysed_hash = content_hash
        offer.analysed_at = timezone.now()
        offer.save(update_fields=update_fields)
        _refresh_search_text(offer)
        Offer.objects.filter(pk=offer.pk).update(search_text=offer.search_text)
    return True


def _occupation_reading_apply(offer: Offer, fact: dict, update_fields: list[str]) -> dict:
    """The ROME classifier's reading of an offer: its code (empty when it abstains), its confidence
    and the candidates it hesitated between, which the officers' « Offres à coder » queue offers.

    It fills an empty code, and replaces its own earlier answer (a new text, a new model); when it
    is no longer sure, its earlier answer goes and the offer joins the queue. A code a person chose
    (``occupation_from_model`` false) is never touched: the reading is kept beside it."""
    value = str(fact.get("value") or "")
    if value and not Occupation.objects.filter(pk=value).exists():
        value = ""  # a fiche the reference tables do not hold (an older taxonomy): nothing to apply
    current = offer.occupation_id
    ours = current is None or offer.occupation_from_model
    applied = False
    if ours and value:
        applied = True
        if current != value:
            offer.occupation_id = value
            update_fields.append("occupation")
        if not offer.occupation_from_model:
            offer.occupation_from_model = True
            update_fields.append("occupation_from_model")
    elif ours and current is not None:  # our own earlier answer, and now the model abstains
        offer.occupation_id, offer.occupation_from_model = None, False
        update_fields += ["occupation", "occupation_from_model"]
    candidates = [
        {"code": str(c.get("code", "")), "label": str(c.get("label", ""))[:300], "score": c.get("score")}
        for c in (fact.get("candidates") or [])[:3]
        if isinstance(c, dict)
    ]
    return {
        "value": value,
        "evidence": (fact.get("evidence") or "")[:200] if value else "",
        "applied": applied,
        "differs": bool(value) and not ours and current != value,
        "confidence": fact.get("confidence"),
        "candidates": candidates,
    }


def offer_occupation_choose(
    *,
    offer: Offer,
    by: User,
    occupation: Occupation | None = None,
    appellation: Appellation | None = None,
    if_uncoded: bool = False,
) -> Offer:
    """An officer codes an offer's ROME fiche (from the classifier's candidates, or any appellation).

    The choice is a person's: later analyses never replace it. It is logged in the offer's history
    (who, when, which fiche, the candidates the classifier proposed) and in the audit log.
    ``if_uncoded``: refuse when someone coded it meanwhile (the queue's one-click buttons)."""
    require_officer(by)
    if appellation is not None:
        if occupation is not None and occupation.pk != appellation.occupation_id:
            raise ApplicationError(
                _("L'appellation « %(a)s » relève de la fiche %(c)s, pas de %(o)s.")
                % {"a": appellation.label, "c": appellation.occupation_id, "o": occupation.pk},
                extra={"fields": {"occupation": [_("Fiche différente de celle de l'appellation.")]}},
            )
        occupation = appellation.occupation
    if occupation is None:
        message = _(
            "Choisissez un métier ROME : une des propositions, ou un métier cherché dans le référentiel."
        )
        raise ApplicationError(message, extra={"fields": {"occupation": [message]}})
    with transaction.atomic():
        locked = Offer.objects.select_for_update(of=("self",)).select_related("occupation").get(pk=offer.pk)
        if if_uncoded and locked.occupation_id is not None and not locked.occupation_from_model:
            raise ConflictError(
                _("Cette offre vient d'être codée : %(o)s.") % {"o": locked.occupation},
                extra={"occupation": locked.occupation_id},
            )
        previous = locked.occupation_id
        reading = (locked.extracted_facts or {}).get("occupation_id") or {}
        candidates = reading.get("candidates") or []
        locked.occupation = occupation
        locked.occupation_from_model = False
        fields = ["occupation", "occupation_from_model", "updated_at"]
        if appellation is not None:
            locked.appellation = appellation
            fields.append("appellation")
        elif locked.appellation_id and locked.appellation.occupation_id != occupation.pk:
            locked.appellation = None  # an appellation of another fiche would contradict the code
            fields.append("appellation")
        locked.save(update_fields=fields)
        if appellation is not None:
            _refresh_search_text(locked)
            Offer.objects.filter(pk=locked.pk).update(search_text=locked.search_text)
        proposed = " · ".join(
            f"{c.get('code')} {c.get('label')}"
            + (f" ({round(100 * c['score'])} %)" if isinstance(c.get("score"), int | float) else "")
            for c in candidates
        )
        chosen = f"{occupation.pk} — {occupation.label}"
        if appellation is not None:
            chosen += f" ({appellation.label})"
        note = _("Métier ROME : %(c)s.") % {"c": chosen}
        if proposed:
            note += " " + _("Propositions du modèle : %(p)s.") % {"p": proposed}
        _log(locked, by, "code_rome", locked.status, locked.status, note)
        audit_log(
            actor=by,
            action="offer.occupation_chosen",
            target=locked,
            occupation=occupation.pk,
            appellation=appellation.pk if appellation is not None else None,
            previous=previous,
            candidates=candidates,
            confidence=reading.get("confidence"),
        )
    return locked


def _same_fact_value(current, value) -> bool:
    """Whether a typed value and a value read from the text say the same thing.

    Numbers compare as numbers (the salary typed is a Decimal "2000.00", the one read a float 2000.0),
    dates by day, choices and words without regard to case.
    """
    if current is None or value is None:
        return current is value
    if isinstance(current, int | float | Decimal) and not isinstance(current, bool):
        try:
            return Decimal(str(current)) == Decimal(str(value))
        except (InvalidOperation, ValueError):
            return False
    if isinstance(current, date):
        return current.isoformat() == str(value)[:10]
    return str(current).strip().casefold() == str(value).strip().casefold()


def offer_fact_confirm(*, offer: Offer, by: User, name: str, accept: bool) -> Offer:
    """The employer accepts or rejects one fact the pipeline read (and maybe applied)."""
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        facts = dict(offer.extracted_facts)
        fact = facts.get(name)
        if fact is None:
            raise ApplicationError(_("Cette information n'a pas été détectée dans l'offre."))
        if not accept and fact.get("applied") and name in FILLABLE_FACTS:
            setattr(offer, name, None)
        if name == "remote" and fact.get("applied"):
            if accept:
                offer.remote_answered = True  # the employer now stands by the policy read in the text
            else:
                offer.remote = Offer.Remote.ONSITE
        if name == "occupation_id" and fact.get("applied"):
            # Kept or taken away, the code is now the employer's decision, not the model's guess.
            offer.occupation_from_model = False
        facts[name] = {**fact, "confirmed": accept}
        offer.extracted_facts = facts
        offer.save()
        audit_log(actor=by, action="offer.fact_confirmed", target=offer, fact=name, accept=accept)
    return offer


# ---------------------------------------------------------------- employer record through the API (added)


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


# ---------------------------------------------------------------- territory offers (France Travail's feed)

EXTERNAL_FIELDS = OFFER_FIELDS | {"external_url", "published_employer", "published_at"}


def offer_external_save(*, source: str, external_id: str, fields: dict) -> tuple[Offer, bool, bool]:
    """Create or update a published territory offer by its reference at ``source``; never a partner's.

    Returns ``(offer, created, content_changed)``. A new text is announced like any offer's
    (``offer.changed``: the NLP pipeline reads it again); a closed offer seen again is published again.
    """
    if source == Offer.Source.PARTNER or not external_id:
        raise ApplicationError(_("Une offre du territoire a une origine externe et une référence."))
    unknown = set(fields) - EXTERNAL_FIELDS
    if unknown:
        raise ApplicationError(_("Champs inconnus : %(f)s") % {"f": ", ".join(sorted(unknown))})
    now = timezone.now()
    with transaction.atomic():
        offer = Offer.objects.select_for_update().filter(source=source, external_id=external_id).first()
        created = offer is None
        if created:
            offer = Offer(source=source, external_id=external_id, status=Offer.Status.PUBLISHED)
        previous_hash = offer.content_hash
        previous_status = offer.status
        for key, value in fields.items():
            setattr(offer, key, value)
        if fields.get("occupation") is not None:
            offer.occupation_from_model = False  # France Travail's coding, not our classifier's
        offer.published_at = offer.published_at or now
        offer.refreshed_at = now
        offer.status = Offer.Status.PUBLISHED
        _validate_offer(offer)
        _refresh_derived(offer)
        # Skills, which the search text includes, come later from the NLP: an existing offer keeps its own.
        _refresh_search_text(offer)
        offer.save()
        if created:
            _log(offer, None, "create", "", offer.status, _("Offre du territoire (France Travail)"))
        elif previous_status != offer.status:
            _log(
                offer,
                None,
                "reopen",
                previous_status,
                offer.status,
                _("De nouveau publiée par France Travail"),
            )
        changed = offer.content_hash != previous_hash
        if changed:
            events.publish("offer.changed", offer_id=offer.pk, content_hash=offer.content_hash)
        elif previous_status != offer.status:
            # Back online with the same text: scored again; a new text is scored after its analysis.
            events.publish("offer.published", offer_id=offer.pk)
    return offer, created, changed


def offer_external_close(*, offer: Offer, note: str) -> bool:
    """Close a territory offer its source no longer publishes; a partner's offer is never touched."""
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        if not locked.is_external or not locked.can("close"):
            return False
        previous = locked.status
        locked.status = Offer.Status.CLOSED
        locked.save(update_fields=["status", "updated_at"])
        _log(locked, None, "close", previous, locked.status, note)
    return True


def offer_external_link_duplicate(*, offer: Offer, partner_offer: Offer | None) -> None:
    """Mark a territory offer as repeating a partner's own offer (shown once), or unmark it."""
    if not offer.is_external or (partner_offer is not None and partner_offer.is_external):
        raise ApplicationError(_("Seule une offre du territoire peut doubler l'offre d'un partenaire."))
    Offer.objects.filter(pk=offer.pk).update(duplicate_of=partner_offer)
    offer.duplicate_of = partner_offer


# ---------------------------------------------------------------- prospects (the partnership CRM)


def employer_prospect_add(*, name: str, commune, by: User, summary: str) -> Employer:
    """An officer adds a company to the CRM as a prospect, with the first entry of its log.

    The company is known only by its name as published and a commune: no SIRET, no size, no account.
    A name already in the CRM (prospect or not, accents and case aside) is refused with its id.
    """
    require_officer(by)
    name = " ".join((name or "").split())[:200]
    if not name:
        raise ApplicationError(_("Indiquez le nom de l'entreprise à ajouter au suivi."))
    known = next((e for e in Employer.objects.only("id", "name") if fold(e.name) == fold(name)), None)
    if known is not None:
        raise ApplicationError(
            _("%(e)s est déjà dans le suivi des entreprises.") % {"e": known.name},
            extra={"employer_id": known.pk},
            status_code=409,
        )
    try:
        with transaction.atomic():
            employer = Employer.objects.create(
                name=name, commune=commune, status=Employer.Status.PROSPECT, siret=None, size_band=""
            )
            interaction_log(employer=employer, by=by, kind=Interaction.Kind.NOTE, summary=summary)
            audit_log(actor=by, action="employer.prospect_added", target=employer)
    except IntegrityError:
        # Another officer added the same name a moment ago (employer_prospect_unique_name).
        known = Employer.objects.filter(name__iexact=name).first()
        raise ApplicationError(
            _("%(e)s vient d'être ajoutée au suivi.") % {"e": name},
            extra={"employer_id": known.pk if known else None},
            status_code=409,
        )
    return employer


def employer_prospect_convert(
    *, employer: Employer, by: User, siret: str, size_band: str, kind: str, commitments: str = ""
) -> Partnership:
    """A prospect becomes a partner: its SIRET and size recorded, approved, an active partnership from
    today followed by the officer, and the step written in its log — all or nothing."""
    require_officer(by)
    siret = (siret or "").replace(" ", "").replace(".", "")
    with transaction.atomic():
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        if not employer.is_prospect:
            raise ApplicationError(_("%(e)s n'est pas un prospect.") % {"e": employer.name})
        if not siret:
            message = _("Indiquez le SIRET de l'entreprise (14 chiffres, sur societe.com ou l'annuaire).")
            raise ApplicationError(message, extra={"fields": {"siret": [message]}})
        employer.siret, employer.size_band = siret, size_band
        employer.status = Employer.Status.APPROVED
        employer.reviewed_by, employer.reviewed_at = by, timezone.now()
        full_clean(employer)
        employer.save()
        today = timezone.localdate()
        partnership = Partnership(
            employer=employer,
            kind=kind,
            status=Partnership.Status.ACTIVE,
            start_date=today,
            officer=by,
            commitments=commitments,
        )
        full_clean(partnership)
        partnership.save()
        interaction_log(
            employer=employer,
            by=by,
            kind=Interaction.Kind.NOTE,
            summary=_("Devenue partenaire : %(k)s.") % {"k": partnership.get_kind_display()},
            partnership=partnership,
        )
        audit_log(actor=by, action="employer.prospect_converted", target=employer, kind=kind)
    return partnership
