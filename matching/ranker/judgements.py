"""Officers' judgements as ground truth: pairs graded pertinent (2) / plausible (1) / hors sujet (0).

- :func:`judgement_metrics`: nDCG@k of any scores against the judgements, per offer (the graduates
  judged for it, in the scores' order) and per graduate (the offers judged for them);
- :func:`judgement_table`: every model (and the baselines) on the same judgements;
- judged pairs also enter training (:func:`matching.ranker.training.training_set`) and the
  promotion rule (:func:`matching.ranker.training.should_promote`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .baselines import jaccard_scores, tfidf_scores
from .metrics import ndcg_at_k

JUDGEMENT_GRADES = {"pertinent": 2, "plausible": 1, "hors_sujet": 0, "hors sujet": 0}
# A list of judged pairs is scored when it holds at least this many pairs, one of them not off-topic.
MIN_JUDGED_PER_LIST = 2


@dataclass(frozen=True)
class Judgement:
    """One officer's grade on a pair: ``grade`` 2 pertinent, 1 plausible, 0 hors sujet.

    ``grade`` may be given as a label (``"pertinent"``, ``"plausible"``, ``"hors_sujet"``) or a number
    (the mean of several officers' grades is fine). ``officer`` and ``model_version`` are carried for
    the record; the ranker does not read them. ``proposed_by``: for a judgement of the pooled queue,
    the model versions whose top lists held the pair (empty for any other judgement).
    """

    offer_id: str
    candidate_id: str
    grade: float
    officer: str | None = None
    model_version: str | None = None
    proposed_by: tuple[str, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "offer_id", str(self.offer_id))
        object.__setattr__(self, "candidate_id", str(self.candidate_id))
        g = self.grade
        if isinstance(g, str):
            key = g.strip().lower()
            if key not in JUDGEMENT_GRADES:
                raise ValueError(f"jugement inconnu : {g!r}")
            g = JUDGEMENT_GRADES[key]
        g = float(g)
        if not 0.0 <= g <= 2.0:
            raise ValueError(f"un jugement va de 0 (hors sujet) à 2 (pertinent), pas {g}")
        object.__setattr__(self, "grade", g)


def mean_judgements(judgements: Iterable[Judgement]) -> list[Judgement]:
    """One judgement per pair: the mean grade of its officers (order of first appearance)."""
    sums: dict[tuple[str, str], list[float]] = {}
    for j in judgements:
        sums.setdefault((j.offer_id, j.candidate_id), []).append(j.grade)
    return [Judgement(o, c, float(np.mean(g))) for (o, c), g in sums.items()]


def _side_ndcg(scores, grades, groups, k: int, seed: int) -> tuple[float, int]:
    rng = np.random.default_rng(seed)
    tiebreak = rng.random(len(scores))
    order = np.lexsort((tiebreak, -scores, groups))
    g_sorted = groups[order]
    bounds = np.flatnonzero(np.r_[True, g_sorted[1:] != g_sorted[:-1], True])
    values = []
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        gr = grades[order[a:b]]
        if b - a < MIN_JUDGED_PER_LIST or not (gr > 0).any():
            continue
        values.append(ndcg_at_k(gr, k))
    return (float(np.mean(values)) if values else float("nan")), len(values)


def judgement_metrics(
    scores: np.ndarray,
    judgements: Sequence[Judgement],
    *,
    k: int = 10,
    seed: int = 0,
) -> dict[str, float]:
    """nDCG@k of ``scores`` (one per judgement, same order) against the officers' grades.

    Gain ``2^grade - 1`` (pertinent 3, plausible 1, hors sujet 0). Lists: per offer (its judged
    graduates) and per graduate (their judged offers), each kept when it holds at least
    ``MIN_JUDGED_PER_LIST`` pairs, one not off-topic; ties broken at random (fixed seed). Returns
    ``ndcg@k_judged_offer``, ``ndcg@k_judged_graduate``, ``ndcg@k_judgements`` (both sides, weighted
    by their number of lists: what the promotion rule reads), ``judged_lists_offer`` /
    ``judged_lists_graduate`` and ``n_judgements``.
    """
    scores = np.asarray(scores, dtype=np.float64)
    grades = np.array([j.grade for j in judgements], dtype=np.float64)
    out: dict[str, float] = {"n_judgements": float(len(judgements))}
    parts = []
    for side, groups in (
        ("offer", np.array([j.offer_id for j in judgements])),
        ("graduate", np.array([j.candidate_id for j in judgements])),
    ):
        if len(judgements):
            value, n = _side_ndcg(scores, grades, groups, k, seed)
        else:
            value, n = float("nan"), 0
        out[f"ndcg@{k}_judged_{side}"] = value
        out[f"judged_lists_{side}"] = float(n)
        if n:
            parts.append((value, n))
    out[f"ndcg@{k}_judgements"] = (
        sum(v * n for v, n in parts) / sum(n for _, n in parts) if parts else float("nan")
    )
    return out


def known_judgements(matcher, judgements: Iterable[Judgement]) -> list[Judgement]:
    """The judgements whose offer and graduate the matcher holds."""
    return [
        j
        for j in judgements
        if j.offer_id in matcher.offers.index and j.candidate_id in matcher.candidates.index
    ]


def judgement_table(
    matcher,
    judgements: Iterable[Judgement],
    models: Mapping[str, object],
    *,
    k: int = 10,
    baselines: bool = True,
) -> dict[str, dict[str, float]]:
    """``{name: judgement_metrics}`` for every model (``{version: model}``) and, with ``baselines``,
    random, skill Jaccard and TF-IDF cosine, on the same judged pairs (those the matcher holds)."""
    from .model import positive_probability

    js = known_judgements(matcher, mean_judgements(judgements))
    oi = np.array([matcher.offers.index[j.offer_id] for j in js], dtype=np.int64)
    ci = np.array([matcher.candidates.index[j.candidate_id] for j in js], dtype=np.int64)
    X = matcher.features(oi, ci)
    scores: dict[str, np.ndarray] = {}
    if baselines:
        scores["random"] = np.random.default_rng(7).random(len(js))
        scores["skill Jaccard"] = jaccard_scores(matcher, oi, ci) if len(js) else np.zeros(0)
        scores["TF-IDF cosine"] = tfidf_scores(matcher, oi, ci) if len(js) else np.zeros(0)
    for name, model in models.items():
        scores[name] = positive_probability(model, X) if len(js) else np.zeros(0)
    return {name: judgement_metrics(s, js, k=k) for name, s in scores.items()}
