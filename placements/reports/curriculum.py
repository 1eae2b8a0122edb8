"""The curriculum read from the region: per trade, what the region's offers ask for month by month, the
skills rising or falling over 12 months, what the current cohort holds and what last year's graduates
who found work held — on the page, in the XLSX for the curriculum team, and in the monthly digest.

Definitions (also on the page, in the export and in docs/reports.md):

- the region's offers: partners' and France Travail's offers (a France Travail duplicate of a partner's
  offer counted once) in the trade's ROME fiches (``settings.SCHOOL_TRADES``), workplace in
  Hauts-de-France, by month of publication — open or not since;
- rising / falling: the month-by-month share of the trade's offers asking for the skill (required or
  a plus), tested for a trend over the 12 months by the Cochran–Armitage test (months as scores 0–11,
  months without offers count for nothing); a skill rises when z ≥ 1.96 (5 % two-sided), falls when
  z ≤ −1.96, in both cases with at least 3 offers asking for it. Soft skills are left out (never a
  module). The 6 months before and the last 6 are shown beside it for reading. A trend needs a period
  to compare with: when either half has fewer than ``MIN_PERIOD_OFFERS`` offers of the trade (a
  platform, or a region's import, younger than a year), no skill rises or falls — the read says
  "no comparison period" rather than reading "0 → 12 offers" as a rise;
- the current cohort: the latest cohort of the track whose training has begun; a graduate holds a
  skill accepted on the profile (confirmed by a trainer or declared);
- last year's graduates who found work: graduates of the track's cohorts whose training ended last
  calendar year, with a confirmed placement in a job (CDI, CDD, intérim, alternance, own business —
  not an internship nor further training);
- a gap: a skill held by at most a quarter of the current cohort (``GAP_MAX_SHARE``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.taxonomy.models import Skill
from employers.models import Offer, OfferSkill
from graduates.models import Cohort, Graduate, GraduateSkill

from ..models import ContractCategory, Placement
from .common import GAP_MAX_SHARE, STRICT_EMPLOYMENT, TREND_MONTHS

HAUTS_DE_FRANCE = "32"
Z_SIGNIFICANT = 1.96
MIN_OFFERS = 3
# Offers of the trade needed in each half of the 12 months (the 6 months before, the last 6) before any
# trend is read: with fewer, a skill's share "rises" from a period that barely existed.
MIN_PERIOD_OFFERS = 10
HALF = TREND_MONTHS // 2
JOBS = STRICT_EMPLOYMENT - {ContractCategory.STAGE, ContractCategory.FORMATION}

CURRICULUM_DEFINITIONS = [
    (
        _("Offres de la région"),
        _(
            "Les offres des entreprises partenaires et de France Travail (un doublon compté une fois) dans "
            "les fiches ROME du métier, lieu de travail dans les Hauts-de-France, par mois de publication, "
            "qu'elles soient encore ouvertes ou non."
        ),
    ),
    (
        _("En hausse / en baisse"),
        _(
            "La part des offres du métier qui demandent la compétence, mois par mois, testée sur les 12 mois "
            "(test de tendance de Cochran-Armitage) : en hausse si z ≥ 1,96, en baisse si z ≤ −1,96, avec au "
            "moins 3 offres qui la demandent. Les savoir-être ne sont pas comptés. Sans au moins 10 offres du "
            "métier sur chacune des deux périodes de 6 mois, aucune tendance n'est lue : pas de période de "
            "comparaison."
        ),
    ),
    (
        _("Promotion en cours"),
        _(
            "La dernière promotion du parcours dont la formation a commencé ; une compétence est détenue "
            "si elle est retenue sur le profil (confirmée par un·e formateur·rice ou déclarée)."
        ),
    ),
    (
        _("Diplômé·es en emploi de l'an dernier"),
        _(
            "Les diplômé·es du parcours dont la formation s'est terminée l'année civile précédente et qui "
            "ont un emploi confirmé (CDI, CDD, intérim, alternance, création d'entreprise ; ni stage ni "
            "formation)."
        ),
    ),
    (
        _("Manque"),
        _("Une compétence détenue par au plus un quart de la promotion en cours."),
    ),
]


@dataclass(frozen=True)
class SkillTrend:
    skill_id: int
    uid: str
    label: str
    monthly: list[int]  # offers asking for it, each month of Curriculum.months
    earlier: int  # offers asking for it in the first 6 months
    recent: int  # … in the last 6 months
    earlier_share: float | None
    recent_share: float | None
    z: float  # Cochran–Armitage trend statistic over the 12 months; 0 when undefined
    cohort_holders: int
    hired_holders: int
    comparable: bool = (
        True  # both halves hold MIN_PERIOD_OFFERS offers of the trade (Curriculum.has_comparison)
    )

    @property
    def total(self) -> int:
        return self.earlier + self.recent

    @property
    def direction(self) -> str:
        if not self.comparable:
            return "no_comparison"
        if sum(self.monthly) < MIN_OFFERS:
            return "stable"
        if self.z >= Z_SIGNIFICANT:
            return "rising"
        if self.z <= -Z_SIGNIFICANT:
            return "falling"
        return "stable"

    def direction_label(self) -> str:
        return {
            "rising": _("en hausse"),
            "falling": _("en baisse"),
            "stable": _("stable"),
            "no_comparison": _("pas de période de comparaison"),
        }[self.direction]


@dataclass(frozen=True)
class Curriculum:
    track: str
    track_label: str
    rome_codes: list[str]
    as_of: date
    months: list[date]
    offers_per_month: list[int]
    earlier_offers: int
    recent_offers: int
    cohort_name: str
    cohort_size: int
    hired_year: int
    hired_size: int
    skills: list[SkillTrend]  # every technical skill asked in the 12 months, most asked first

    @property
    def has_comparison(self) -> bool:
        """Enough offers in both halves of the 12 months to read a trend at all."""
        return min(self.earlier_offers, self.recent_offers) >= MIN_PERIOD_OFFERS

    @property
    def min_period_offers(self) -> int:
        return MIN_PERIOD_OFFERS

    @property
    def rising(self) -> list[SkillTrend]:
        return sorted((s for s in self.skills if s.direction == "rising"), key=lambda s: -s.z)

    @property
    def falling(self) -> list[SkillTrend]:
        return sorted((s for s in self.skills if s.direction == "falling"), key=lambda s: s.z)

    def is_gap(self, row: SkillTrend) -> bool:
        return bool(self.cohort_size) and row.cohort_holders <= GAP_MAX_SHARE * self.cohort_size

    @property
    def rising_gaps(self) -> list[SkillTrend]:
        """Skills the region asks for more and more that the current cohort lacks (the digest's)."""
        return [s for s in self.rising if self.is_gap(s)]


def trend_z(asked: list[int], offers: list[int]) -> float:
    """Cochran–Armitage z for a trend in the share ``asked[i] / offers[i]`` over months 0, 1, …;
    0 when there is no offer, or the skill is in none or all of them."""
    total, k = sum(offers), sum(asked)
    if not total or k in (0, total):
        return 0.0
    p = k / total
    months = range(len(offers))
    statistic = sum(t * (a - n * p) for t, a, n in zip(months, asked, offers, strict=True))
    spread = sum(n * t * t for t, n in zip(months, offers, strict=True)) - (
        sum(n * t for t, n in zip(months, offers, strict=True)) ** 2 / total
    )
    variance = p * (1 - p) * spread
    return statistic / math.sqrt(variance) if variance > 0 else 0.0


def _month_key(value: datetime) -> date:
    return timezone.localtime(value).date().replace(day=1) if timezone.is_aware(value) else value.date()


def current_cohort(track: str, today: date) -> Cohort | None:
    return Cohort.objects.filter(track=track, training_start__lte=today).order_by("-training_start").first()


def hired_last_year(track: str, today: date):
    """Graduates of the track whose training ended last calendar year and who hold a confirmed job."""
    return Graduate.objects.filter(
        cohort__track=track,
        cohort__training_end__year=today.year - 1,
        placements__status=Placement.Status.CONFIRMED,
        placements__contract_type__in=list(JOBS),
    ).distinct()


def _holders(graduates) -> dict[int, int]:
    return dict(
        GraduateSkill.objects.filter(graduate__in=graduates, status=GraduateSkill.Status.ACCEPTED)
        .values("skill_id")
        .annotate(n=Count("graduate_id", distinct=True))
        .values_list("skill_id", "n")
    )


def curriculum_read(*, track: str, today: date | None = None) -> Curriculum:
    """The curriculum read for one track (a ``Cohort.Track`` value)."""
    today = today or timezone.localdate()
    rome_codes = list(settings.SCHOOL_TRADES.get(track, []))
    first = today.replace(day=1)
    months = [first - relativedelta(months=TREND_MONTHS - 1 - i) for i in range(TREND_MONTHS)]
    index = {m: i for i, m in enumerate(months)}
    since = timezone.make_aware(datetime.combine(months[0], time.min))
    offers = Offer.objects.filter(
        occupation_id__in=rome_codes,
        commune__region=HAUTS_DE_FRANCE,
        published_at__gte=since,
        duplicate_of__isnull=True,
    )

    per_month = [0] * len(months)
    for month, n in (
        offers.annotate(month=TruncMonth("published_at")).values("month").annotate(n=Count("id"))
    ).values_list("month", "n"):
        if (i := index.get(_month_key(month))) is not None:
            per_month[i] = n

    monthly: dict[int, list[int]] = defaultdict(lambda: [0] * len(months))
    for skill_id, month, n in (
        OfferSkill.objects.filter(offer__in=offers)
        .exclude(skill__kind=Skill.Kind.SOFT_SKILL)
        .annotate(month=TruncMonth("offer__published_at"))
        .values("skill_id", "month")
        .annotate(n=Count("offer_id", distinct=True))
        .values_list("skill_id", "month", "n")
    ):
        if (i := index.get(_month_key(month))) is not None:
            monthly[skill_id][i] = n

    cohort = current_cohort(track, today)
    cohort_graduates = Graduate.objects.filter(cohort=cohort) if cohort else Graduate.objects.none()
    hired = hired_last_year(track, today)
    cohort_holders, hired_holders = _holders(cohort_graduates), _holders(hired)

    n1, n2 = sum(per_month[:HALF]), sum(per_month[HALF:])
    comparable = min(n1, n2) >= MIN_PERIOD_OFFERS
    skills = Skill.objects.in_bulk(list(monthly))
    rows = []
    for skill_id, counts in monthly.items():
        k1, k2 = sum(counts[:HALF]), sum(counts[HALF:])
        rows.append(
            SkillTrend(
                skill_id=skill_id,
                uid=skills[skill_id].uid,
                label=skills[skill_id].label,
                monthly=counts,
                earlier=k1,
                recent=k2,
                earlier_share=k1 / n1 if n1 else None,
                recent_share=k2 / n2 if n2 else None,
                z=trend_z(counts, per_month),
                cohort_holders=cohort_holders.get(skill_id, 0),
                hired_holders=hired_holders.get(skill_id, 0),
                comparable=comparable,
            )
        )
    rows.sort(key=lambda r: (-r.total, r.label.casefold()))
    return Curriculum(
        track=track,
        track_label=str(Cohort.Track(track).label),
        rome_codes=rome_codes,
        as_of=today,
        months=months,
        offers_per_month=per_month,
        earlier_offers=n1,
        recent_offers=n2,
        cohort_name=cohort.name if cohort else "",
        cohort_size=cohort_graduates.count(),
        hired_year=today.year - 1,
        hired_size=hired.count(),
        skills=rows,
    )


def curriculum_reads(*, today: date | None = None) -> list[Curriculum]:
    """One read per track the school teaches (``settings.SCHOOL_TRADES``)."""
    return [curriculum_read(track=track, today=today) for track in settings.SCHOOL_TRADES]
