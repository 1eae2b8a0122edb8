"""The curriculum read's monthly digest e-mail to the school's staff (officers and trainers with an active
account): per track, the skills the region asks for more and more that the current cohort lacks (at most 3).

It is sent once per track and month: the audit log remembers each sending (``curriculum.digest_sent``
on the cohort), so a second run the same month sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.audit import audit_log
from backend.core.models import AuditLog
from graduates.models import Cohort

from ..reports.curriculum import curriculum_reads

DIGEST_ACTION = "curriculum.digest_sent"
DIGEST_SKILLS = 3


@dataclass
class DigestReport:
    month: str
    recipients: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # (track label, skills)
    already_sent: list[str] = field(default_factory=list)  # tracks sent earlier this month
    sent: bool = False


def staff_emails() -> list[str]:
    return sorted(
        User.objects.filter(is_active=True, role__in=[User.Role.OFFICER, User.Role.TRAINER]).values_list(
            "email", flat=True
        )
    )


def _digest_body(report: DigestReport) -> str:
    lines = [
        _("Bonjour,"),
        "",
        _("Ce que la région demande de plus en plus et que la promotion en cours ne détient pas encore :"),
        "",
    ]
    for label, skills in report.sections:
        lines.append(f"{label} :")
        lines.extend(f"  - {skill}" for skill in skills)
        lines.append("")
    path = reverse("placements:curriculum")
    lines += [
        _("Le détail mois par mois, et l'export XLSX pour l'équipe pédagogique : %(url)s")
        % {"url": f"{settings.SITE_URL}{path}"},
        "",
        _("L'équipe Tremplin"),
    ]
    return "\n".join(lines)


def curriculum_digest_send(*, wet_run: bool, today: date | None = None) -> DigestReport:
    """Send this month's digest to the staff (dry: say what would be sent, write nothing).

    A track is in it when its current cohort lacks skills the region asks for more and more; a track
    already sent this month is skipped, so running twice sends nothing the second time."""
    today = today or timezone.localdate()
    report = DigestReport(month=today.strftime("%Y-%m"), recipients=staff_emails())
    cohorts: list[Cohort] = []
    for read in curriculum_reads(today=today):
        gaps = read.rising_gaps[:DIGEST_SKILLS]
        cohort = Cohort.objects.filter(name=read.cohort_name).first() if read.cohort_name else None
        if not gaps or cohort is None:
            continue
        sent = AuditLog.objects.filter(
            action=DIGEST_ACTION,
            target_type="graduates.cohort",
            target_id=str(cohort.pk),
            data__month=report.month,
        ).exists()
        if sent:
            report.already_sent.append(read.track_label)
            continue
        report.sections.append(
            (
                read.cohort_name
                if read.track_label in read.cohort_name
                else f"{read.track_label} ({read.cohort_name})",
                [
                    _(
                        "%(skill)s — %(recent)s offre(s) sur les 6 derniers mois contre %(earlier)s avant ; "
                        "%(holders)s sur %(size)s dans la promotion"
                    )
                    % {
                        "skill": g.label,
                        "recent": g.recent,
                        "earlier": g.earlier,
                        "holders": g.cohort_holders,
                        "size": read.cohort_size,
                    }
                    for g in gaps
                ],
            )
        )
        cohorts.append(cohort)
    if not wet_run or not report.sections or not report.recipients:
        return report
    body = _digest_body(report)
    subject = _("Programme : %(n)s parcours où la région demande ce que la promotion n'a pas encore") % {
        "n": len(report.sections)
    }
    with transaction.atomic():
        for cohort in cohorts:
            audit_log(actor=None, action=DIGEST_ACTION, target=cohort, month=report.month)
        # Sent inside the transaction: if the mail server fails, nothing is logged and the retry sends it.
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, report.recipients, fail_silently=False)
    report.sent = True
    return report
