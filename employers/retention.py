"""Retention of the personal data of companies' people: employer contacts and the CRM's prospect contacts.

The rule of :mod:`backend.core.retention` (2 years after the last contact, a warning by e-mail, then
anonymisation 30 days later unless the person came back), applied to :class:`~employers.models.Contact`.

"Contact" with the person:
- with an account: the account's creation or last sign-in, an API key's last use, an offer they wrote,
  an offer they moved (published, closed…); the contact row's creation or last edit;
- without one (a prospect's or partner's person the school deals with by phone or e-mail): the row's
  creation or last edit, and the latest exchange in the company's CRM log (``Interaction``), which
  records exchanges with the company's people without naming which one.

Only the person goes; the company, its offers, candidacies, placements and the funder report stay.
A contact without an account is deleted. One with an account is kept as « Contact effacé » with a closed
account (:func:`backend.accounts.erasure.account_close`), so the history it wrote still reads as the
company's (a graduate's « who viewed my profile » keeps the company's name). The warnings live in the
audit log: the latest ``WARNED`` or ``WITHDRAWN`` entry of a contact is its current state.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from backend.accounts.erasure import ERASED_DOMAIN, account_close, login_traces_forget
from backend.accounts.idempotency import replays_forget
from backend.accounts.models import ApiToken, Invitation, User
from backend.core.audit import audit_log
from backend.core.contact import privacy_contact
from backend.core.exceptions import ApplicationError
from backend.core.models import AuditLog
from backend.core.retention import RETENTION_DAYS, WARNING_DAYS, claimed_batches

from .models import Contact, Interaction, Offer, OfferTransitionLog

WARNED = "employer.contact_retention_warned"
WITHDRAWN = "employer.contact_retention_withdrawn"
ERASED = "employer.contact_erased"
ERASED_FIRST_NAME, ERASED_LAST_NAME = "Contact", "effacé"
SCRUBBED = "[contact effacé]"

__all__ = [
    "RETENTION_DAYS",
    "WARNING_DAYS",
    "contact_erase",
    "contact_last_contacts",
    "contact_retention_run",
]


@dataclass
class ContactRetentionReport:
    """Contact ids, per what was (or, dry, would be) done."""

    to_warn: list[int] = field(default_factory=list)
    to_erase: list[int] = field(default_factory=list)
    back: list[int] = field(default_factory=list)  # warned, then came back: warning withdrawn
    last_contact: dict[int, datetime] = field(default_factory=dict)


def _as_datetime(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def contact_last_contacts(contacts: list[Contact]) -> dict[int, datetime]:
    """The latest contact with each person (see the module's docstring for what counts)."""
    latest: dict[int, datetime] = {}

    def keep(cid: int, at) -> None:
        if at is None:
            return
        if not isinstance(at, datetime):
            at = _as_datetime(at)
        if cid not in latest or at > latest[cid]:
            latest[cid] = at

    by_user: dict[int, int] = {}
    by_employer: dict[int, list[int]] = defaultdict(list)
    for c in contacts:
        keep(c.pk, c.created_at)
        keep(c.pk, c.updated_at)
        if c.user_id is not None:
            by_user[c.user_id] = c.pk
            keep(c.pk, c.user.date_joined)
            keep(c.pk, c.user.last_login)
        else:
            by_employer[c.employer_id].append(c.pk)
    if by_user:
        for query, user_field, at in (
            (ApiToken.objects, "user_id", "last_used_at"),
            (Offer.objects, "created_by_id", "created_at"),
            (OfferTransitionLog.objects, "actor_id", "at"),
        ):
            rows = (
                query.filter(**{f"{user_field}__in": list(by_user)})
                .values(user_field)
                .annotate(latest=Max(at))
                .values_list(user_field, "latest")
            )
            for uid, when in rows:
                keep(by_user[uid], when)
    if by_employer:
        rows = (
            Interaction.objects.filter(employer_id__in=list(by_employer))
            .values("employer_id")
            .annotate(latest=Max("occurred_on"))
            .values_list("employer_id", "latest")
        )
        for eid, day in rows:
            for cid in by_employer[eid]:
                keep(cid, day)
    return latest


def _states(contact_ids: list[int]) -> dict[int, tuple[str, datetime]]:
    """Each contact's latest warning or withdrawal, from the audit log."""
    entries = AuditLog.objects.filter(
        action__in=(WARNED, WITHDRAWN),
        target_type=Contact._meta.label_lower,
        target_id__in=[str(i) for i in contact_ids],
    ).order_by("at", "pk")
    return {int(e.target_id): (e.action, e.at) for e in entries}


def _record(action: str, contact: Contact, at: datetime, **data) -> None:
    entry = audit_log(actor=None, action=action, target=contact, **data)
    # The run's clock, not the wall clock (``at`` is auto_now_add): a run for a given day is exact.
    AuditLog.objects.filter(pk=entry.pk).update(at=at)


def _candidates(now: datetime):
    # Nobody added less than 2 years ago can be due: a cheap first cut before reading the rest.
    return (
        Contact.objects.exclude(email__endswith="@" + ERASED_DOMAIN)
        .filter(created_at__lte=now - timedelta(days=RETENTION_DAYS))
        .select_related("employer", "user")
        .order_by("pk")
    )


def _warn(contact: Contact, last: datetime, now: datetime) -> None:
    deadline = timezone.localdate(now + timedelta(days=WARNING_DAYS))
    school = privacy_contact()
    if contact.user_id is not None:
        keep = (
            "Pour garder votre compte, il suffit de vous connecter avant cette date :\n"
            f"{settings.SITE_URL}{reverse('accounts:login')}"
        )
        what = "votre compte Tremplin et vos coordonnées (nom, e-mail, téléphone, fonction)"
    else:
        keep = "Pour que l'école garde vos coordonnées, répondez simplement à ce message avant cette date."
        what = "vos coordonnées (nom, e-mail, téléphone, fonction)"
    body = (
        f"Bonjour {contact.first_name},\n\n"
        f"L'école du numérique de Lens vous connaît comme contact de {contact.employer.name} sur Tremplin, "
        f"sa plateforme emploi. Nous n'avons plus eu de contact avec vous depuis le "
        f"{timezone.localdate(last):%d/%m/%Y}. Comme le recommande la CNIL, nous ne gardons les données "
        f"des personnes que {RETENTION_DAYS // 365} ans après le dernier contact.\n\n"
        f"Sans nouvelles de votre part, {what} seront effacés le {deadline:%d/%m/%Y}. Les offres et "
        f"l'historique de {contact.employer.name} restent, sans votre nom.\n\n"
        f"{keep}\n\n"
        f"Une question sur vos données : {school}.\n\n"
        "L'équipe Tremplin"
    )
    message = EmailMessage(
        f"Tremplin : vos coordonnées seront effacées dans {WARNING_DAYS} jours",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [contact.email],
        reply_to=[school],
    )
    transaction.on_commit(lambda: message.send(fail_silently=False))


def _needles(contact: Contact, user: User | None) -> re.Pattern | None:
    """What names the person in free text: the full name either way round, the e-mails, the phone."""
    words = {
        f"{contact.first_name} {contact.last_name}".strip(),
        f"{contact.last_name} {contact.first_name}".strip(),
        contact.email,
    }
    if user is not None:
        words |= {user.email, user.get_full_name()}
    patterns = [re.escape(w) for w in words if len(w) >= 4]
    for phone in {contact.phone, user.phone if user is not None else ""}:
        digits = re.sub(r"\D", "", phone)
        if len(digits) >= 6:
            # Written as typed or with other separators: 06 12 34 56 78, 06.12.34.56.78, 0612345678.
            patterns.append(r"[\s.\-]?".join(digits))
    return re.compile("|".join(patterns), re.IGNORECASE) if patterns else None


def contact_erase(*, contact: Contact, by: User | None, reason: str) -> dict[str, int]:
    """Remove the person; keep the company and its history. ``by`` is None for the retention job."""
    if by is not None and not by.is_officer:
        raise ApplicationError("Seule l'école peut effacer un contact.", status_code=403)
    counts: dict[str, int] = {}
    with transaction.atomic():
        contact = (
            Contact.objects.select_for_update(of=("self",))
            .select_related("employer", "user")
            .get(pk=contact.pk)
        )
        if contact.email.endswith("@" + ERASED_DOMAIN):
            raise ApplicationError("Ce contact est déjà effacé.", extra={"contact_id": contact.pk})
        user = contact.user
        emails = [contact.email] + ([user.email] if user is not None else [])
        # The CRM log's notes name the people of the company they are about.
        pattern = _needles(contact, user)
        scrubbed = 0
        if pattern is not None:
            for interaction in Interaction.objects.filter(
                employer_id=contact.employer_id
            ).select_for_update():
                summary = pattern.sub(SCRUBBED, interaction.summary)
                if summary != interaction.summary:
                    Interaction.objects.filter(pk=interaction.pk).update(summary=summary)
                    scrubbed += 1
        counts["interactions"] = scrubbed
        counts["invitations"] = sum(Invitation.objects.filter(email__iexact=e).delete()[0] for e in emails)
        counts["api_replays"] = replays_forget(
            texts=emails + [f"{contact.first_name} {contact.last_name}".strip()]
        )
        counts["login_traces"] = login_traces_forget(emails=emails)
        audit_log(actor=by, action=ERASED, target=contact, reason=reason, had_account=user is not None)
        if user is None:
            contact.delete()
            counts["contact"] = 1
            return counts
        for key, n in account_close(user=user).items():
            counts[f"account.{key}"] = n
        contact.first_name, contact.last_name = ERASED_FIRST_NAME, ERASED_LAST_NAME
        contact.email = f"contact-{contact.pk}@{ERASED_DOMAIN}"
        contact.phone = contact.job_title = ""
        contact.is_primary = False
        contact.save()
        counts["contact"] = 1
    return counts


def contact_retention_run(
    *, wet_run: bool = False, batch_size: int = 200, now: datetime | None = None
) -> ContactRetentionReport:
    """Warn the contacts 2 years past their last contact; erase those warned 30 days ago and silent since.

    Dry (the default) it only reports. Each batch is its own transaction and claims its rows with
    ``skip_locked``: two runs at once do not warn or erase anyone twice.
    """
    now = now or timezone.now()
    report = ContactRetentionReport()
    for contacts in claimed_batches(lambda: _candidates(now), wet_run=wet_run, batch_size=batch_size):
        latest = contact_last_contacts(contacts)
        states = _states([c.pk for c in contacts])
        for c in contacts:
            last = latest[c.pk]
            report.last_contact[c.pk] = last
            state, since = states.get(c.pk, (WITHDRAWN, None))
            if state == WARNED and last > since:
                report.back.append(c.pk)
                if wet_run:
                    _record(WITHDRAWN, c, now)
                state = WITHDRAWN
            if state == WARNED:
                if since + timedelta(days=WARNING_DAYS) <= now:
                    report.to_erase.append(c.pk)
                    if wet_run:
                        contact_erase(contact=c, by=None, reason="retention")
                continue
            if last + timedelta(days=RETENTION_DAYS) <= now:
                report.to_warn.append(c.pk)
                if wet_run:
                    _record(WARNED, c, now, last_contact=last.isoformat())
                    _warn(c, last, now)
    return report
