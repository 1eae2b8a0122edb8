"""Partnership follow-up: hires and internships per partner next to the commitments."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.models import Employer, Partnership

from ..models import HostedInternship, Placement
from .common import NOT_A_CONTRACT, PARTNER_SILENCE_DAYS

PARTNER_DEFINITIONS = [
    (
        _("Embauches"),
        _("Contrats confirmés (hors stage et poursuite de formation), par année de début du contrat."),
    ),
    (
        _("Stages accueillis"),
        _(
            "Stages sous convention signée par les trois parties (hors convention annulée), et stages de la "
            "formation confirmés sans convention dans Tremplin, par année de début du stage."
        ),
    ),
    (
        _("Engagements"),
        _("La somme des engagements annuels des partenariats actifs de l'employeur."),
    ),
    (
        _("Sans contact"),
        _(
            "Aucun échange enregistré depuis 90 jours ou plus (depuis le début du partenariat s'il n'y en "
            "a jamais eu), pour un partenariat en cours (en discussion, actif ou suspendu)."
        ),
    ),
]


# --- partnership follow-up -----------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerYear:
    year: int
    hires: int
    internships: int
    hires_target: int
    internships_target: int


@dataclass(frozen=True)
class PartnerRow:
    employer_id: int
    name: str
    partnerships: list[str]  # "Partenaire recrutement (Active)"
    hires_per_year: int
    internships_per_year: int
    commitments: str
    years: list[PartnerYear]
    last_contact: date | None
    silent_days: int  # days since the last contact (or since the partnership's start, if none)
    flagged: bool


@dataclass(frozen=True)
class PartnersFollowup:
    as_of: date
    years: list[int]
    rows: list[PartnerRow] = field(default_factory=list)

    @property
    def flagged(self) -> int:
        return sum(r.flagged for r in self.rows)


LIVE_PARTNERSHIP = (Partnership.Status.PROSPECT, Partnership.Status.ACTIVE, Partnership.Status.SUSPENDED)


def partners_followup(*, today: date | None = None, years: int = 3) -> PartnersFollowup:
    """Every employer with a partnership: hires and internships per year against its commitments,
    and those the school has not talked to for ``PARTNER_SILENCE_DAYS`` flagged first."""
    today = today or timezone.localdate()
    shown_years = [today.year - years + 1 + i for i in range(years)]
    employers = list(
        Employer.objects.filter(partnerships__isnull=False)
        .distinct()
        .annotate(
            last_contact=Max("interactions__occurred_on", filter=Q(interactions__occurred_on__lte=today))
        )
        .order_by("name", "pk")
    )
    partnerships: dict[int, list[Partnership]] = defaultdict(list)
    for p in Partnership.objects.filter(employer__in=employers).order_by("start_date", "pk"):
        partnerships[p.employer_id].append(p)

    hires: Counter[tuple[int, int]] = Counter()
    internships: Counter[tuple[int, int]] = Counter()
    placements = Placement.objects.filter(
        employer__in=employers,
        status=Placement.Status.CONFIRMED,
        start_date__year__gte=shown_years[0],
        start_date__year__lte=shown_years[-1],
    )
    for employer_id, start, internship, documented, contract in placements.values_list(
        "employer_id", "start_date", "is_training_internship", "hosted_internship", "contract_type"
    ):
        if internship:
            # One with a signed agreement is counted from the agreement below (once, with its dates).
            if documented is None:
                internships[(employer_id, start.year)] += 1
        elif contract not in NOT_A_CONTRACT:
            hires[(employer_id, start.year)] += 1
    hosted = HostedInternship.objects.filter(
        employer__in=employers,
        start_date__year__gte=shown_years[0],
        start_date__year__lte=shown_years[-1],
    ).exclude(status=HostedInternship.Status.CANCELLED)
    for employer_id, start in hosted.values_list("employer_id", "start_date"):
        internships[(employer_id, start.year)] += 1

    rows = []
    for e in employers:
        mine = partnerships[e.pk]
        active = [p for p in mine if p.status == Partnership.Status.ACTIVE]
        hires_target = sum(p.hires_per_year for p in active)
        internships_target = sum(p.internships_per_year for p in active)
        since = e.last_contact or min(p.start_date for p in mine)
        silent = (today - since).days
        live = any(p.status in LIVE_PARTNERSHIP for p in mine)
        rows.append(
            PartnerRow(
                employer_id=e.pk,
                name=e.name,
                partnerships=[f"{p.get_kind_display()} ({p.get_status_display()})" for p in mine],
                hires_per_year=hires_target,
                internships_per_year=internships_target,
                commitments="\n".join(p.commitments.strip() for p in active if p.commitments.strip()),
                years=[
                    PartnerYear(
                        year=y,
                        hires=hires[(e.pk, y)],
                        internships=internships[(e.pk, y)],
                        hires_target=hires_target,
                        internships_target=internships_target,
                    )
                    for y in shown_years
                ],
                last_contact=e.last_contact,
                silent_days=silent,
                flagged=live and silent >= PARTNER_SILENCE_DAYS,
            )
        )
    rows.sort(key=lambda r: (not r.flagged, r.name.casefold(), r.employer_id))
    return PartnersFollowup(as_of=today, years=shown_years, rows=rows)
