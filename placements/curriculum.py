"""The curriculum read, out of the page: the XLSX for the curriculum team and the monthly digest e-mail.

The digest goes to the school's staff (officers and trainers with an active account) once a month:
per track, the skills the region asks for more and more that the current cohort lacks (at most 3).
It is sent once per track and month: the audit log remembers each sending (``curriculum.digest_sent``
on the cohort), so a second run the same month sends nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from backend.accounts.models import User
from backend.core.audit import audit_log
from backend.core.models import AuditLog
from graduates.models import Cohort

from .reports.curriculum import CURRICULUM_DEFINITIONS, Curriculum, curriculum_read

DIGEST_ACTION = "curriculum.digest_sent"
DIGEST_SKILLS = 3
PERCENT = "0%"


def curriculum_reads(*, today: date | None = None) -> list[Curriculum]:
    """One read per track the school teaches (``settings.SCHOOL_TRADES``)."""
    return [curriculum_read(track=track, today=today) for track in settings.SCHOOL_TRADES]


# --- XLSX ----------------------------------------------------------------------------------------


def _text(cell, value) -> None:
    """Strings stay strings: openpyxl would store "=…" as a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def curriculum_xlsx(reads: list[Curriculum]) -> bytes:
    """One sheet per track (skills × months, shares, direction, who holds them), and the definitions."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for read in reads:
        ws = workbook.create_sheet(read.track_label[:31].replace("/", "-"))
        _text(ws.cell(row=1, column=1), read.track_label)
        ws.cell(row=1, column=1).font = Font(bold=True, size=12)
        _text(
            ws.cell(row=2, column=1),
            _(
                "Fiches ROME %(codes)s · au %(date)s · promotion en cours : %(cohort)s (%(n)s) · en emploi %(y)s : %(h)s"
            )
            % {
                "codes": ", ".join(read.rome_codes),
                "date": read.as_of.strftime("%d/%m/%Y"),
                "cohort": read.cohort_name or "—",
                "n": read.cohort_size,
                "y": read.hired_year,
                "h": read.hired_size,
            },
        )
        months = [m.strftime("%m/%Y") for m in read.months]
        headers = [
            _("Compétence"),
            *months,
            _("6 mois d'avant"),
            _("6 derniers mois"),
            _("Part avant"),
            _("Part récente"),
            "z",
            _("Tendance"),
            _("Promotion en cours"),
            _("Diplômé·es en emploi"),
        ]
        for c, header in enumerate(headers, start=1):
            cell = ws.cell(row=4, column=c, value=header)
            cell.font = bold
        row = 5
        _text(ws.cell(row=row, column=1), _("Offres de la région (toutes)"))
        for c, n in enumerate(read.offers_per_month, start=2):
            ws.cell(row=row, column=c, value=n)
        ws.cell(row=row, column=len(months) + 2, value=read.earlier_offers)
        ws.cell(row=row, column=len(months) + 3, value=read.recent_offers)
        for skill in read.skills:
            row += 1
            values = [
                skill.label,
                *skill.monthly,
                skill.earlier,
                skill.recent,
                skill.earlier_share,
                skill.recent_share,
                round(skill.z, 2),
                str(skill.direction_label()),
                skill.cohort_holders,
                skill.hired_holders,
            ]
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=c)
                _text(cell, value)
                if c in (len(months) + 4, len(months) + 5):
                    cell.number_format = PERCENT
        ws.column_dimensions["A"].width = 40
        for c in range(2, len(headers) + 1):
            ws.column_dimensions[get_column_letter(c)].width = 12
        ws.freeze_panes = "B5"
    ws = workbook.create_sheet(_("Définitions"))
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 110
    for r, (term, text) in enumerate(CURRICULUM_DEFINITIONS, start=1):
        _text(ws.cell(row=r, column=1), str(term))
        ws.cell(row=r, column=1).font = bold
        _text(ws.cell(row=r, column=2), str(text))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the monthly digest ----------------------------------------------------------------------------


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
