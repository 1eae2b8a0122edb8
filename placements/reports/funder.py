"""The funder report: employment and positive-exit rates at 3 and 6 months, with breakdowns."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from employers.models import Partnership
from graduates.models import Cohort, Graduate

from ..models import OutcomeCheck, Placement
from .common import (
    AGE_BANDS,
    DURABLE_EMPLOYMENT,
    INACTIVE,
    NOT_A_CONTRACT,
    NOT_DUE,
    NOT_FILLED,
    NOT_FILLED_LABEL,
    OUTCOME_LABELS,
    OUTCOME_ORDER,
    POSITIVE_EXIT,
    REPORT_MILESTONES,
    SEEKING,
    STRICT_EMPLOYMENT,
    UNKNOWN,
    K,
    Rate,
    S,
)

FUNDER_DEFINITIONS = [
    (
        _("Personnes formées"),
        _(
            "Toutes les personnes de la promotion (pour une année : des promotions dont la formation "
            "s'est terminée dans l'année civile). Les taux à 3 ou 6 mois portent sur celles dont "
            "l'échéance est passée ; les autres sont indiquées à part, « pas encore échu »."
        ),
    ),
    (
        _("Situation à 3 et 6 mois"),
        _(
            "La situation à la fin du stage (ou de la formation, sans stage) plus 3 ou 6 mois, telle "
            "qu'enregistrée dans le suivi. Seuls les suivis validés par l'école sont comptés."
        ),
    ),
    (
        _("Situation inconnue"),
        _(
            "Convention prudente : une personne dont l'échéance est passée, sans suivi validé ou validé "
            "« sans nouvelles », reste dans le dénominateur et n'est comptée ni en emploi ni en sortie positive. Les suivis en "
            "attente de validation sont indiqués à part."
        ),
    ),
    (
        _("Taux d'emploi strict"),
        _(
            "Personnes en emploi (CDI, CDD, intérim, contrat d'apprentissage ou de professionnalisation) "
            "ou ayant créé leur entreprise, divisées par les personnes formées. Un stage n'est pas un emploi."
        ),
    ),
    (
        _("Taux de sortie positive"),
        _("Emploi strict plus poursuite de formation, divisé par les personnes formées."),
    ),
    (
        _("Emploi durable"),
        _(
            "Comme la DARES : CDI, CDD de 6 mois ou plus et création d'entreprise, divisés par les "
            "personnes formées."
        ),
    ),
    (
        _("Âge"),
        _("Âge révolu à la date de fin de la formation."),
    ),
    (
        _("Embauches chez un partenaire"),
        _(
            "Parmi les contrats confirmés (hors stage et poursuite de formation) signés avec un employeur "
            "inscrit sur Tremplin, la part dont l'employeur a un partenariat actif commencé au plus tard "
            "au début du contrat."
        ),
    ),
    (
        _("Délai d'accès au premier contrat"),
        _(
            "Jours entre la fin du stage (ou de la formation, sans stage) et le début du premier contrat "
            "confirmé, hors stage et poursuite de formation ; un contrat commencé avant compte 0 jour. "
            "Médiane sur les personnes qui ont eu un contrat."
        ),
    ),
    (
        _("Taux de réponse au suivi"),
        _(
            "Parmi les suivis à 3 et 6 mois arrivés à échéance, la part dont la situation est connue "
            "(réponse de la personne, saisie de l'école ou déduite des placements), validés ou non."
        ),
    ),
]


# --- small value types ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeRates:
    employment: Rate
    positive_exit: Rate
    durable: Rate


@dataclass(frozen=True)
class OutcomeRow:
    key: str
    label: str
    count: int
    share: Rate


@dataclass(frozen=True)
class MilestoneFigures:
    milestone: str
    label: str
    trained: int
    validated: int  # graduates whose check at this milestone is validated
    unknown: int  # due, and "situation inconnue": no validated check, or validated as unknown
    pending_validation: int  # answered (or filled) but not validated yet: not counted until then
    not_yet_due: int  # graduates whose milestone is still ahead: outside the rates' denominator
    due: int  # graduates whose milestone has come: the rates' denominator
    rates: OutcomeRates
    outcomes: list[OutcomeRow]  # one row per outcome; the counts add up to ``trained``
    followup: Rate  # due checks with a known situation / due checks


@dataclass(frozen=True)
class GroupRow:
    key: str
    label: str
    n: int
    m3: OutcomeRates
    m6: OutcomeRates


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    rows: list[GroupRow]


@dataclass(frozen=True)
class FunderReport:
    scope: str  # "cohort" | "year"
    title: str
    slug: str  # for file names
    cohorts: list[str]
    as_of: date
    trained: int
    milestones: list[MilestoneFigures]
    breakdowns: list[Breakdown]
    partner_hires: Rate
    first_contract_median_days: float | None
    first_contract_count: int
    followup: Rate

    @property
    def m3(self) -> MilestoneFigures:
        return self.milestones[0]

    @property
    def m6(self) -> MilestoneFigures:
        return self.milestones[1]


# --- the funder report ---------------------------------------------------------------------------


def outcome_of(check: OutcomeCheck | None) -> str:
    """The funders' category of a check: only a validated check says anything."""
    if check is None or check.validated_at is None:
        return UNKNOWN
    if check.situation == S.EMPLOYED:
        return check.contract_type or UNKNOWN
    return {
        S.CREATION: K.CREATION.value,
        S.TRAINING: K.FORMATION.value,
        S.SEEKING: SEEKING,
        S.INACTIVE: INACTIVE,
    }.get(check.situation, UNKNOWN)


def outcome_rates(outcomes: list[str]) -> OutcomeRates:
    n = len(outcomes)
    return OutcomeRates(
        employment=Rate(sum(o in STRICT_EMPLOYMENT for o in outcomes), n),
        positive_exit=Rate(sum(o in POSITIVE_EXIT for o in outcomes), n),
        durable=Rate(sum(o in DURABLE_EMPLOYMENT for o in outcomes), n),
    )


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_band(birth_date: date | None, day: date) -> str:
    if birth_date is None:
        return NOT_FILLED
    age = age_on(birth_date, day)
    if age < 26:
        return "under_26"
    if age < 45:
        return "26_44"
    return "45_plus"


def end_of_training(cohort: Cohort) -> date:
    """Where the +3 / +6 months count from: the end of the internship, else of the training."""
    return cohort.internship_end or cohort.training_end


def _groups(choices, *, with_blank: bool = True) -> list[tuple[str, str]]:
    groups = [(value, label) for value, label in choices]
    return [*groups, (NOT_FILLED, NOT_FILLED_LABEL)] if with_blank else groups


def _breakdown_specs():
    """(key, title, groups, function graduate -> group key)."""
    return [
        (
            "gender",
            _("Genre"),
            _groups(Graduate.Gender.choices),
            lambda g: g.gender or NOT_FILLED,
        ),
        (
            "age",
            _("Âge à la fin de la formation"),
            AGE_BANDS,
            lambda g: age_band(g.birth_date, g.cohort.training_end),
        ),
        (
            "diploma",
            _("Niveau de diplôme"),
            _groups(Graduate.DiplomaLevel.choices),
            lambda g: g.diploma_level or NOT_FILLED,
        ),
        (
            "entry",
            _("Situation à l'entrée"),
            _groups(Graduate.EntrySituation.choices),
            lambda g: g.entry_situation or NOT_FILLED,
        ),
        (
            "qpv",
            _("Quartier prioritaire (QPV)"),
            [("yes", _("Résident·e d'un QPV")), ("no", pgettext_lazy("qpv", "Hors QPV"))],
            lambda g: "yes" if g.qpv_resident else "no",
        ),
    ]


def contract_placements(graduates: QuerySet[Graduate]) -> QuerySet[Placement]:
    """Confirmed placements that are contracts: neither an internship nor a return to training."""
    return Placement.objects.filter(
        graduate__in=graduates, status=Placement.Status.CONFIRMED, is_training_internship=False
    ).exclude(contract_type__in=NOT_A_CONTRACT)


def _partner_hires(graduates: QuerySet[Graduate]) -> Rate:
    # The partnership's status is today's (no history is kept): one that ended since counts as not
    # a partner; one signed after the contract started does not count either.
    partner = Partnership.objects.filter(
        employer=OuterRef("employer"),
        status=Partnership.Status.ACTIVE,
        start_date__lte=OuterRef("start_date"),
    )
    rows = (
        contract_placements(graduates)
        .filter(employer__isnull=False)
        .annotate(partner=Exists(partner))
        .values_list("partner", flat=True)
    )
    flags = list(rows)
    return Rate(sum(flags), len(flags))


def _first_contract_days(graduates: list[Graduate], graduates_qs: QuerySet[Graduate]) -> list[int]:
    firsts: dict[int, date] = {}
    for graduate_id, start in contract_placements(graduates_qs).values_list("graduate_id", "start_date"):
        if graduate_id not in firsts or start < firsts[graduate_id]:
            firsts[graduate_id] = start
    ends = {g.pk: end_of_training(g.cohort) for g in graduates}
    return [max(0, (start - ends[gid]).days) for gid, start in firsts.items()]


def _funder_report(
    *, graduates_qs: QuerySet[Graduate], scope: str, title: str, slug: str, cohorts: list[Cohort], today: date
) -> FunderReport:
    graduates = list(graduates_qs.select_related("cohort").order_by("pk"))
    trained = len(graduates)
    checks: dict[tuple[int, str], OutcomeCheck] = {
        (c.graduate_id, c.milestone): c
        for c in OutcomeCheck.objects.filter(graduate__in=graduates_qs, milestone__in=REPORT_MILESTONES).only(
            "graduate_id", "milestone", "situation", "contract_type", "validated_at", "due_on"
        )
    }

    def is_due(graduate: Graduate, milestone) -> bool:
        months = OutcomeCheck.MONTHS_AFTER_END[milestone]
        return end_of_training(graduate.cohort) + relativedelta(months=months) <= today

    # Rates are over the people whose milestone has come: someone whose +6 months are still ahead is
    # "pas encore échu", apart, never "situation inconnue" in the denominator (a funder would read failure).
    outcome = {
        (g.pk, m): outcome_of(checks.get((g.pk, m))) if is_due(g, m) else NOT_DUE
        for g in graduates
        for m in REPORT_MILESTONES
    }

    def rates_of(members: list[Graduate], milestone) -> OutcomeRates:
        return outcome_rates(
            [outcome[(g.pk, milestone)] for g in members if outcome[(g.pk, milestone)] != NOT_DUE]
        )

    milestones = []
    for m in REPORT_MILESTONES:
        mine = [c for (_gid, milestone), c in checks.items() if milestone == m]
        due = [c for c in mine if c.due_on <= today]
        counts = Counter(outcome[(g.pk, m)] for g in graduates)
        milestones.append(
            MilestoneFigures(
                milestone=m.value,
                label=m.label,
                trained=trained,
                validated=sum(c.validated_at is not None for c in mine),
                unknown=counts[UNKNOWN],
                pending_validation=sum(c.validated_at is None and c.situation != S.UNKNOWN for c in mine),
                not_yet_due=counts[NOT_DUE],
                due=trained - counts[NOT_DUE],
                rates=rates_of(graduates, m),
                outcomes=[
                    OutcomeRow(key, OUTCOME_LABELS[key], counts[key], Rate(counts[key], trained))
                    for key in OUTCOME_ORDER
                ],
                followup=Rate(sum(c.situation != S.UNKNOWN for c in due), len(due)),
            )
        )

    breakdowns = []
    for key, bd_title, groups, group_of in _breakdown_specs():
        members: dict[str, list[Graduate]] = defaultdict(list)
        for g in graduates:
            members[group_of(g)].append(g)
        rows = [
            GroupRow(
                key=group,
                label=label,
                n=len(members[group]),
                m3=rates_of(members[group], REPORT_MILESTONES[0]),
                m6=rates_of(members[group], REPORT_MILESTONES[1]),
            )
            for group, label in groups
            # "Non renseigné" only when someone is in it: the other groups always show, even empty.
            if group != NOT_FILLED or members[group]
        ]
        breakdowns.append(Breakdown(key=key, title=bd_title, rows=rows))

    days = _first_contract_days(graduates, graduates_qs)
    return FunderReport(
        scope=scope,
        title=title,
        slug=slug,
        cohorts=[c.name for c in cohorts],
        as_of=today,
        trained=trained,
        milestones=milestones,
        breakdowns=breakdowns,
        partner_hires=_partner_hires(graduates_qs),
        first_contract_median_days=float(statistics.median(days)) if days else None,
        first_contract_count=len(days),
        followup=Rate(sum(m.followup.count for m in milestones), sum(m.followup.total for m in milestones)),
    )


def funder_report_for_cohort(*, cohort: Cohort, today: date | None = None) -> FunderReport:
    return _funder_report(
        graduates_qs=Graduate.objects.filter(cohort=cohort),
        scope="cohort",
        title=cohort.name,
        slug=slugify(cohort.name) or f"promotion-{cohort.pk}",
        cohorts=[cohort],
        today=today or timezone.localdate(),
    )


def funder_report_for_year(*, year: int, today: date | None = None) -> FunderReport:
    """Everyone whose cohort's training ended in the calendar year ``year``."""
    return _funder_report(
        graduates_qs=Graduate.objects.filter(cohort__training_end__year=year),
        scope="year",
        title=str(_("Année %(year)s") % {"year": year}),
        slug=str(year),
        cohorts=list(Cohort.objects.filter(training_end__year=year).order_by("training_end", "name")),
        today=today or timezone.localdate(),
    )


def report_years() -> list[int]:
    """Calendar years in which at least one cohort's training ended (or ends), latest first."""
    return sorted({d.year for d in Cohort.objects.values_list("training_end", flat=True)}, reverse=True)
