"""Personal data of admissions candidates: erasure and retention (CNIL recruitment guidance).

The rule of :mod:`backend.core.retention` — 2 years after the last contact, a warning by e-mail, then
anonymisation 30 days later unless she came back — applied to every application that did not lead to
an enrolment (not admitted, waiting list, withdrawn, and open ones nobody moved: those are closed
with the ``lapse`` move, logged). An enrolled candidate's data lives on in her ``Graduate`` record,
under the graduates' retention; her application goes with her erasure (:mod:`admissions.privacy`).

"Contact" with the candidate: the application, every move of it (each decision is e-mailed to her),
her booking of an information session, a visit of her private page (at most once a day).

Anonymisation keeps what the funnel counts — the moves' log, gender, diploma level, QPV (declared and
checked), situation, trade wanted, and a birth date moved to give only her age on the day she applied —
and removes the person: names, e-mail, phone, commune, motivation, the jury's notes and scores, the
messages of the decisions and of the log, her session booking, her private link. The funnel reads the
same before and after (tested).

An application never confirmed (« à confirmer », see ``admissions.models.CONFIRM_DAYS``) is deleted
outright ``CONFIRM_DAYS`` after it was sent, by the same job: nobody proved the address, the funnel never
counted it, nothing of it is kept (the audit log keeps only its id and the action's name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from backend.accounts.erasure import ERASED_DOMAIN
from backend.accounts.idempotency import replays_forget
from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError
from backend.core.models import AuditLog
from backend.core.retention import RETENTION_DAYS, WARNING_DAYS, claimed_batches
from backend.core.tokens import token_digest

from .models import CONFIRM_DAYS, Application, ApplicationTransition, SessionBooking
from .services import application_transition, follow_url

ERASED_FIRST_NAME, ERASED_LAST_NAME = "Candidature", "effacée"
ERASED_TEXT = "Données personnelles effacées"
# The audit actions that are a contact with the candidate herself (see the module's docstring).
# (Not a new link asked for her address: anyone may type it; opening the link she gets is a contact.)
CONTACT_ACTIONS = ("admission.submit", "admission.session_book")

__all__ = [
    "RETENTION_DAYS",
    "WARNING_DAYS",
    "ApplicationRetentionReport",
    "application_erase",
    "application_erase_by_candidate",
    "application_last_contacts",
    "application_retention_run",
]


@dataclass
class ApplicationRetentionReport:
    """Application ids, per what was (or, dry, would be) done."""

    to_warn: list[int] = field(default_factory=list)
    to_erase: list[int] = field(default_factory=list)
    back: list[int] = field(default_factory=list)  # warned, then came back: warning withdrawn
    expired: list[int] = field(default_factory=list)  # never confirmed within CONFIRM_DAYS: deleted
    last_contact: dict[int, datetime] = field(default_factory=dict)


def age_preserving_birth_date(application: Application) -> date:
    """A birth date with the same age on the day she applied as the real one, and nothing more (the
    funnel's age bands read nothing else)."""
    day = timezone.localtime(application.created_at).date()
    return day - relativedelta(years=application.age_on(day))


def application_last_contacts(applications: list[Application]) -> dict[int, datetime]:
    """The latest contact with each candidate (see the module's docstring for what counts)."""
    latest: dict[int, datetime] = {}

    def keep(pk: int, at: datetime | None) -> None:
        if at is not None and (pk not in latest or at > latest[pk]):
            latest[pk] = at

    ids = [a.pk for a in applications]
    for a in applications:
        keep(a.pk, a.created_at)
        keep(a.pk, a.seen_at)
    for query, at in (
        (ApplicationTransition.objects.filter(application_id__in=ids), "at"),
        (SessionBooking.objects.filter(application_id__in=ids), "booked_at"),
    ):
        for pk, when in (
            query.values("application_id").annotate(latest=Max(at)).values_list("application_id", "latest")
        ):
            keep(pk, when)
    for target, when in (
        AuditLog.objects.filter(
            action__in=CONTACT_ACTIONS,
            target_type=Application._meta.label_lower,
            target_id__in=[str(i) for i in ids],
        )
        .values("target_id")
        .annotate(latest=Max("at"))
        .values_list("target_id", "latest")
    ):
        keep(int(target), when)
    return latest


def application_erase(
    *, application: Application, by=None, reason: str, enrolled_ok: bool = False
) -> dict[str, int]:
    """Remove the candidate from her application; keep what the funnel counts, without her.

    ``by`` is None for the candidate herself (her private link is the proof that it is her) and for the
    retention job; an officer may erase too. An application still open is closed first: withdrawn when
    she asks, ``lapse`` when the retention job does. An enrolled candidate is a learner: her data is in
    her graduate record and goes with its erasure (``graduates.privacy``), which calls this with
    ``enrolled_ok``.
    """
    if by is not None and not by.is_officer:
        raise ApplicationError(
            "Seule l'école ou la personne elle-même peut effacer une candidature.", status_code=403
        )
    counts: dict[str, int] = {}
    with transaction.atomic():
        a = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
        if a.anonymised_at is not None:
            raise ApplicationError("Cette candidature est déjà effacée.", extra={"application_id": a.pk})
        if a.state == Application.State.ENROLLED and not enrolled_ok:
            raise ApplicationError(
                "Cette personne est inscrite en formation : ses données suivent son profil de diplômé·e, "
                "dont l'effacement se demande depuis « Mon profil ».",
                extra={"application_id": a.pk},
            )
        if a.is_open:
            if reason == "retention":
                application_transition(application=a, transition="lapse", by=None, system=True)
            else:
                application_transition(application=a, transition="withdraw", by=by)
            a.refresh_from_db()
        texts = [a.email, a.full_name, f"{a.last_name} {a.first_name}"]
        counts["booking"] = SessionBooking.objects.filter(application=a).delete()[0]
        counts["log_messages"] = (
            ApplicationTransition.objects.filter(application=a).exclude(reason="").update(reason="")
        )
        counts["api_replays"] = replays_forget(texts=[t for t in texts if t.strip()])
        a.first_name, a.last_name = ERASED_FIRST_NAME, ERASED_LAST_NAME
        a.email = f"candidature-{a.pk}@{ERASED_DOMAIN}"
        a.phone = ""
        a.birth_date = age_preserving_birth_date(a)
        a.commune = None
        a.motivation = ""
        a.assessment_note = ""
        a.test_score = a.interview_score = None
        # A refusal must carry a message (a database constraint): it says what happened instead.
        a.decision_reason = ERASED_TEXT if a.decision_reason else ""
        a.token_hash = token_digest(Application.new_token())  # her private link stops working
        a.retention_warned_at = None
        a.anonymised_at = timezone.now()
        a.save()
        audit_log(actor=by, action="admission.erased", target=a, reason=reason)
        counts["application"] = 1
    return counts


def application_erase_by_candidate(*, application: Application) -> dict[str, int]:
    """The candidate erases her application from her private page, at once: the private link (sent only
    to her address) is the proof it is her, and the funnel's figures need nothing of her; an e-mail
    confirms it once done."""
    email, name = application.email, application.first_name
    counts = application_erase(application=application, by=None, reason="request")
    body = (
        f"Bonjour {name},\n\nComme vous l'avez demandé, votre candidature à l'école du numérique et vos "
        "données (identité, coordonnées, commune, motivation, résultats de la sélection, réservation de "
        "réunion) sont effacées. Seuls des chiffres anonymes restent, pour les statistiques de l'école.\n\n"
        "Vous pourrez candidater à nouveau quand vous le souhaitez.\n\nL'équipe Tremplin"
    )
    message = EmailMessage("Votre candidature est effacée", body, settings.DEFAULT_FROM_EMAIL, [email])
    transaction.on_commit(lambda: message.send(fail_silently=False))
    return counts


def _unconfirmed(now: datetime):
    return Application.objects.filter(
        state=Application.State.PENDING, created_at__lte=now - timedelta(days=CONFIRM_DAYS)
    ).order_by("pk")


def _candidates(now: datetime):
    # Nobody who applied less than 2 years ago can be due: a cheap first cut before reading the logs.
    return (
        Application.objects.filter(anonymised_at__isnull=True, graduate__isnull=True)
        .exclude(state__in=(Application.State.ENROLLED, Application.State.PENDING))
        .filter(created_at__lte=now - timedelta(days=RETENTION_DAYS))
        .order_by("pk")
    )


def _warn(application: Application, last: datetime, now: datetime) -> None:
    # A fresh private link: the one of her first e-mail is 2 years old and likely lost.
    token = Application.new_token()
    Application.objects.filter(pk=application.pk).update(
        token_hash=token_digest(token), retention_warned_at=now
    )
    deadline = timezone.localdate(now + timedelta(days=WARNING_DAYS))
    school = getattr(settings, "PRIVACY_CONTACT_EMAIL", "") or settings.DEFAULT_FROM_EMAIL
    body = (
        f"Bonjour {application.first_name},\n\n"
        f"Vous avez candidaté à la formation de l'école du numérique de Lens le "
        f"{timezone.localdate(application.created_at):%d/%m/%Y}. Nous n'avons plus eu de contact avec vous "
        f"depuis le {timezone.localdate(last):%d/%m/%Y}. Comme le recommande la CNIL, nous ne gardons les "
        f"données des candidat·es que {RETENTION_DAYS // 365} ans après le dernier contact.\n\n"
        f"Sans nouvelles de votre part, votre candidature (identité, coordonnées, commune, motivation, "
        f"résultats de la sélection) sera effacée le {deadline:%d/%m/%Y}. Seuls des chiffres anonymes "
        "resteront, pour les statistiques de l'école.\n\n"
        "Pour garder votre candidature, ouvrez simplement sa page avant cette date (ce nouveau lien "
        f"remplace l'ancien) :\n{follow_url(token)}\n\n"
        "Vous pouvez aussi l'effacer vous-même tout de suite depuis cette page.\n\n"
        f"Une question sur vos données : {school}.\n\n"
        "L'équipe Tremplin"
    )
    message = EmailMessage(
        f"Votre candidature à l'école du numérique sera effacée dans {WARNING_DAYS} jours",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [application.email],
        reply_to=[school],
    )
    transaction.on_commit(lambda: message.send(fail_silently=False))


def application_retention_run(
    *, wet_run: bool = False, batch_size: int = 200, now: datetime | None = None
) -> ApplicationRetentionReport:
    """Delete the applications never confirmed within ``CONFIRM_DAYS``; warn the candidates 2 years past
    their last contact; erase those warned 30 days ago and silent since.

    Dry (the default) it only reports. Each batch is its own transaction and claims its rows with
    ``skip_locked``: two runs at once do not warn or erase anyone twice.
    """
    now = now or timezone.now()
    report = ApplicationRetentionReport()
    for applications in claimed_batches(lambda: _unconfirmed(now), wet_run=wet_run, batch_size=batch_size):
        report.expired.extend(a.pk for a in applications)
        if wet_run and applications:
            # Still « à confirmer » now (a confirmation committed meanwhile leaves the row out).
            _unconfirmed(now).filter(pk__in=[a.pk for a in applications]).delete()
            for a in applications:
                audit_log(actor=None, action="admission.unconfirmed_deleted", target=a)
    for applications in claimed_batches(lambda: _candidates(now), wet_run=wet_run, batch_size=batch_size):
        latest = application_last_contacts(applications)
        for a in applications:
            last = latest[a.pk]
            report.last_contact[a.pk] = last
            warned = a.retention_warned_at
            if warned is not None and last > warned:
                report.back.append(a.pk)
                if wet_run:
                    Application.objects.filter(pk=a.pk).update(retention_warned_at=None)
                warned = None
            if warned is not None:
                if warned + timedelta(days=WARNING_DAYS) <= now:
                    report.to_erase.append(a.pk)
                    if wet_run:
                        application_erase(application=a, by=None, reason="retention")
                continue
            if last + timedelta(days=RETENTION_DAYS) <= now:
                report.to_warn.append(a.pk)
                if wet_run:
                    _warn(a, last, now)
    return report
