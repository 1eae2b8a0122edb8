"""Writes for internship agreements: creation, each party's part, signatures, start and end, avenants.

Who asks decides what they may do (:func:`party_of`): an officer acts for the school, a contact of the
host organisation for the host, the graduate for herself. Every rule of the law the school applies is
checked here (:func:`agreement_problems`), so the pages and the API say the same thing.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError, ConflictError
from backend.core.services import full_clean, require_officer
from backend.taxonomy.models import Skill
from employers.models import Offer
from graduates.models import Graduate, GraduateSkill
from graduates.services import graduate_skill_confirm_in_internship
from placements import notifications
from placements.models import Application, Notification, Placement
from placements.services import employer_of, hosted_internship_record

from . import pdf, rules
from .models import (
    CONTENT_FIELDS,
    HOST_FIELDS,
    SCHOOL_FIELDS,
    TRAINEE_FIELDS,
    Agreement,
    AgreementTransition,
    AgreementVersion,
    EvaluatedSkill,
    Party,
    Signature,
    SigningNotice,
    TraineeReport,
    TutorEvaluation,
    of_name,
)
from .rules import REQUIRED, agreement_problems

PART_FIELDS = {Party.SCHOOL: SCHOOL_FIELDS, Party.HOST: HOST_FIELDS, Party.TRAINEE: TRAINEE_FIELDS}
DEFAULT_LEAVE = (
    "Au-delà de deux mois de stage, le ou la stagiaire a droit à des congés et autorisations d'absence : "
    "2,5 jours ouvrables par mois de présence, à prendre en accord avec le tuteur ou la tutrice. Toute "
    "absence est signalée le jour même à l'organisme d'accueil et à l'école (article L124-13 du Code de "
    "l'éducation). Les absences pour maladie, grossesse, paternité ou adoption suivent les règles du travail."
)


def party_of(*, agreement: Agreement, user: User | None) -> str | None:
    """The party ``user`` acts for on this agreement, or None when it is none of their business."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_officer:
        return Party.SCHOOL
    if user.is_graduate and agreement.graduate.user_id == user.pk:
        return Party.TRAINEE
    employer = employer_of(user)
    if user.is_employer and employer is not None and employer.pk == agreement.employer_id:
        return Party.HOST
    return None


def _log(agreement: Agreement, *, transition: str, before: str, by: User | None, note: str = "") -> None:
    AgreementTransition.objects.create(
        agreement=agreement,
        transition=transition,
        from_state=before,
        to_state=agreement.status,
        actor=by,
        note=note,
    )


def _move(agreement: Agreement, *, transition: str, by: User | None, role: str, note: str = "") -> None:
    move = Agreement.TRANSITIONS[transition]
    if not move.open_to(role):
        raise ApplicationError(_("Vous ne pouvez pas faire cette étape de la convention."), status_code=403)
    if not move.starts_from(agreement.status):
        raise ConflictError(
            _("La convention est « %(s)s » : cette étape n'est plus possible.")
            % {"s": agreement.get_status_display().lower()},
            extra={"status": agreement.status},
        )
    before, target = agreement.status, move.target
    agreement.status = target
    now = timezone.now()
    if target == Agreement.Status.STARTED:
        agreement.started_at = now
    if target == Agreement.Status.ENDED:
        agreement.ended_at = now
    agreement.save(update_fields=["status", "started_at", "ended_at", "updated_at"])
    _log(agreement, transition=transition, before=before, by=by, note=note)


# ----------------------------------------------------------------- what the others are told of it


def _record_hosted(agreement: Agreement) -> None:
    """Tell placements (the partnership follow-up) about the internship once the three parties signed:
    the dates of the version in force and where the agreement stands. Nothing before that."""
    in_force = agreement.version_in_force()
    if in_force is None or agreement.status == Agreement.Status.DRAFT:
        return
    hosted_internship_record(
        agreement_id=agreement.pk,
        graduate=agreement.graduate,
        employer=agreement.employer,
        placement=agreement.placement,
        start_date=in_force.start_date,
        end_date=in_force.end_date,
        status=agreement.status,
    )


def party_users(agreement: Agreement, party: str) -> list[User]:
    """Who acts for ``party``: the officer who made the agreement (every officer if they left), the host's
    contacts with an account, the trainee."""
    if party == Party.SCHOOL:
        maker = agreement.created_by
        if maker is not None and maker.is_active and maker.is_officer:
            return [maker]
        return list(User.objects.filter(role=User.Role.OFFICER, is_active=True).order_by("pk"))
    if party == Party.HOST:
        contacts = agreement.employer.contacts.select_related("user").order_by("pk")
        return [c.user for c in contacts if c.user is not None and c.user.is_active]
    user = agreement.graduate.user
    return [user] if user is not None and user.is_active else []


def _once(version: AgreementVersion, kind: str, party: str = "") -> bool:
    """True the first time only: the row is written in the caller's transaction."""
    _notice, created = SigningNotice.objects.get_or_create(version=version, kind=kind, party=party)
    return created


def _tell(agreement: Agreement, parties, *, skip: User | None, subject: str, body: str) -> None:
    link = settings.SITE_URL + reverse("internships:detail", kwargs={"pk": agreement.pk})
    for party in parties:
        for user in party_users(agreement, party):
            if skip is not None and user.pk == skip.pk:
                continue  # the person who just did it knows
            notifications.notify(
                user=user, kind=Notification.Kind.SIGNATURE, subject=subject, body=body, link=link
            )


def _names(version: AgreementVersion) -> dict:
    return {
        "g": version.trainee_name,
        "de_g": of_name(version.trainee_name),  # « d'Inès Haddad », « de Paul Martin »
        "e": version.host_name,
        "n": version.number,
        "a": version.number - 1,  # version 2 is the first avenant, as the PDF numbers it
        "d": date_format(version.start_date, "j F Y"),
    }


def _tell_turns(agreement: Agreement, version: AgreementVersion, *, by: User | None) -> None:
    """Once the latest version can be signed (every part checked, the law's rules met), tell each party
    that has not signed it that it is their turn: once per party and version. The person whose check
    made it signable is told too: the e-mail is the reminder that outlives the page."""
    if agreement.status in (Agreement.Status.CANCELLED, Agreement.Status.ENDED):
        return
    if agreement_problems(version):
        return
    signed = {s.party for s in version.signatures.all()}
    names = _names(version)
    subject = (
        _("Avenant n° %(a)s à la convention de stage %(de_g)s : à vous de signer")
        if version.is_amendment
        else _("Convention de stage %(de_g)s : à vous de signer")
    ) % names
    for party in Party.values:
        if party in signed or not _once(version, SigningNotice.Kind.TURN, party):
            continue
        body = _(
            "La convention de stage %(de_g)s chez %(e)s (version %(n)s, stage à partir du %(d)s) est complète "
            "et vérifiée. C'est à vous de la signer, pour %(p)s : relisez-la et signez sur Tremplin."
        ) % (names | {"p": str(Party(party).label).lower()})
        _tell(agreement, [party], skip=None, subject=subject, body=body)


def _tell_signed(agreement: Agreement, version: AgreementVersion, *, by: User | None) -> None:
    if not _once(version, SigningNotice.Kind.SIGNED):
        return
    names = _names(version)
    subject = (
        _("Avenant n° %(a)s à la convention de stage %(de_g)s : signé par les trois parties")
        if version.is_amendment
        else _("Convention de stage %(de_g)s : signée par les trois parties")
    ) % names
    body = (
        _(
            "L'école, %(e)s et %(g)s ont signé la version %(n)s de la convention de stage : elle est en vigueur. "
            "Le document signé (PDF, avec les trois signatures et son empreinte) se télécharge sur Tremplin."
        )
        % names
    )
    _tell(agreement, Party.values, skip=by, subject=subject, body=body)


def _tell_amended(agreement: Agreement, version: AgreementVersion, *, by: User | None) -> None:
    if not _once(version, SigningNotice.Kind.AMENDED):
        return
    names = _names(version)
    subject = _("Convention de stage %(de_g)s : un avenant est à relire et à signer à nouveau") % names
    body = _(
        "L'école a fait l'avenant n° %(a)s à la convention de stage %(de_g)s chez %(e)s : « %(r)s ». "
        "La version signée reste en vigueur jusqu'à la signature de l'avenant. L'organisme d'accueil et "
        "le ou la stagiaire relisent et vérifient à nouveau leur partie, puis les trois parties signent."
    ) % (names | {"r": version.reason})
    _tell(agreement, Party.values, skip=by, subject=subject, body=body)


# ---------------------------------------------------------------------------------------- creation


@dataclass(frozen=True)
class AgreementSource:
    """One internship an agreement can still be made for, as the officer picks it."""

    value: str  # "application:<pk>" or "placement:<pk>", what the form posts
    graduate: Graduate
    employer_name: str
    start: date | None  # the internship's first day; None: not known yet (the agreement starts today)
    offer_title: str  # the internship offer of an accepted candidacy, "" for a recorded placement

    @property
    def cohort_name(self) -> str:
        return self.graduate.cohort.name


def _still_open(queryset, placement_start: str, today: date):
    """Rows whose internship has not begun: an agreement is signed before the first day (L124-1), and
    ``agreement_create`` refuses a start in the past. The start is the placement's, else the cohort's
    internship period's, else unknown (kept: the agreement then starts the day it is made)."""
    return queryset.annotate(
        internship_start=Coalesce(placement_start, "graduate__cohort__internship_start")
    ).filter(Q(internship_start__gte=today) | Q(internship_start__isnull=True))


def agreement_sources(*, today: date | None = None) -> list[AgreementSource]:
    """What an officer may still make an agreement from: accepted internship candidacies and training
    internships recorded as placements, with none yet, whose internship has not begun — the soonest
    first (the most urgent to sign), then by the graduate's name."""
    today = today or rules.today()
    applications = _still_open(
        Application.objects.filter(
            state=Application.State.HIRED,
            offer__contract_type=Offer.ContractType.STAGE,
            agreement__isnull=True,
        ).exclude(placement__agreement__isnull=False),
        "placement__start_date",
        today,
    ).select_related("graduate__cohort", "offer__employer")
    placements = _still_open(
        Placement.objects.filter(is_training_internship=True, employer__isnull=False, agreement__isnull=True)
        .exclude(status=Placement.Status.REJECTED)
        .exclude(application__agreement__isnull=False),
        "start_date",
        today,
    ).select_related("graduate__cohort", "employer")
    sources = [
        AgreementSource(
            value=f"application:{a.pk}",
            graduate=a.graduate,
            employer_name=a.offer.employer.name,
            start=a.internship_start,
            offer_title=a.offer.title,
        )
        for a in applications
    ]
    # A placement recorded from an accepted candidacy is the same internship: offered once, as the candidacy.
    offered = {a.pk for a in applications}
    sources += [
        AgreementSource(
            value=f"placement:{p.pk}",
            graduate=p.graduate,
            employer_name=p.employer.name,
            start=p.internship_start,
            offer_title="",
        )
        for p in placements
        if p.application_id not in offered
    ]
    sources.sort(
        key=lambda s: (s.start or today, s.graduate.last_name.casefold(), s.graduate.first_name.casefold())
    )
    return sources


def agreement_create(
    *, by: User, application: Application | None = None, placement: Placement | None = None, today=None
) -> Agreement:
    """Make an agreement, version 1, from an accepted internship candidacy or a training internship.

    What Tremplin already knows is filled in: the parties, the dates (the placement's, else the cohort's
    internship period), the offer's missions and gratification, the officer as the school's referent.
    """
    require_officer(by)
    if (application is None) == (placement is None):
        raise ApplicationError(_("Choisissez une candidature de stage acceptée ou un stage de la formation."))
    if application is not None:
        if application.offer.contract_type != Offer.ContractType.STAGE:
            raise ApplicationError(_("Cette candidature ne porte pas sur une offre de stage."))
        if application.state != Application.State.HIRED:
            raise ApplicationError(
                _(
                    "La candidature n'est pas acceptée (étape « %(s)s ») : la convention se fait après l'accord de l'organisme."
                )
                % {"s": application.get_state_display().lower()}
            )
        placement = getattr(application, "placement", None)
        graduate, employer, offer = application.graduate, application.offer.employer, application.offer
    else:
        if not placement.is_training_internship or placement.employer_id is None:
            raise ApplicationError(
                _("Ce placement n'est pas un stage de la formation chez un organisme de Tremplin.")
            )
        graduate, employer, offer = placement.graduate, placement.employer, placement.offer
        application = placement.application
    if (application is not None and Agreement.objects.filter(application=application).exists()) or (
        placement is not None and Agreement.objects.filter(placement=placement).exists()
    ):
        raise ConflictError(_("Une convention existe déjà pour ce stage."))

    cohort = graduate.cohort
    today = today or rules.today()
    start = (placement.start_date if placement else None) or cohort.internship_start or today
    end = (placement.end_date if placement else None) or cohort.internship_end or start
    if start < today:
        raise ApplicationError(
            _(
                "Le stage commence le %(d)s, date passée : une convention se signe avant le début du stage. "
                "Corrigez d'abord la date de début du stage (fiche du placement ou période de stage de la promotion)."
            )
            % {"d": date_format(start, "j F Y")},
            extra={"start_date": start.isoformat()},
        )
    contact = employer.contacts.filter(is_primary=True).first() or employer.contacts.first()
    commune = employer.commune
    with transaction.atomic():
        agreement = Agreement.objects.create(
            graduate=graduate,
            employer=employer,
            application=application,
            placement=placement,
            created_by=by,
        )
        version = AgreementVersion(
            agreement=agreement,
            number=1,
            created_by=by,
            school_name=settings.SCHOOL_NAME,
            school_address=settings.SCHOOL_ADDRESS,
            school_representative=settings.SCHOOL_REPRESENTATIVE,
            school_insurer=settings.SCHOOL_INSURER,
            programme=str(cohort.get_track_display()),
            referent_name=by.get_full_name(),
            referent_email=by.email,
            host_name=employer.name,
            host_siret=employer.siret or "",
            host_address=", ".join(filter(None, [employer.address, commune.label if commune else ""])),
            host_representative_name=str(contact) if contact else "",
            host_representative_title=contact.job_title if contact else "",
            tutor_name=str(contact) if contact else "",
            tutor_title=contact.job_title if contact else "",
            tutor_email=contact.email if contact else "",
            tutor_phone=contact.phone if contact else "",
            start_date=start,
            end_date=end,
            tasks=_offer_tasks(offer),
            gratification_hourly=_offer_hourly(offer),
            leave=DEFAULT_LEAVE,
            trainee_name=graduate.full_name,
            trainee_birth_date=graduate.birth_date,
            trainee_email=graduate.email,
        )
        full_clean(version, exclude=["agreement"])
        version.save()
        _log(agreement, transition="create", before="", by=by)
        audit_log(actor=by, action="internship.agreement_created", target=agreement)
    return agreement


def _offer_tasks(offer: Offer | None) -> str:
    if offer is None:
        return ""
    return f"{offer.title}\n\n{offer.description}"[:4000]


def _offer_hourly(offer: Offer | None) -> Decimal:
    """The offer's monthly gratification as an hourly amount (a 35-hour week: 151.67 hours a month)."""
    if offer is None or not offer.internship_gratification:
        return Decimal("0")
    return (offer.internship_gratification / Decimal("151.67")).quantize(Decimal("0.01"))


# ---------------------------------------------------------------------------------------- the parts


def _editable_version(agreement: Agreement) -> AgreementVersion:
    if agreement.status in (Agreement.Status.CANCELLED, Agreement.Status.ENDED):
        raise ConflictError(
            _("La convention est « %(s)s » : elle ne se modifie plus.")
            % {"s": agreement.get_status_display().lower()}
        )
    version = agreement.versions.select_for_update().order_by("-number").first()
    if version.is_frozen:
        raise ConflictError(
            _(
                "Cette version est déjà signée par au moins une partie : elle ne change plus. Pour modifier la "
                "convention, l'école fait un avenant (une nouvelle version que les trois parties signent)."
            ),
            extra={"version": version.number},
        )
    return version


def agreement_update_part(*, agreement: Agreement, by: User, data: dict, today=None) -> AgreementVersion:
    """Write what ``by`` completes: its own part (the school may correct every part before signatures).

    A change to another party's part undoes that party's check: it will read and check it again.
    """
    party = party_of(agreement=agreement, user=by)
    if party is None:
        raise ApplicationError(_("Cette convention ne vous concerne pas."), status_code=404)
    allowed = set(PART_FIELDS[party])
    if party == Party.SCHOOL:
        allowed |= set(HOST_FIELDS) | set(TRAINEE_FIELDS)
    unknown = set(data) - allowed
    if unknown:
        raise ApplicationError(
            _("Ces informations ne sont pas à remplir par vous : %(f)s.") % {"f": ", ".join(sorted(unknown))},
            status_code=403,
        )
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        version = _editable_version(locked)
        changed = [name for name, value in data.items() if getattr(version, name) != value]
        for name in changed:
            setattr(version, name, data[name])
        full_clean(version, exclude=["agreement"])
        if changed and rules.start_has_passed(version, on=today):
            raise ApplicationError(
                _(
                    "La date de début (%(d)s) est passée : une convention se signe avant le début du stage. "
                    "L'école choisit d'abord une date de début à partir d'aujourd'hui."
                )
                % {"d": date_format(version.start_date, "j F Y")},
                extra={"field": "start_date"},
            )
        if any(name in HOST_FIELDS for name in changed) and party != Party.HOST:
            version.host_completed_at = None
        if any(name in TRAINEE_FIELDS for name in changed) and party != Party.TRAINEE:
            version.trainee_completed_at = None
        if party == Party.HOST and changed:
            version.host_completed_at = None
        if party == Party.TRAINEE and changed:
            version.trainee_completed_at = None
        version.save()
        if changed:
            audit_log(actor=by, action="internship.part_updated", target=agreement, fields=sorted(changed))
            _tell_turns(locked, version, by=by)
    return version


def agreement_check_part(*, agreement: Agreement, by: User) -> AgreementVersion:
    """The host or the trainee says: my part is complete and right."""
    party = party_of(agreement=agreement, user=by)
    if party not in (Party.HOST, Party.TRAINEE):
        raise ApplicationError(
            _("Seuls l'organisme d'accueil et le ou la stagiaire vérifient leur partie."), status_code=403
        )
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        version = _editable_version(locked)
        labels = {f.name: f.verbose_name for f in AgreementVersion._meta.fields}
        missing = [
            str(labels[name]) for name in REQUIRED[party] if not str(getattr(version, name) or "").strip()
        ]
        if missing:
            raise ApplicationError(
                _("Il manque encore : %(f)s.") % {"f": ", ".join(missing)}, extra={"missing": missing}
            )
        field = "host_completed_at" if party == Party.HOST else "trainee_completed_at"
        setattr(version, field, timezone.now())
        version.save(update_fields=[field, "updated_at"])
        _tell_turns(locked, version, by=by)
    return version


# ---------------------------------------------------------------------------------------- signatures


def agreement_sign(
    *, agreement: Agreement, by: User, ip_address: str | None, version_number: int, today=None
) -> Signature:
    """``by`` signs the latest version for its party: the click of a signed-in person, recorded with
    the time, the address it came from and the SHA-256 of the exact PDF signed.

    The first signature freezes the version's PDF; the third makes the signed agreement and archives
    it. ``version_number`` is the version the person read: if it changed meanwhile, nothing is signed.
    Nothing is signed once the start has passed (:func:`rules.start_has_passed`, read on ``today``, the
    school's today unless the demo writes its history).
    """
    party = party_of(agreement=agreement, user=by)
    if party is None:
        raise ApplicationError(_("Cette convention ne vous concerne pas."), status_code=404)
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if locked.status in (Agreement.Status.CANCELLED, Agreement.Status.ENDED):
            raise ConflictError(
                _("La convention est « %(s)s » : elle ne se signe plus.")
                % {"s": locked.get_status_display().lower()}
            )
        version = locked.versions.order_by("-number").first()
        if version.number != version_number:
            raise ConflictError(
                _(
                    "La convention a changé depuis que vous l'avez ouverte (version %(n)s) : relisez-la avant de signer."
                )
                % {"n": version.number},
                extra={"version": version.number},
            )
        if version.signatures.filter(party=party).exists():
            raise ConflictError(_("Vous avez déjà signé cette version."))
        if rules.start_has_passed(version, on=today):
            raise ApplicationError(rules.passed_start_message(version), extra={"field": "start_date"})
        problems = agreement_problems(version)
        if problems:
            raise ApplicationError(
                _("La convention ne peut pas encore être signée : %(p)s") % {"p": " ".join(problems)},
                extra={"problems": problems},
            )
        if not version.is_frozen:
            document = pdf.render_document(version)
            version.document_pdf = document
            version.document_sha256 = hashlib.sha256(document).hexdigest()
            version.save(update_fields=["document_pdf", "document_sha256", "updated_at"])
        signature = Signature.objects.create(
            version=version,
            party=party,
            signer=by,
            signer_name=by.get_full_name() or by.email,
            ip_address=ip_address,
            document_sha256=version.document_sha256,
        )
        audit_log(
            actor=by,
            action="internship.signed",
            target=locked,
            version=version.number,
            party=party,
            sha256=version.document_sha256,
        )
        signatures = list(version.signatures.all())
        if {s.party for s in signatures} == set(Party.values):
            signed = pdf.render_signed(version, signatures)
            version.signed_pdf = signed
            version.signed_pdf_sha256 = hashlib.sha256(signed).hexdigest()
            version.save(update_fields=["signed_pdf", "signed_pdf_sha256", "updated_at"])
            if locked.status == Agreement.Status.DRAFT:
                _move(locked, transition="complete_signatures", by=None, role="system")
            _record_hosted(locked)
            _tell_signed(locked, version, by=by)
        else:
            # Normally told when the last part was checked; this covers a version that became signable
            # otherwise (another agreement's hours changing the rules' verdict).
            _tell_turns(locked, version, by=by)
    return signature


def missing_signatures(version: AgreementVersion) -> list[str]:
    signed = {s.party for s in version.signatures.all()}
    return [Party(p).label for p in Party.values if p not in signed]


def agreement_start(*, agreement: Agreement, by: User, today=None) -> Agreement:
    """The internship begins: never before the three parties signed, never before its first day."""
    require_officer(by)
    today = today or rules.today()
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        in_force = locked.version_in_force()
        if in_force is None:
            latest = locked.latest_version()
            raise ConflictError(
                _("Le stage ne peut pas commencer avant les trois signatures : il manque %(m)s.")
                % {"m": ", ".join(str(m).lower() for m in missing_signatures(latest))},
                extra={"missing": [str(m) for m in missing_signatures(latest)]},
            )
        if today < in_force.start_date:
            raise ConflictError(
                _("Le stage commence le %(d)s : il ne peut pas être noté commencé avant.")
                % {"d": date_format(in_force.start_date, "j F Y")}
            )
        _move(locked, transition="start", by=by, role="officer")
        _record_hosted(locked)
    return locked


def agreement_end(*, agreement: Agreement, by: User) -> Agreement:
    require_officer(by)
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        _move(locked, transition="end", by=by, role="officer")
        _record_hosted(locked)
    return locked


def agreement_cancel(*, agreement: Agreement, by: User, reason: str) -> Agreement:
    require_officer(by)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Écrivez pourquoi la convention est annulée : les parties le liront."))
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        _move(locked, transition="cancel", by=by, role="officer", note=reason)
        _record_hosted(locked)
    return locked


def agreement_amend(*, agreement: Agreement, by: User, reason: str) -> AgreementVersion:
    """A new version (an avenant) with the content of the latest one, to change and sign again.

    Signed versions stay as they were, with their signatures and PDFs: the one in force is the latest
    the three parties signed, until the avenant is signed in turn.
    """
    require_officer(by)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Écrivez l'objet de l'avenant : ce qui change et pourquoi."), extra={"field": "reason"}
        )
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if locked.status in (Agreement.Status.CANCELLED, Agreement.Status.ENDED):
            raise ConflictError(
                _("La convention est « %(s)s » : pas d'avenant possible.")
                % {"s": locked.get_status_display().lower()}
            )
        latest = locked.versions.order_by("-number").first()
        if not latest.is_frozen:
            raise ConflictError(
                _("La version %(n)s n'est signée par personne : modifiez-la directement, sans avenant.")
                % {"n": latest.number}
            )
        version = AgreementVersion(
            agreement=locked,
            number=latest.number + 1,
            reason=reason,
            created_by=by,
            **{name: getattr(latest, name) for name in CONTENT_FIELDS},
        )
        full_clean(version, exclude=["agreement"])
        version.save()
        _log(locked, transition="amend", before=locked.status, by=by, note=reason)
        audit_log(actor=by, action="internship.amended", target=locked, version=version.number)
        _tell_amended(locked, version, by=by)
    return version


# ---------------------------------------------------------------------------------------- at the end


def _require_underway(agreement: Agreement) -> None:
    if agreement.status not in (Agreement.Status.STARTED, Agreement.Status.ENDED):
        raise ConflictError(
            _(
                "L'évaluation et le rapport se remplissent une fois le stage commencé (la convention est « %(s)s »)."
            )
            % {"s": agreement.get_status_display().lower()}
        )


def evaluation_skills(agreement: Agreement) -> list[Skill]:
    """The skills the tutor is asked about: those of the offer, then those on the trainee's profile."""
    skills: dict[int, Skill] = {}
    offer = agreement.application.offer if agreement.application_id else None
    if offer is not None:
        for row in offer.offer_skills.select_related("skill").order_by("skill__label_fr"):
            skills.setdefault(row.skill_id, row.skill)
    for row in agreement.graduate.skills.filter(status=GraduateSkill.Status.ACCEPTED).select_related("skill"):
        skills.setdefault(row.skill_id, row.skill)
    return sorted(skills.values(), key=lambda s: s.label_fr)[:30]


def evaluation_submit(
    *, agreement: Agreement, by: User, attendance: str, comments: str, would_hire: bool, levels: dict
) -> TutorEvaluation:
    """The host's tutor evaluates the internship; each skill rated « confirmée » goes to the trainee's
    profile as « confirmée en stage ». Sent once."""
    if party_of(agreement=agreement, user=by) != Party.HOST:
        raise ApplicationError(
            _("Seul l'organisme d'accueil remplit l'évaluation du stage."), status_code=403
        )
    allowed = {skill.pk for skill in evaluation_skills(agreement)}
    if any(skill.pk not in allowed for skill in levels):
        raise ApplicationError(_("Une compétence évaluée n'est ni celle de l'offre ni celle du profil."))
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        _require_underway(locked)
        if TutorEvaluation.objects.filter(agreement=locked).exists():
            raise ConflictError(_("L'évaluation de ce stage est déjà envoyée."))
        evaluation = TutorEvaluation(
            agreement=locked, author=by, attendance=attendance, comments=comments, would_hire=would_hire
        )
        full_clean(evaluation, exclude=["agreement"])
        evaluation.save()
        EvaluatedSkill.objects.bulk_create(
            EvaluatedSkill(evaluation=evaluation, skill=skill, level=level) for skill, level in levels.items()
        )
        for skill, level in levels.items():
            if level == EvaluatedSkill.Level.CONFIRMED:
                graduate_skill_confirm_in_internship(graduate=locked.graduate, skill=skill, by=by)
        audit_log(actor=by, action="internship.evaluated", target=locked)
    return evaluation


def report_submit(
    *, agreement: Agreement, by: User, missions: str, learned: str, next_steps: str = ""
) -> TraineeReport:
    """The trainee's report of her internship. Sent once."""
    if party_of(agreement=agreement, user=by) != Party.TRAINEE:
        raise ApplicationError(_("Seul·e le ou la stagiaire écrit son rapport de stage."), status_code=403)
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        _require_underway(locked)
        if TraineeReport.objects.filter(agreement=locked).exists():
            raise ConflictError(_("Votre rapport de stage est déjà envoyé."))
        report = TraineeReport(agreement=locked, missions=missions, learned=learned, next_steps=next_steps)
        full_clean(report, exclude=["agreement"])
        report.save()
        audit_log(actor=by, action="internship.reported", target=locked)
    return report
