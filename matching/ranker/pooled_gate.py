"""Does the pooled gate refuse the trained models that rank the whole region worse than the prior?

On each simulated region (:mod:`matching.ranker.generalisation`'s (a), (b), (c')) the serving model is
the prior and the candidate a pointwise model trained on the region's logged outcomes (train offers of
the split by offer, as ``generalise``). Three readings of the same candidate:

- **logged gate**: :func:`matching.ranker.training.should_promote` on the held-out offers' logged
  pairs, what promotion read before;
- **pooled gate**: the same rule once simulated officers have judged a pool — the top 10 of the prior
  and of the candidate, as the pages rank them, for ``n_queries`` held-out offers and ``n_queries``
  graduates — graded by the simulated officers' rule of ``generalise`` (true skills ≥ 75 %, within the
  radius, accepted contract: pertinent; under a third or beyond 1.5 × the radius: hors sujet) on (a)
  and (b), by the recruiters' rules on (c'); both models scored on the same judged pairs;
- **whole region** (the truth the gate should follow): nDCG@10 of each model's top 10 over every
  graduate for the held-out offers (``generalisation.whole_region_view``).

``repeats`` draws of the query sample per region show how often the pooled gate refuses.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from .engine import Matcher
from .generalisation import REGIONS, whole_region_view
from .judgements import Judgement
from .model import build_prior, positive_probability
from .pooling import POOLED_METRIC, pool_top_k, pooled_metrics
from .training import (
    MIN_POOLED_TO_GATE,
    evaluate_scores,
    fit_model,
    grouped_split,
    should_promote,
    training_set,
)

SERVING, CANDIDATE = "serving", "candidate"


def officer_grade_pairs(region, matcher: Matcher, offer_ids, candidate_ids) -> np.ndarray:
    """The simulated officers' grade of each pair (``generalisation.officer_grades``'s rule), or the
    recruiters' rules on (c')."""
    grades = np.zeros(len(offer_ids), dtype=np.int64)
    rules = region.truth.get("rules")
    cb, ob = matcher.candidates, matcher.offers
    lat = region.truth.get("candidate_lat", cb.lat)
    lon = region.truth.get("candidate_lon", cb.lon)
    for i, (oid, cid) in enumerate(zip(offer_ids, candidate_ids, strict=True)):
        o, c = ob.index[oid], cb.index[cid]
        if rules is not None:
            grades[i] = rules.grade(o, c)
            continue
        doc = ob.docs[o]
        true_req = region.truth["offers"][int(oid[1:])][0]
        cov = len(true_req & region.truth["candidates"][int(cid[1:])][0]) / max(1, len(true_req))
        km = (
            0.0
            if doc.remote == "full"
            else float(np.hypot((lat[c] - doc.lat) * 110.574, (lon[c] - doc.lon) * 71.0))
        )
        contract = ob.contract[o]
        ok_contract = bool(cb.any_contract[c] or (cb.accepts[c, contract] if contract >= 0 else True))
        radius = float(cb.radius[c])
        if cov >= 0.75 and km <= radius and ok_contract:
            grades[i] = 2
        elif cov < 1 / 3 or km > 1.5 * radius:
            grades[i] = 0
        else:
            grades[i] = 1
    return grades


@dataclass
class GateRow:
    region: str
    seed: int
    n_queries: int
    logged_new: float
    logged_current: float
    logged_promote: bool
    whole_new: float
    whole_current: float
    # one entry per repeat of the query sample
    pooled_new: list[float] = field(default_factory=list)
    pooled_current: list[float] = field(default_factory=list)
    n_pooled: list[int] = field(default_factory=list)
    pooled_promote: list[bool] = field(default_factory=list)


def run_pooled_gate(
    *,
    seeds=(3, 4),
    regions=("(a)", "(b)"),
    n_offers: int = 1500,
    n_graduates: int = 2400,
    query_sizes=(10,),
    repeats: int = 5,
    min_pooled: int = MIN_POOLED_TO_GATE,
) -> tuple[list[GateRow], float]:
    """One row per region, seed and query sample size (offers and graduates, each)."""
    t0 = time.perf_counter()
    rows: list[GateRow] = []
    prior = build_prior()
    for name in regions:
        for seed in seeds:
            region = REGIONS[name](n_offers, n_graduates, seed=seed)
            matcher = Matcher(region.offers, region.candidates, graph=region.graph, today=region.today)
            ts = training_set(matcher, region.pairs)
            train, test = grouped_split(ts, seed=seed)
            trained = fit_model(ts, train, seed=seed)
            new_m = evaluate_scores(positive_probability(trained, ts.X[test]), ts, test)
            cur_m = evaluate_scores(positive_probability(prior, ts.X[test]), ts, test)
            held_out = sorted(set(ts.offer_ids[test]))
            whole = whole_region_view(
                region, matcher, held_out, {SERVING: prior, CANDIDATE: trained}, seed=seed
            )
            for size in query_sizes:
                row = GateRow(
                    name,
                    seed,
                    size,
                    new_m["ndcg@10_offer"],
                    cur_m["ndcg@10_offer"],
                    should_promote(new_m, cur_m),
                    whole[CANDIDATE],
                    whole[SERVING],
                )
                for r in range(repeats):
                    rng = np.random.default_rng([seed, size, r])
                    offers = [
                        str(x) for x in rng.choice(held_out, size=min(size, len(held_out)), replace=False)
                    ]
                    grads = [c.id for c in rng.choice(matcher.candidates.docs, size=size, replace=False)]
                    pool = pool_top_k(
                        matcher, {SERVING: prior, CANDIDATE: trained}, offer_ids=offers, candidate_ids=grads
                    )
                    grades = officer_grade_pairs(
                        region, matcher, [p.offer_id for p in pool], [p.candidate_id for p in pool]
                    )
                    js = [
                        Judgement(p.offer_id, p.candidate_id, int(g), proposed_by=p.proposed_by)
                        for p, g in zip(pool, grades, strict=True)
                    ]
                    pn = pooled_metrics(matcher, js, trained)
                    pc = pooled_metrics(matcher, js, prior)
                    row.pooled_new.append(pn[POOLED_METRIC])
                    row.pooled_current.append(pc[POOLED_METRIC])
                    row.n_pooled.append(int(pn["n_pooled"]))
                    row.pooled_promote.append(should_promote(new_m | pn, cur_m | pc, min_pooled=min_pooled))
                rows.append(row)
    return rows, time.perf_counter() - t0


def format_pooled_gate(rows: list[GateRow], seconds: float) -> str:
    head = (
        f"{'region':<6}{'seed':>5}{'queries':>8}{'logged new/cur':>17}{'logged gate':>12}"
        f"{'whole new/cur':>16}{'pooled new/cur (mean)':>23}{'pooled pairs':>14}{'pooled gate: promoted':>23}"
    )
    lines = [head]
    for r in rows:
        lines.append(
            f"{r.region:<6}{r.seed:>5}{r.n_queries:>8}"
            f"{r.logged_new:>9.4f}/{r.logged_current:.4f}"
            f"{'promote' if r.logged_promote else 'refuse':>12}"
            f"{r.whole_new:>8.4f}/{r.whole_current:.4f}"
            f"{np.nanmean(r.pooled_new):>15.4f}/{np.nanmean(r.pooled_current):.4f}"
            f"{int(np.mean(r.n_pooled)):>14}"
            f"{sum(r.pooled_promote):>17} of {len(r.pooled_promote)}"
        )
    lines.append(f"Elapsed: {seconds:.1f} s")
    return "\n".join(lines)
