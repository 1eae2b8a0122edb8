"""Does the ranking generalise to a region whose outcomes we have never seen?

What an outsider gets from ``python -m matching.ranker rank`` on their own data is the prior (no
logged outcome of their region exists) with the content blend, behind the retrieval's hard filters.
This module scores exactly that, beside the baselines and a model trained on the region's own
outcomes, on three simulators:

- (a) :mod:`matching.ranker.simulate` — the one the features were designed on;
- (b) :mod:`matching.ranker.simulate_b` — written to differ, measured on since;
- (c') :mod:`matching.ranker.simulate_c` — other rules again (hard must-have skills, seniority
  bands, strict contracts, distance thresholds, recruiters reading the text), a **held-out check
  only**: nothing is tuned on it.

Two views per region, both on the same held-out offers (30 %, ``GroupShuffleSplit`` by offer, as in
training, so that the trained model is fair):

- **logged**: each offer's logged graduates ranked, nDCG@10 with the outcome grades (as
  :mod:`matching.ranker.evaluation`);
- **pool** (c' only, where the recruiters' rules can grade any pair): each offer's
  ``POOL_SIZE`` graduates — its logged ones, then graduates of its trade within 60 km, then any —
  graded by the rules without noise (2 would interview, 1 acceptable, 0 a hard rule fails), nDCG@10.

The ranker's rows rank as the command line does: pairs failing the retrieval's hard filters
(contract, distance, dates) come after every pair that passes (the command line does not list them).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from .baselines import bm25_scores, jaccard_scores, tfidf_scores
from .engine import Matcher
from .metrics import ranking_metrics
from .model import build_prior
from .retrieval import MAX_START_DELAY_DAYS, RADIUS_SLACK, _candidate_mask
from .simulate import Region, simulate_region
from .simulate_b import simulate_region_b
from .simulate_c import simulate_region_c
from .training import fit_model, grouped_split, training_set

REGIONS = {"(a)": simulate_region, "(b)": simulate_region_b, "(c')": simulate_region_c}
METHODS = (
    "random",
    "skill Jaccard",
    "TF-IDF cosine",
    "BM25",
    "hard filters + word overlap",
    "prior, as the CLI ranks",
    "trained on the region",
)
POOL_SIZE = 30
DEV_SEEDS = (3, 4)
HELD_OUT_SEEDS = (11, 12)


def passes_hard_filters(matcher: Matcher, oi: np.ndarray, ci: np.ndarray) -> np.ndarray:
    """Whether each pair (rows) passes the retrieval's hard filters seen from the offer."""
    out = np.zeros(len(oi), dtype=bool)
    for o in np.unique(oi):
        at = np.flatnonzero(oi == o)
        ok, _ = _candidate_mask(
            matcher.offers, matcher.candidates, int(o), ci[at], RADIUS_SLACK, MAX_START_DELAY_DAYS
        )
        out[at] = ok
    return out


def word_overlap(matcher: Matcher, oi: np.ndarray, ci: np.ndarray) -> np.ndarray:
    """Number of distinct (analysed) words the offer's title and text share with the CV."""
    ob, cb = matcher.offers, matcher.candidates
    a, b = ob.text[oi].copy(), cb.text[ci].copy()
    a.data[:] = 1.0
    b.data[:] = 1.0
    return np.asarray(a.multiply(b).sum(axis=1)).ravel()


def method_scores(matcher: Matcher, oi, ci, trained, seed: int) -> dict[str, np.ndarray]:
    """Every method's score for the pairs (rows); an offer's graduates are one list each."""
    ok = passes_hard_filters(matcher, oi, ci)
    groups = oi
    X = matcher.features(oi, ci)
    last = np.where(ok, 0.0, -1e6)  # what the command line does not list comes last

    def as_cli(model) -> np.ndarray:
        matcher.model = model
        return matcher.rank_scores(X, oi, ci, groups) + last

    overlap = word_overlap(matcher, oi, ci)
    out = {
        "random": np.random.default_rng(seed + 7).random(len(oi)),
        "skill Jaccard": jaccard_scores(matcher, oi, ci),
        "TF-IDF cosine": tfidf_scores(matcher, oi, ci),
        "BM25": bm25_scores(matcher, oi, ci),
        "hard filters + word overlap": overlap + last,
        "prior, as the CLI ranks": as_cli(build_prior()),
    }
    if trained is not None:
        out["trained on the region"] = as_cli(trained)
    matcher.model = build_prior()
    return out


def pool_pairs(region: Region, matcher: Matcher, offer_ids, *, seed: int) -> tuple[np.ndarray, ...]:
    """(offer rows, graduate rows, grades) of each offer's pool, graded by the region's rules."""
    rules = region.truth["rules"]
    rng = np.random.default_rng(seed + 11)
    logged: dict[str, list[str]] = {}
    for p in region.pairs:
        logged.setdefault(p.offer_id, []).append(p.candidate_id)
    cb = matcher.candidates
    c_track = np.array([c.track for c in cb.docs])
    oi, ci, grades = [], [], []
    for oid in offer_ids:
        o = matcher.offers.index[oid]
        doc = matcher.offers.docs[o]
        rows = [cb.index[c] for c in logged.get(oid, [])][: POOL_SIZE // 2]
        km = np.hypot((cb.lat - doc.lat) * 110.574, (cb.lon - doc.lon) * 71.0)
        near = np.flatnonzero((c_track == doc.track) & (km <= 60.0))
        rng.shuffle(near)
        rows += [int(r) for r in near[: POOL_SIZE - len(rows) - 5] if int(r) not in rows]
        rest = rng.choice(len(cb), size=POOL_SIZE, replace=False)
        rows += [int(r) for r in rest if int(r) not in rows][: POOL_SIZE - len(rows)]
        for c in rows:
            oi.append(o)
            ci.append(c)
            grades.append(rules.grade(o, c))
    return np.array(oi, dtype=np.int64), np.array(ci, dtype=np.int64), np.array(grades)


@dataclass
class GeneralisationResult:
    """nDCG@10 per offer: ``rows[view][method][seed]``; views ``(a)``, ``(b)``, ``(c')``, ``(c') pool``."""

    seeds: tuple[int, ...]
    rows: dict[str, dict[str, dict[int, float]]] = field(default_factory=dict)
    sizes: dict[str, dict[int, str]] = field(default_factory=dict)
    seconds: float = 0.0


def run_generalisation(
    *,
    seeds=DEV_SEEDS,
    regions=tuple(REGIONS),
    n_offers: int = 1500,
    n_graduates: int = 2400,
    trained: bool = True,
) -> GeneralisationResult:
    """The table of the module docstring for ``seeds`` (dev seeds by default; held-out seeds once)."""
    t0 = time.perf_counter()
    res = GeneralisationResult(tuple(seeds))
    for name in regions:
        for seed in seeds:
            region = REGIONS[name](n_offers, n_graduates, seed=seed)
            matcher = Matcher(region.offers, region.candidates, graph=region.graph, today=region.today)
            ts = training_set(matcher, region.pairs)
            train, test = grouped_split(ts, seed=seed)
            model = fit_model(ts, train, seed=seed) if trained else None
            oi = np.array([matcher.offers.index[o] for o in ts.offer_ids[test]], dtype=np.int64)
            ci = np.array([matcher.candidates.index[c] for c in ts.candidate_ids[test]], dtype=np.int64)
            scores = method_scores(matcher, oi, ci, model, seed)
            for method, s in scores.items():
                m = ranking_metrics(s, ts.grades[test], ts.offer_ids[test], seed=seed)["ndcg@10"]
                res.rows.setdefault(name, {}).setdefault(method, {})[seed] = m
            n_off = len(set(ts.offer_ids[test]))
            res.sizes.setdefault(name, {})[seed] = f"{len(test)} logged pairs of {n_off} held-out offers"
            if "rules" in region.truth:
                view = f"{name} pool"
                offers = sorted(set(ts.offer_ids[test]))
                poi, pci, grades = pool_pairs(region, matcher, offers, seed=seed)
                scores = method_scores(matcher, poi, pci, model, seed)
                for method, s in scores.items():
                    m = ranking_metrics(s, grades, poi, seed=seed)["ndcg@10"]
                    res.rows.setdefault(view, {}).setdefault(method, {})[seed] = m
                res.sizes.setdefault(view, {})[seed] = (
                    f"{len(grades)} graded pairs of {len(offers)} held-out offers "
                    f"({np.mean(grades == 2):.0%} grade 2, {np.mean(grades == 0):.0%} grade 0)"
                )
    res.seconds = time.perf_counter() - t0
    return res


def format_generalisation(res: GeneralisationResult) -> str:
    """Method x region nDCG@10 per offer, the mean over seeds then each seed."""
    views = list(res.rows)
    lines = [f"nDCG@10 per offer, seeds {', '.join(map(str, res.seeds))} (mean, then per seed)"]
    for v in views:
        for seed, size in res.sizes.get(v, {}).items():
            lines.append(f"  {v} seed {seed}: {size}")
    width = max(14, *(len(v) + 2 for v in views))
    lines.append(f"{'method':<30}" + "".join(f"{v:>{width}}" for v in views))
    for method in METHODS:
        cells = ""
        for v in views:
            vals = res.rows[v].get(method, {})
            cells += f"{np.mean(list(vals.values())):>{width}.4f}" if vals else f"{'n/a':>{width}}"
        lines.append(f"{method:<30}{cells}")
        if len(res.seeds) > 1:
            per = ""
            for v in views:
                vals = res.rows[v].get(method, {})
                per += f"{' / '.join(f'{vals[s]:.3f}' for s in res.seeds if s in vals):>{width}}"
            lines.append(f"{'':<30}{per}")
    lines.append(f"Elapsed: {res.seconds:.1f} s")
    return "\n".join(lines)
