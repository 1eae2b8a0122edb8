"""The demo's internship agreements, made through the ``internships`` services like an officer, the
host's contact and the trainee would: one signed by the three parties and under way, one whose host
has still to sign, so the demo partner's account sees the flow at ``/stages/``.

Both trainees are of the cohort in internship now; the demo partner (Terril Numérique, the
``EMPLOYER_EMAIL`` account) hosts them. The placements seeder draws each training internship's host
at random: the two first trainees with an account are given to the demo partner here, so its contact
can sign (a host signs through a contact's account).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from backend.accounts.models import User
from internships import pdf, services
from internships.models import Agreement, AgreementTransition, AgreementVersion, Signature
from placements.models import HostedInternship, Placement
from placements.services import employer_of

from . import data
from .employers import demo_sirets
from .graduates import DEMO_COHORTS

# The cohort in internship now (the second demo cohort).
COHORT_NAME = DEMO_COHORTS[1][2]
HOST_PART = {
    "host_insurer": "MAIF, contrat responsabilité civile professionnelle n° RC-2026-04417",
    "tasks": (
        "Accompagner les usagers de l'espace numérique dans leurs démarches en ligne (CAF, France Travail, "
        "ANTS) ; animer deux ateliers par semaine (messagerie, sécurité en ligne) ; tenir le suivi des "
        "accompagnements.\n\nCompétences visées : accueil et diagnostic des besoins, animation d'un atelier "
        "collectif, médiation numérique."
    ),
    "weekly_hours": Decimal("35"),
    "days_per_week": 5,
    "schedule": "Du lundi au vendredi, 9 h – 12 h 30 et 13 h 30 – 17 h",
    "gratification_hourly": Decimal("4.50"),
    "benefits": "Tickets restaurant, remboursement de la moitié de l'abonnement de transport",
}
TRAINEE_PARTS = [
    {
        "trainee_address": "14 rue Jean Jaurès, 62300 Lens",
        "trainee_phone": "06 12 48 33 90",
        "trainee_insurer": "MACIF, responsabilité civile vie privée",
        "emergency_contact": "Nadia (mère), 06 70 22 14 51",
    },
    {
        "trainee_address": "3 allée des Tilleuls, 62800 Liévin",
        "trainee_phone": "07 81 09 56 24",
        "trainee_insurer": "Groupama, multirisque habitation",
        "emergency_contact": "Julien (frère), 06 33 61 08 47",
    },
]


@dataclass
class InternshipsReport:
    agreements: int = 0
    signed: int = 0
    awaiting: list[int] = field(default_factory=list)


def _next_monday(days: int) -> object:
    day = timezone.localdate() + timedelta(days=days)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def seed_internships(*, officer: User) -> InternshipsReport:
    report = InternshipsReport()
    host_user = User.objects.get(email=data.EMPLOYER_EMAIL)
    host = employer_of(host_user)
    placements = list(
        Placement.objects.filter(
            graduate__cohort__name=COHORT_NAME, is_training_internship=True, graduate__user__isnull=False
        )
        .select_related("graduate__user")
        .order_by("graduate_id")[:2]
    )
    if host is None or len(placements) < 2:
        return report
    Placement.objects.filter(pk__in=[p.pk for p in placements]).update(employer=host, employer_name=host.name)
    today = timezone.localdate()
    for placement, trainee_part in zip(placements, TRAINEE_PARTS, strict=True):
        placement.refresh_from_db()
        trainee = placement.graduate.user
        under_way = report.agreements == 0
        if under_way:
            # Her internship has begun: the three signed it before her first day (a convention is
            # signed before the start, internships/rules.py). The services read that day, and the
            # records are dated from it, as the other seeders date their history.
            start = placement.start_date or today
            if start > today:
                start = today - timedelta(days=today.weekday())
                Placement.objects.filter(pk=placement.pk).update(start_date=start)
            day = _working_day_before(start, days=10)
        else:
            # Her start moved to a later Monday (eight weeks): the school wrote the new dates on her
            # placement before making the agreement (none is made for a start that has passed).
            start = _next_monday(10)
            Placement.objects.filter(pk=placement.pk).update(
                start_date=start, end_date=start + timedelta(weeks=8, days=-3)
            )
            day = today
        placement.refresh_from_db()
        agreement = services.agreement_create(by=officer, placement=placement, today=day)
        if under_way:
            _date_from(agreement, day)
        services.agreement_update_part(agreement=agreement, by=host_user, data=HOST_PART, today=day)
        services.agreement_check_part(agreement=agreement, by=host_user)
        services.agreement_update_part(agreement=agreement, by=trainee, data=trainee_part, today=day)
        services.agreement_check_part(agreement=agreement, by=trainee)
        signers = [trainee, officer, host_user] if under_way else [trainee, officer]
        for signer in signers:
            services.agreement_sign(
                agreement=agreement, by=signer, ip_address="127.0.0.1", version_number=1, today=day
            )
        if under_way:
            _date_signatures(agreement, day)
            services.agreement_start(agreement=agreement, by=officer)
            report.signed += 1
        else:
            report.awaiting.append(agreement.pk)
        report.agreements += 1
    return report


def _working_day_before(start, *, days: int):
    day = start - timedelta(days=days)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _at(day, hour: int):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _date_from(agreement: Agreement, day) -> None:
    """The agreement and its version were made on ``day`` at 9 h (the PDF to sign carries that date)."""
    Agreement.objects.filter(pk=agreement.pk).update(created_at=_at(day, 9), updated_at=_at(day, 9))
    AgreementVersion.objects.filter(agreement=agreement).update(
        created_at=_at(day, 9), updated_at=_at(day, 9)
    )
    AgreementTransition.objects.filter(agreement=agreement).update(at=_at(day, 9))


def _date_signatures(agreement: Agreement, day) -> None:
    """The parts checked and the three signatures given on ``day`` (10 h, 11 h, 14 h), and the signed PDF
    printed again with those times, as it would have been that day."""
    version = agreement.latest_version()
    AgreementVersion.objects.filter(pk=version.pk).update(
        host_completed_at=_at(day, 9), trainee_completed_at=_at(day, 9)
    )
    for hour, signature in zip((10, 11, 14), version.signatures.order_by("signed_at", "pk"), strict=True):
        Signature.objects.filter(pk=signature.pk).update(signed_at=_at(day, hour))
    AgreementTransition.objects.filter(agreement=agreement, transition="complete_signatures").update(
        at=_at(day, 14)
    )
    version.refresh_from_db()
    signed = pdf.render_signed(version, list(version.signatures.all()))
    AgreementVersion.objects.filter(pk=version.pk).update(
        signed_pdf=signed, signed_pdf_sha256=hashlib.sha256(signed).hexdigest()
    )


def demo_internships_reset() -> int:
    """The demo's agreements (graduates and employers protect them: they go first), and the internships
    placements recorded from them (named by the agreement's id only, so not deleted with it)."""
    agreements = Agreement.objects.filter(employer__siret__in=demo_sirets())
    HostedInternship.objects.filter(agreement_id__in=list(agreements.values_list("pk", flat=True))).delete()
    deleted, _rows = agreements.delete()
    return deleted
