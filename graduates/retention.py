"""Retention (CNIL recruitment guidance): a graduate's account and candidacies are kept 2 years after
the last contact; she is warned by e-mail, then anonymised 30 days later unless she came back.

"Contact" is anything from or about her: signing in, her account's creation, her profile's consent or
CV, the end of her training, a candidacy's move, a placement, an outcome answer (the apps above this
one add theirs through :mod:`graduates.privacy`). Anything newer than the warning cancels it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from backend.core.retention import RETENTION_DAYS, WARNING_DAYS, claimed_batches

from . import privacy
from .models import Graduate

__all__ = ["RETENTION_DAYS", "WARNING_DAYS", "RetentionReport", "last_contacts", "retention_run"]


@dataclass
class RetentionReport:
    """Graduate ids, per what was (or, dry, would be) done."""

    to_warn: list[int] = field(default_factory=list)
    to_erase: list[int] = field(default_factory=list)
    back: list[int] = field(default_factory=list)  # warned, then came back: warning withdrawn
    last_contact: dict[int, datetime] = field(default_factory=dict)


def _as_datetime(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def last_contacts(graduates: list[Graduate]) -> dict[int, datetime]:
    """The latest contact with each graduate, from every app."""
    latest: dict[int, datetime] = {}

    def keep(gid: int, at: datetime | None) -> None:
        if at is not None and (gid not in latest or at > latest[gid]):
            latest[gid] = at

    for g in graduates:
        keep(g.pk, g.created_at)
        keep(g.pk, g.visibility_changed_at)
        keep(g.pk, g.cv_uploaded_at)
        keep(g.pk, _as_datetime(g.cohort.internship_end or g.cohort.training_end))
        if g.user is not None:
            keep(g.pk, g.user.date_joined)
            keep(g.pk, g.user.last_login)
    ids = [g.pk for g in graduates]
    for source in privacy.sources():
        if source.last_contact is not None:
            for gid, at in source.last_contact(ids).items():
                keep(gid, at)
    return latest


def _candidates(now: datetime):
    # Nobody created less than 2 years ago can be due: a cheap first cut before reading every app.
    return (
        Graduate.objects.filter(anonymised_at__isnull=True)
        .filter(created_at__lte=now - timedelta(days=RETENTION_DAYS))
        .select_related("cohort", "user")
        .order_by("pk")
    )


def _warn(graduate: Graduate, last: datetime, now: datetime) -> None:
    deadline = timezone.localdate(now + timedelta(days=WARNING_DAYS))
    link = settings.SITE_URL + reverse("accounts:login")
    body = (
        f"Bonjour {graduate.first_name},\n\n"
        f"Nous n'avons plus eu de contact avec vous depuis le {timezone.localdate(last):%d/%m/%Y}. "
        "Comme le recommande la CNIL, Tremplin ne garde les données d'un·e candidat·e que 2 ans après "
        "le dernier contact.\n\n"
        f"Sans nouvelles de votre part, votre compte, votre profil et vos candidatures seront effacés "
        f"le {deadline:%d/%m/%Y}. Seules des statistiques anonymes (vos suivis de sortie de formation) "
        "resteront, pour le rapport aux financeurs de l'école.\n\n"
        f"Pour garder votre compte, il suffit de vous connecter avant cette date :\n{link}\n\n"
        "Pour télécharger vos données avant l'effacement : « Mon profil », puis « Télécharger mes données ».\n\n"
        "L'équipe Tremplin"
    )
    email = graduate.user.email if graduate.user else graduate.email
    transaction.on_commit(
        lambda: send_mail(
            "Tremplin : votre compte sera effacé dans 30 jours",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [email],
            fail_silently=False,
        )
    )


def retention_run(
    *, wet_run: bool = False, batch_size: int = 200, now: datetime | None = None
) -> RetentionReport:
    """Warn the graduates 2 years past their last contact; erase those warned 30 days ago and silent since.

    Dry (the default) it only reports. Each batch is its own transaction and claims its rows with
    ``skip_locked``: two runs at once do not warn or erase anyone twice.
    """
    now = now or timezone.now()
    report = RetentionReport()
    for graduates in claimed_batches(lambda: _candidates(now), wet_run=wet_run, batch_size=batch_size):
        latest = last_contacts(graduates)
        for g in graduates:
            last = latest[g.pk]
            report.last_contact[g.pk] = last
            if g.retention_warned_at is not None and last > g.retention_warned_at:
                report.back.append(g.pk)
                if wet_run:
                    Graduate.objects.filter(pk=g.pk).update(retention_warned_at=None)
                last_due = last + timedelta(days=RETENTION_DAYS)
                if last_due > now:
                    continue
                # Came back long ago but silent again since: warned afresh below.
                g.retention_warned_at = None
            if g.retention_warned_at is not None:
                if g.retention_warned_at + timedelta(days=WARNING_DAYS) <= now:
                    report.to_erase.append(g.pk)
                    if wet_run:
                        privacy.graduate_erase(graduate=g, by=None, reason="retention")
                continue
            if last + timedelta(days=RETENTION_DAYS) <= now:
                report.to_warn.append(g.pk)
                if wet_run:
                    Graduate.objects.filter(pk=g.pk).update(retention_warned_at=now)
                    _warn(g, last, now)
    return report
