"""Pooled judgements: the serving model and a candidate compared on pairs drawn from both top lists.

Judgements made where the serving model's lists are shown (an offer's shortlist, a graduate's
suggestions) only see what that model proposed, and logged outcomes only see what the old listing
showed: a candidate that ranks the whole region worse can still win on both. TREC's answer is a
**pool**: for a sample of queries (offers and graduates), the top ``k`` of every compared model,
merged, judged by people who do not know which model proposed each pair; every model is then scored
on the same judged pairs.

- :func:`pool_top_k`: the pool (each pair with the names of the models that proposed it);
- :func:`pooled_metrics`: one model's nDCG@10 on the pooled judgements (``ndcg@10_pooled``, with
  ``n_pooled`` judged pairs and ``pooled_lists``), what :func:`matching.ranker.training.should_promote`
  reads.

A pooled judgement is evaluation data: like a test split, it does not train the models it compares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .judgements import Judgement, judgement_metrics, known_judgements, mean_judgements

POOL_K = 10
POOLED_METRIC = "ndcg@10_pooled"


@dataclass(frozen=True)
class PooledPair:
    """A pair of the pool and the models whose top ``k`` held it (offer side, graduate side or both)."""

    offer_id: str
    candidate_id: str
    proposed_by: tuple[str, ...]


def pool_top_k(
    matcher,
    models: Mapping[str, object],
    *,
    offer_ids: Iterable[str] = (),
    candidate_ids: Iterable[str] = (),
    k: int = POOL_K,
    require_reason: bool = True,
) -> list[PooledPair]:
    """The union of every model's top ``k`` graduates for ``offer_ids`` and top ``k`` offers for
    ``candidate_ids``, as the pages rank them (retrieval, hard filters, the real-reason predicate
    unless ``require_reason`` is false). Pairs in the order first met; the matcher's model is restored."""
    offer_ids, candidate_ids = list(offer_ids), list(candidate_ids)
    saved = matcher.model
    found: dict[tuple[str, str], set[str]] = {}
    try:
        for name, model in models.items():
            matcher.model = model
            for oid in offer_ids:
                if oid not in matcher.offers.index:
                    continue
                got = matcher.shortlist(oid, k, explain=False, require_reason=require_reason, standing=False)
                for s in got:
                    found.setdefault((s.offer_id, s.candidate_id), set()).add(name)
            for cid in candidate_ids:
                if cid not in matcher.candidates.index:
                    continue
                got = matcher.suggest_offers(
                    cid, k, explain=False, require_reason=require_reason, standing=False
                )
                for s in got:
                    found.setdefault((s.offer_id, s.candidate_id), set()).add(name)
    finally:
        matcher.model = saved
    return [PooledPair(o, c, tuple(sorted(names))) for (o, c), names in found.items()]


def pooled_metrics(matcher, judgements: Sequence[Judgement], model, *, k: int = 10) -> dict[str, float]:
    """``model``'s nDCG@k on the pooled judgements (several officers on a pair: their mean), per
    offer and per graduate as :func:`judgement_metrics`, both sides weighted by their lists:
    ``ndcg@k_pooled``, ``n_pooled`` (judged pairs the matcher holds), ``pooled_lists``."""
    from .model import positive_probability

    js = known_judgements(matcher, mean_judgements(judgements))
    if not js:
        return {f"ndcg@{k}_pooled": float("nan"), "n_pooled": 0.0, "pooled_lists": 0.0}
    oi = np.array([matcher.offers.index[j.offer_id] for j in js], dtype=np.int64)
    ci = np.array([matcher.candidates.index[j.candidate_id] for j in js], dtype=np.int64)
    scores = positive_probability(model, matcher.features(oi, ci))
    m = judgement_metrics(scores, js, k=k)
    return {
        f"ndcg@{k}_pooled": m[f"ndcg@{k}_judgements"],
        "n_pooled": float(len(js)),
        "pooled_lists": m["judged_lists_offer"] + m["judged_lists_graduate"],
    }
