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
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from matching.ranker.metrics import ndcg_at_k
from placements.charts import format_number, format_percent

from . import ranking
from .models import MatchJudgement, RankerVersion

logger = logging.getLogger(__name__)

K = 10
CACHE_SECONDS = 60 * 60
CALIBRATION_BINS = 5


@dataclass
class VersionNdcg:
    version: str
    is_current: bool
    ndcg_offer: float | None  # mean over offers with ≥ 2 judged graduates, one of them not off-topic
    ndcg_graduate: float | None
    offers: int = 0
    graduates: int = 0

    @property
    def ndcg(self) -> float | None:
        """Both sides together, weighted by their number of lists (what the promotion rule reads)."""
        parts = [
            (v, n) for v, n in ((self.ndcg_offer, self.offers), (self.ndcg_graduate, self.graduates)) if n
        ]
        if not parts:
            return None
        return sum(v * n for v, n in parts) / sum(n for _v, n in parts)


@dataclass
class JudgementSummary:
    n_judgements: int = 0
    n_pairs: int = 0
    by_grade: dict[str, int] = field(default_factory=dict)
    versions: list[VersionNdcg] = field(default_factory=list)


def judged_gains() -> dict[tuple[str, str], float]:
    """(offer id, graduate id) → mean gain over the officers who judged the pair."""
    sums: dict[tuple[str, str], list[int]] = defaultdict(list)
    for offer_id, graduate_id, grade in MatchJudgement.objects.values_list(
        "offer_id", "graduate_id", "grade"
    ):
        sums[(str(offer_id), str(graduate_id))].append(MatchJudgement.GAIN[grade])
    return {pair: sum(g) / len(g) for pair, g in sums.items()}


def _mean_ndcg(groups: dict[str, list[tuple[float, float]]]) -> tuple[float | None, int]:
    """Mean nDCG@K over lists ``[(score, gain)]`` that have at least two items and one gain."""
    values = []
    for items in groups.values():
        if len(items) < 2 or not any(g > 0 for _s, g in items):
            continue
        # Ties in score broken against the model (lowest gain first): no credit for a tie.
        ranked = sorted(items, key=lambda sg: (-sg[0], sg[1]))
        value = ndcg_at_k(np.array([g for _s, g in ranked]), k=K)
        if not math.isnan(value):
            values.append(value)
    return (float(np.mean(values)) if values else None), len(values)


def ndcg_against_judgements(scores: np.ndarray, pairs: list[tuple[str, str]], gains: list[float]) -> dict:
    """nDCG@10 of one model's ``scores`` for the judged ``pairs`` (offer id, graduate id)."""
    by_offer: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_graduate: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for (offer_id, graduate_id), s, g in zip(pairs, scores, gains, strict=True):
        by_offer[offer_id].append((float(s), g))
        by_graduate[graduate_id].append((float(s), g))
    ndcg_offer, n_offer = _mean_ndcg(by_offer)
    ndcg_graduate, n_graduate = _mean_ndcg(by_graduate)
    return {
        "ndcg_offer": ndcg_offer,
        "offers": n_offer,
        "ndcg_graduate": ndcg_graduate,
        "graduates": n_graduate,
    }


def _state_key(prefix: str) -> str:
    j = MatchJudgement.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    v = RankerVersion.objects.aggregate(n=Count("pk"), last=Max("created_at"))
    current = RankerVersion.objects.filter(is_current=True).values_list("version", flat=True).first()
    state = f"{j['n']}|{j['last']}|{v['n']}|{v['last']}|{current}"
    return f"matching:{prefix}:{hashlib.sha1(state.encode()).hexdigest()}"


def _models_of(versions: list[RankerVersion]):
    from .scoring import ranker_model

    out = []
    for v in versions:
        try:
            out.append((v, ranker_model(v)))
        except Exception:  # an artefact missing on this machine: that version is not shown
            logger.warning("ranker version %s not loadable", v.version, exc_info=True)
    return out


def judgement_summary(*, use_cache: bool = True) -> JudgementSummary:
    """Judgement counts and every version's nDCG@10 against them."""
    key = _state_key("judgements")
    if use_cache and (hit := cache.get(key)) is not None:
        return hit
    summary = JudgementSummary(
        n_judgements=MatchJudgement.objects.count(),
        by_grade=dict(MatchJudgement.objects.values_list("grade").annotate(n=Count("pk")).order_by()),
    )
    gains = judged_gains()
    summary.n_pairs = len(gains)
    versions = list(RankerVersion.objects.order_by("-created_at", "-pk")[:20])
    if gains and versions:
        matcher = ranking.build_matcher(also_offer_ids={int(o) for o, _g in gains})
        pairs = [p for p in gains if p[0] in matcher.offers.index and p[1] in matcher.candidates.index]
        for version, model in _models_of(versions):
            matcher.model = model
            scores = matcher.score_pairs([o for o, _g in pairs], [g for _o, g in pairs])
            result = ndcg_against_judgements(scores, pairs, [gains[p] for p in pairs])
            summary.versions.append(
                VersionNdcg(version=version.version, is_current=version.is_current, **result)
            )
    cache.set(key, summary, CACHE_SECONDS)
    return summary


# ------------------------------------------------------------------------------------ calibration


@dataclass
class CalibrationBin:
    predicted: float  # mean predicted probability in the bin
    observed: float  # share of the bin's candidacies that reached an interview or a hire
    count: int


@dataclass
class Calibration:
    version: str
    n_outcomes: int = 0
    n_positives: int = 0
    bins: list[CalibrationBin] = field(default_factory=list)
    mean_predicted: float | None = None
    brier: float | None = None


def calibration_bins(
    scores: np.ndarray, positive: np.ndarray, n_bins: int = CALIBRATION_BINS
) -> list[CalibrationBin]:
    """Bins of equal size by predicted score (quantiles): mean predicted vs observed rate."""
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(positive, dtype=np.float64)
    if scores.size == 0:
        return []
    order = np.argsort(scores, kind="stable")
    out = []
    for part in np.array_split(order, min(n_bins, scores.size)):
        if part.size:
            out.append(
                CalibrationBin(
                    predicted=float(scores[part].mean()),
                    observed=float(positive[part].mean()),
                    count=int(part.size),
                )
            )
    return out


def calibration(*, use_cache: bool = True) -> Calibration:
    """The serving model's scores of every logged candidacy against what happened to it."""
    from .scoring import ranker_current, ranker_model
    from .training import logged_outcomes

    current = ranker_current()
    key = _state_key("calibration") + ":" + hashlib.sha1(_outcomes_key().encode()).hexdigest()
    if use_cache and (hit := cache.get(key)) is not None:
        return hit
    result = Calibration(version=current.version)
    pairs = logged_outcomes()
    if pairs:
        matcher = ranking.build_matcher(
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
            result.n_outcomes = len(pairs)
            result.n_positives = int(positive.sum())
            result.bins = calibration_bins(scores, positive)
            result.mean_predicted = float(scores.mean())
            result.brier = float(np.mean((scores - positive) ** 2))
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
    size, pad = 320, 48
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
        f'<text x="12" y="{y(top / 2)}" transform="rotate(-90 12 {y(top / 2)})" text-anchor="middle">'
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
        body.append(f'<circle cx="{x(b.predicted)}" cy="{y(b.observed)}" r="4" fill="#1d4ed8"/>')
        body.append(
            f'<text x="{x(b.predicted) + 6}" y="{y(b.observed) - 6}" font-size="11">{escape(label)}</text>'
        )
    title = _("Calibration du modèle %(version)s") % {"version": cal.version}
    desc = _(
        "Chance prédite → part obtenant un entretien (nombre de candidatures), par tranche : "
    ) + "; ".join(described)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" id="calibration-chart" '
        f'aria-labelledby="calibration-chart-title calibration-chart-desc" viewBox="0 0 {size + 160} {size}" '
        f'width="{size + 160}" height="{size}" style="max-width:100%;height:auto" '
        f'font-family="system-ui, sans-serif" font-size="12">'
        f'<title id="calibration-chart-title">{escape(title)}</title>'
        f'<desc id="calibration-chart-desc">{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 — every text went through escape()
