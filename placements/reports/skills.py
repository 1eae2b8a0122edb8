"""Skills demand vs supply: what open offers ask for, its trend, and the cohort's gaps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.taxonomy.models import Occupation, Skill
from employers.models import Offer, OfferSkill
from graduates.models import Cohort, GraduateSkill

from .common import GAP_MAX_SHARE, TREND_MONTHS, Rate

SKILLS_DEFINITIONS = [
    (
        _("Offres ouvertes"),
        _("Les offres publiées aujourd'hui ; une compétence est « requise » ou « appréciée » par l'offre."),
    ),
    (
        _("Tendance"),
        _(
            "Pour chacun des 12 derniers mois, le nombre d'offres publiées ce mois-là qui demandent la "
            "compétence (requise ou appréciée), y compris celles pourvues ou expirées depuis."
        ),
    ),
    (
        _("Compétences de la promotion"),
        _(
            "Les compétences retenues sur les profils : « confirmées » par un·e formateur·rice, "
            "« déclarées » sinon (saisies ou repérées dans le CV puis acceptées). Les propositions non "
            "retenues ne comptent pas."
        ),
    ),
    (
        _("Manque"),
        _(
            "Une compétence requise par au moins une offre ouverte et détenue par au plus un quart de la "
            "promotion ; classée par nombre d'offres qui la requièrent. Les savoir-être n'y figurent pas : "
            "ils se montrent en situation plus qu'ils ne s'apprennent en module."
        ),
    ),
    (
        _("Savoir-être"),
        _(
            "Les qualités humaines que les offres demandent (travail en équipe, autonomie…), montrées à part "
            "des savoir-faire techniques, qui sont l'objet du tableau principal."
        ),
    ),
]


# --- skills demand vs supply ---------------------------------------------------------------------


@dataclass(frozen=True)
class SkillDemandRow:
    skill_id: int
    uid: str
    label: str
    required: int  # open offers requiring it
    nice: int  # open offers where it is a plus
    trend: list[int]  # offers published each month of SkillsDemand.months asking for it
    confirmed: int  # graduates of the cohort with it confirmed by a trainer
    declared: int  # … accepted on their profile but not confirmed

    @property
    def total(self) -> int:
        return self.required + self.nice

    @property
    def holders(self) -> int:
        return self.confirmed + self.declared


@dataclass(frozen=True)
class SkillGap:
    skill_id: int
    uid: str
    label: str
    offers: int  # open offers requiring it: what the cohort would open by learning it
    confirmed: int
    declared: int
    cohort_size: int

    @property
    def holders(self) -> int:
        return self.confirmed + self.declared

    @property
    def share(self) -> Rate:
        return Rate(self.holders, self.cohort_size)


@dataclass(frozen=True)
class SkillsDemand:
    as_of: date
    cohort_id: int | None
    cohort_name: str
    cohort_size: int
    occupation_code: str
    occupation_label: str
    open_offers: int
    months: list[date]  # first day of each month, oldest first
    offers_per_month: list[int]
    top: list[SkillDemandRow]  # know-how, tools, knowledge, languages, licences: what a curriculum teaches
    gaps: list[SkillGap]
    soft: list[SkillDemandRow]  # soft skills, apart (never a gap)


def trend_months(today: date, count: int = TREND_MONTHS) -> list[date]:
    first = today.replace(day=1)
    return [first - relativedelta(months=count - 1 - i) for i in range(count)]


def _month_key(value: datetime) -> date:
    return timezone.localtime(value).date().replace(day=1) if timezone.is_aware(value) else value.date()


def skills_demand(
    *,
    cohort: Cohort | None = None,
    occupation: Occupation | None = None,
    today: date | None = None,
    limit: int = 20,
    gap_limit: int = 15,
    soft_limit: int = 10,
) -> SkillsDemand:
    """What open offers ask for, how that moved over 12 months, and what the cohort lacks.

    Technical skills lead (``top``, ``gaps``); soft skills are counted apart (``soft``) so that ESCO's
    "faire preuve de curiosité" never tops the curriculum team's view nor reads as a gap.
    """
    today = today or timezone.localdate()
    offers = Offer.objects.all()
    if occupation is not None:
        offers = offers.filter(occupation=occupation)
    open_offers = offers.filter(status=Offer.Status.PUBLISHED)

    demand: dict[int, dict[str, int]] = defaultdict(lambda: {"required": 0, "nice": 0})
    for skill_id, level, n in (
        OfferSkill.objects.filter(offer__in=open_offers)
        .values("skill_id", "level")
        .annotate(n=Count("offer_id", distinct=True))
        .values_list("skill_id", "level", "n")
    ):
        demand[skill_id][level] = n

    supply: dict[int, tuple[int, int]] = {}
    cohort_size = 0
    if cohort is not None:
        cohort_size = cohort.graduates.count()
        supply = {
            skill_id: (confirmed, declared)
            for skill_id, confirmed, declared in GraduateSkill.objects.filter(
                graduate__cohort=cohort, status=GraduateSkill.Status.ACCEPTED
            )
            .values("skill_id")
            .annotate(
                confirmed=Count("id", filter=Q(confirmed_at__isnull=False)),
                declared=Count("id", filter=Q(confirmed_at__isnull=True)),
            )
            .values_list("skill_id", "confirmed", "declared")
        }

    skills = {
        s.pk: s for s in Skill.objects.filter(pk__in=list(demand)).only("uid", "label_fr", "label_en", "kind")
    }

    def label(skill_id: int) -> str:
        return skills[skill_id].label

    def ranked(ids) -> list[int]:
        return sorted(
            ids, key=lambda sid: (-demand[sid]["required"], -demand[sid]["nice"], label(sid).casefold())
        )

    soft_ids = {sid for sid in demand if skills[sid].kind == Skill.Kind.SOFT_SKILL}
    top_ids = ranked(sid for sid in demand if sid not in soft_ids)[:limit]
    soft_top = ranked(soft_ids)[:soft_limit]

    months = trend_months(today)
    index = {m: i for i, m in enumerate(months)}
    since = timezone.make_aware(datetime.combine(months[0], time.min))
    published = offers.filter(published_at__gte=since)
    trend: dict[int, list[int]] = {sid: [0] * len(months) for sid in [*top_ids, *soft_top]}
    for skill_id, month, n in (
        OfferSkill.objects.filter(offer__in=published, skill_id__in=list(trend))
        .annotate(month=TruncMonth("offer__published_at"))
        .values("skill_id", "month")
        .annotate(n=Count("offer_id", distinct=True))
        .values_list("skill_id", "month", "n")
    ):
        i = index.get(_month_key(month))
        if i is not None:
            trend[skill_id][i] = n
    per_month = [0] * len(months)
    for month, n in (
        published.annotate(month=TruncMonth("published_at")).values("month").annotate(n=Count("id"))
    ).values_list("month", "n"):
        i = index.get(_month_key(month))
        if i is not None:
            per_month[i] = n

    def row(sid: int) -> SkillDemandRow:
        return SkillDemandRow(
            skill_id=sid,
            uid=skills[sid].uid,
            label=label(sid),
            required=demand[sid]["required"],
            nice=demand[sid]["nice"],
            trend=trend[sid],
            confirmed=supply.get(sid, (0, 0))[0],
            declared=supply.get(sid, (0, 0))[1],
        )

    top = [row(sid) for sid in top_ids]
    soft = [row(sid) for sid in soft_top]

    gaps: list[SkillGap] = []
    if cohort is not None and cohort_size:
        for sid, levels in demand.items():
            if sid in soft_ids:
                continue
            confirmed, declared = supply.get(sid, (0, 0))
            if levels["required"] and confirmed + declared <= GAP_MAX_SHARE * cohort_size:
                gaps.append(
                    SkillGap(
                        skill_id=sid,
                        uid=skills[sid].uid,
                        label=label(sid),
                        offers=levels["required"],
                        confirmed=confirmed,
                        declared=declared,
                        cohort_size=cohort_size,
                    )
                )
        gaps.sort(key=lambda g: (-g.offers, g.holders, g.label.casefold()))
        gaps = gaps[:gap_limit]

    return SkillsDemand(
        as_of=today,
        cohort_id=cohort.pk if cohort else None,
        cohort_name=cohort.name if cohort else "",
        cohort_size=cohort_size,
        occupation_code=occupation.code if occupation else "",
        occupation_label=occupation.label if occupation else "",
        open_offers=open_offers.count(),
        months=months,
        offers_per_month=per_month,
        top=top,
        gaps=gaps,
        soft=soft,
    )


def occupations_with_open_offers() -> QuerySet[Occupation]:
    return Occupation.objects.filter(
        pk__in=Offer.objects.filter(status=Offer.Status.PUBLISHED, occupation__isnull=False).values(
            "occupation_id"
        )
    ).order_by("code")
