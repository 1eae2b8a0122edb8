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
