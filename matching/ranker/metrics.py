"""Ranking metrics over logged outcomes: nDCG@k (graded), MAP and recall@k (binary)."""

from __future__ import annotations

import numpy as np


def dcg(grades: np.ndarray) -> float:
    """Discounted cumulative gain with gain ``2^grade - 1``."""
    grades = np.asarray(grades, dtype=np.float64)
    if grades.size == 0:
        return 0.0
    return float(np.sum((2.0**grades - 1.0) / np.log2(np.arange(2, grades.size + 2))))


def ndcg_at_k(grades_in_ranked_order: np.ndarray, k: int = 10) -> float:
    """nDCG@k with gain 2^grade - 1; NaN when the list holds no relevant item."""
    g = np.asarray(grades_in_ranked_order, dtype=np.float64)
    ideal = dcg(np.sort(g)[::-1][:k])
    if ideal == 0:
        return float("nan")
    return dcg(g[:k]) / ideal


def average_precision(relevant_in_ranked_order: np.ndarray) -> float:
    """Average precision of a binary relevance list; NaN when nothing is relevant."""
    r = np.asarray(relevant_in_ranked_order, dtype=bool)
    if not r.any():
        return float("nan")
    hits = np.cumsum(r)
    precision = hits / np.arange(1, r.size + 1)
    return float(precision[r].mean())


def recall_at_k(relevant_in_ranked_order: np.ndarray, k: int = 10) -> float:
    """Share of the relevant items found in the first ``k``; NaN when none is relevant."""
    r = np.asarray(relevant_in_ranked_order, dtype=bool)
    if not r.any():
        return float("nan")
    return float(r[:k].sum() / r.sum())


def ranking_metrics(
    scores: np.ndarray,
    grades: np.ndarray,
    groups: np.ndarray,
    *,
    k: int = 10,
    relevant_min_grade: int = 2,
    seed: int = 0,
) -> dict[str, float]:
    """Mean nDCG@k, MAP and recall@k over groups (offers or graduates) holding a relevant item.

    Items of a group are sorted by decreasing score; ties are broken at random (fixed seed) so that
    a constant scorer gets the random baseline's figure rather than the logging order's.
    """
    scores = np.asarray(scores, dtype=np.float64)
    grades = np.asarray(grades)
    groups = np.asarray(groups)
    rng = np.random.default_rng(seed)
    tiebreak = rng.random(scores.size)
    order = np.lexsort((tiebreak, -scores, groups))
    g_sorted = groups[order]
    boundaries = np.flatnonzero(np.r_[True, g_sorted[1:] != g_sorted[:-1], True])
    nd, ap, rc = [], [], []
    for a, b in zip(boundaries[:-1], boundaries[1:], strict=True):
        gr = grades[order[a:b]]
        rel = gr >= relevant_min_grade
        v = ndcg_at_k(gr, k)
        if not np.isnan(v):
            nd.append(v)
        if rel.any():
            ap.append(average_precision(rel))
            rc.append(recall_at_k(rel, k))
    return {
        f"ndcg@{k}": float(np.mean(nd)) if nd else float("nan"),
        "map": float(np.mean(ap)) if ap else float("nan"),
        f"recall@{k}": float(np.mean(rc)) if rc else float("nan"),
        "groups": float(len(nd)),
    }


def two_sided_metrics(scores, grades, offer_groups, candidate_groups, *, k: int = 10) -> dict[str, float]:
    """``ranking_metrics`` per offer (ranking graduates) and per graduate (ranking offers)."""
    out = {}
    for side, groups in (("offer", offer_groups), ("graduate", candidate_groups)):
        for name, value in ranking_metrics(scores, grades, groups, k=k).items():
            out[f"{name}_{side}"] = value
    return out


def calibration_curve(scores, outcomes, *, n_bins: int = 10, strategy: str = "quantile") -> list[dict]:
    """Reliability bins of predicted probabilities against what happened, for the ranker page.

    ``outcomes`` is binary (interview or hire = 1), on held-out data. ``strategy="quantile"``: bins
    of equal counts (interviews are rare, most predictions are low); ``"uniform"``: equal widths on
    [0, 1]. Each bin: ``lo``, ``hi`` (its score range), ``predicted`` (mean score), ``observed``
    (share of positives), ``n``. Empty bins are left out.
    """
    p = np.asarray(scores, dtype=np.float64)
    y = np.asarray(outcomes, dtype=np.float64)
    if p.size == 0:
        return []
    if strategy == "quantile":
        edges = np.unique(np.quantile(p, np.linspace(0, 1, n_bins + 1)))
        if edges.size < 2:
            edges = np.array([p.min(), p.max()])
    elif strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    else:
        raise ValueError("strategy: quantile or uniform")
    which = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, len(edges) - 2)
    out = []
    for b in range(len(edges) - 1):
        m = which == b
        if m.any():
            out.append(
                {
                    "lo": float(edges[b]),
                    "hi": float(edges[b + 1]),
                    "predicted": float(p[m].mean()),
                    "observed": float(y[m].mean()),
                    "n": int(m.sum()),
                }
            )
    return out


def expected_calibration_error(bins: list[dict]) -> float:
    """Mean |predicted - observed| over calibration bins, weighted by their sizes."""
    n = sum(b["n"] for b in bins)
    return float(sum(b["n"] * abs(b["predicted"] - b["observed"]) for b in bins) / n) if n else float("nan")
