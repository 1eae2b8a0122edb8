"""Officers' judgements as ground truth, and the serving model's calibration, for the ranker page.

- ``judgement_ndcg``: every model version's nDCG@10 against the officers' grades (pertinent 2,
  plausible 1, hors sujet 0; several officers on one pair: their mean), per offer (the graduates
  judged for it, in the model's order) and per graduate (the offers judged for them);
- ``calibration``: the serving model's predicted chance of an interview against what happened, by
  bins of logged candidacies (interview or hire = yes), and its SVG chart.

Both score pairs with each model through one matcher built over the published offers and the
offers judged or logged (past ones included), and are cached until a judgement, an outcome or a
version changes.
"""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from matching.ranker import Judgement, calibration_curve, expected_calibration_error, judgement_table
from placements.reports.charts import format_number, format_percent

from . import ranker_bridge
from .models import MatchJudgement, RankerVersion
from .outcomes import logged_outcomes

logger = logging.getLogger(__name__)

K = 10
CACHE_SECONDS = 60 * 60
CALIBRATION_BINS = 10


@dataclass
class VersionNdcg:
    """One model (or baseline) against the judgements: nDCG@10 per offer, per graduate, together."""

    version: str
    is_current: bool
    ndcg_offer: float | None  # mean over offers with ≥ 2 judged graduates, one of them not off-topic
    ndcg_graduate: float | None
    ndcg: float | None  # both sides, weighted by their number of lists: what the promotion rule reads
    offers: int = 0
    graduates: int = 0
    baseline: bool = False


@dataclass
class JudgementSummary:
    n_judgements: int = 0
    n_pairs: int = 0
    by_grade: dict[str, int] = field(default_factory=dict)
    versions: list[VersionNdcg] = field(default_factory=list)  # models, newest first, then baselines


def judgements_for_ranker() -> list[Judgement]:
    """Every officer's grade as the ranker reads it (pertinent 2, plausible 1, hors sujet 0)."""
    return [
        Judgement(
            str(o),
            str(g),
            MatchJudgement.GAIN[grade],
            officer=str(officer),
            model_version=version,
            proposed_by=tuple(proposed or ()),
        )
        for o, g, grade, officer, version, proposed in MatchJudgement.objects.order_by("pk").values_list(
            "offer_id", "graduate_id", "grade", "officer_id", "model_version", "proposed_by"
        )
    ]


def _number(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _row(name: str, metrics: dict, *, is_current: bool = False, baseline: bool = False) -> VersionNdcg:
    return VersionNdcg(
        version=name,
        is_current=is_current,
        ndcg_offer=_number(metrics.get(f"ndcg@{K}_judged_offer")),
        ndcg_graduate=_number(metrics.get(f"ndcg@{K}_judged_graduate")),
        ndcg=_number(metrics.get(f"ndcg@{K}_judgements")),
        offers=int(metrics.get("judged_lists_offer", 0)),
        graduates=int(metrics.get("judged_lists_graduate", 0)),
        baseline=baseline,
    )


def _state_key(prefix: str) -> str:
    j = MatchJudgement.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    v = RankerVersion.objects.aggregate(n=Count("pk"), last=Max("created_at"), decided=Max("decided_at"))
    current = RankerVersion.objects.filter(is_current=True).values_list("version", flat=True).first()
    pending = (
        RankerVersion.objects.filter(status=RankerVersion.Status.PENDING)
        .values_list("version", flat=True)
        .first()
    )
    state = f"{j['n']}|{j['last']}|{v['n']}|{v['last']}|{v['decided']}|{current}|{pending}"
    return f"matching:{prefix}:{hashlib.sha256(state.encode()).hexdigest()}"


def _models_of(versions: list[RankerVersion]):
    from .serving import ranker_model

    out = []
    for v in versions:
        try:
            out.append((v, ranker_model(v)))
        except Exception:  # an artefact missing on this machine: that version is not shown
            logger.warning("ranker version %s not loadable", v.version, exc_info=True)
    return out


def judgement_summary(*, use_cache: bool = True) -> JudgementSummary:
    """Judgement counts and every version's nDCG@10 against them, with the baselines (random,
    skill Jaccard, TF-IDF cosine) on the same pairs."""
    key = _state_key("judgements")
    if use_cache and (hit := cache.get(key)) is not None:
        return hit
    summary = JudgementSummary(
        n_judgements=MatchJudgement.objects.count(),
        by_grade=dict(MatchJudgement.objects.values_list("grade").annotate(n=Count("pk")).order_by()),
    )
    judged = judgements_for_ranker()
    summary.n_pairs = len({(j.offer_id, j.candidate_id) for j in judged})
    versions = list(RankerVersion.objects.order_by("-created_at", "-pk")[:20])
    if judged and versions:
        matcher = ranker_bridge.build_matcher(also_offer_ids={int(j.offer_id) for j in judged})
        loaded = _models_of(versions)
        table = judgement_table(matcher, judged, {v.version: m for v, m in loaded}, k=K)
        for v, _m in loaded:
            summary.versions.append(_row(v.version, table[v.version], is_current=v.is_current))
        for name in BASELINES:
            if name in table:
                summary.versions.append(_row(name, table[name], baseline=True))
    cache.set(key, summary, CACHE_SECONDS)
    return summary


# The ranker's baselines, named as judgement_table names them; shown under the models.
BASELINES = ("random", "skill Jaccard", "TF-IDF cosine")


# ------------------------------------------------------------------------------------ calibration


@dataclass
class CalibrationBin:
    predicted: float  # mean predicted probability in the bin
    observed: float  # share of the bin's pairs that reached an interview or a hire
    count: int


@dataclass
class Calibration:
    version: str
    source: str = ""  # "held_out": the training's held-out offers; "logged": every logged outcome
    n_outcomes: int = 0
    n_positives: int = 0
    bins: list[CalibrationBin] = field(default_factory=list)
    mean_predicted: float | None = None
    ece: float | None = None  # expected calibration error: mean |predicted - observed|, by bin size


def _bins(raw: list[dict]) -> list[CalibrationBin]:
    return [CalibrationBin(predicted=b["predicted"], observed=b["observed"], count=b["n"]) for b in raw]


def calibration(*, use_cache: bool = True) -> Calibration:
    """The serving model's predicted chance of an interview against what happened.

    A trained version carries the bins of its training's held-out offers (``metrics["calibration"]``);
    the prior learned nothing from the logs, so every logged outcome is out of sample for it: its
    bins are computed here on all of them (equal-count bins, interview or hire = yes)."""
    from .serving import ranker_current, ranker_model

    current = ranker_current()
    stored = (current.metrics or {}).get("calibration")
    if stored:
        bins = _bins(stored)
        n = sum(b.count for b in bins)
        return Calibration(
            version=current.version,
            source="held_out",
            n_outcomes=n,
            n_positives=round(sum(b.observed * b.count for b in bins)),
            bins=bins,
            mean_predicted=sum(b.predicted * b.count for b in bins) / n if n else None,
            ece=_number(expected_calibration_error(stored)),
        )
    key = _state_key("calibration") + ":" + hashlib.sha256(_outcomes_key().encode()).hexdigest()
    if use_cache and (hit := cache.get(key)) is not None:
        return hit
    result = Calibration(version=current.version, source="logged")
    pairs = logged_outcomes()
    if pairs:
        matcher = ranker_bridge.build_matcher(
            model=ranker_model(current), also_offer_ids={int(p.offer_id) for p in pairs}
        )
        pairs = [
            p
            for p in pairs
            if p.offer_id in matcher.offers.index and p.candidate_id in matcher.candidates.index
        ]
        if pairs:
            scores = matcher.score_pairs([p.offer_id for p in pairs], [p.candidate_id for p in pairs])
            positive = np.array([p.outcome in ("interview", "hired") for p in pairs], dtype=np.float64)
            # About 30 pairs per bin at least: fewer make each point noise.
            raw = calibration_curve(scores, positive, n_bins=max(2, min(CALIBRATION_BINS, len(pairs) // 30)))
            result.n_outcomes = len(pairs)
            result.n_positives = int(positive.sum())
            result.bins = _bins(raw)
            result.mean_predicted = float(scores.mean())
            result.ece = _number(expected_calibration_error(raw))
    cache.set(key, result, CACHE_SECONDS)
    return result


def _outcomes_key() -> str:
    from placements.models import Application

    a = Application.objects.aggregate(n=Count("pk"), last=Max("moved_at"))
    return f"{a['n']}:{a['last']}"


def calibration_chart(cal: Calibration) -> SafeString | None:
    """Predicted (x) against observed (y) chance of an interview, with the diagonal of a perfectly
    calibrated model; each bin's figures are written next to its point and in the description."""
    if not cal.bins:
        return None
    size, pad = 320, 56
    top = max(0.05, max(max(b.predicted, b.observed) for b in cal.bins))
    top = min(1.0, math.ceil(top * 10 + 0.5) / 10)

    def x(v: float) -> float:
        return round(pad + (size - 2 * pad) * v / top, 1)

    def y(v: float) -> float:
        return round(size - pad - (size - 2 * pad) * v / top, 1)

    body = [
        f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(top)}" y2="{y(top)}" stroke="#9ca3af" stroke-dasharray="4 4"/>',
        f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(top)}" y2="{y(0)}" stroke="#1f2937"/>',
        f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(0)}" y2="{y(top)}" stroke="#1f2937"/>',
        f'<text x="{x(top / 2)}" y="{size - 10}" text-anchor="middle">{escape(_("Chance prédite"))}</text>',
        f'<text x="18" y="{y(top / 2)}" transform="rotate(-90 18 {y(top / 2)})" text-anchor="middle">'
        f"{escape(_('Entretiens obtenus'))}</text>",
        f'<text x="{x(0)}" y="{y(0) + 16}" text-anchor="middle">0</text>',
        f'<text x="{x(top)}" y="{y(0) + 16}" text-anchor="middle">{escape(format_percent(top, 0))}</text>',
        f'<text x="{x(0) - 6}" y="{y(top) + 4}" text-anchor="end">{escape(format_percent(top, 0))}</text>',
    ]
    points = " ".join(f"{x(b.predicted)},{y(b.observed)}" for b in cal.bins)
    body.append(f'<polyline points="{points}" fill="none" stroke="#1d4ed8" stroke-width="2"/>')
    described = []
    for b in cal.bins:
        label = f"{format_percent(b.predicted)} → {format_percent(b.observed)} ({format_number(b.count, 0)})"
        described.append(label)
        # The figures are in the description and in the table under the chart: no labels to collide.
        body.append(
            f'<circle cx="{x(b.predicted)}" cy="{y(b.observed)}" r="4" fill="#1d4ed8">'
            f"<title>{escape(label)}</title></circle>"
        )
    title = _("Calibration du modèle %(version)s") % {"version": cal.version}
    desc = _(
        "Chance prédite → part obtenant un entretien (nombre de candidatures), par tranche : "
    ) + "; ".join(described)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" id="calibration-chart" '
        f'aria-labelledby="calibration-chart-title calibration-chart-desc" viewBox="0 0 {size + 160} {size}" '
        f'width="{size + 160}" height="{size}" '
        f'font-family="system-ui, sans-serif" font-size="12">'
        f'<title id="calibration-chart-title">{escape(title)}</title>'
        f'<desc id="calibration-chart-desc">{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 — every text went through escape()
