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

Three views per region, all on the same held-out offers (30 %, ``GroupShuffleSplit`` by offer, as in
training, so that the trained model is fair):

- **logged**: each offer's logged graduates ranked, nDCG@10 with the outcome grades (as
  :mod:`matching.ranker.evaluation`);
- **pool** (c' only, where the recruiters' rules can grade any pair): each offer's
  ``POOL_SIZE`` graduates — its logged ones, then graduates of its trade within 60 km, then any —
  graded by the rules without noise (2 would interview, 1 acceptable, 0 a hard rule fails), nDCG@10;
- **whole region**: what ``rank --side offer --top 10`` returns for ``WHOLE_REGION_OFFERS`` held-out
  offers, retrieval included, against the grade of *every* graduate of the region (the ideal list is
  the best 10 of them): on (c') the recruiters' rules, on (a) and (b) the simulated officers' rule
  of :func:`matching.ranker.evaluation.simulated_judgements` (true skills, radius, contract).

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
WHOLE_REGION_OFFERS = 150
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


def officer_grades(region: Region, matcher: Matcher, o: int) -> np.ndarray:
    """Every graduate's grade for offer row ``o`` by the simulated officers' rule: 2 when they truly
    hold 75 % of its truly required skills, live within their radius and accept its contract; 0
    under a third of the skills or beyond 1.5 x the radius; 1 otherwise (as ``simulated_judgements``)."""
    cb = matcher.candidates
    doc = matcher.offers.docs[o]
    true_req = region.truth["offers"][int(doc.id[1:])][0]
    cov = np.array(
        [len(true_req & region.truth["candidates"][int(c.id[1:])][0]) for c in cb.docs], dtype=np.float64
    ) / max(1, len(true_req))
    # The true places (the second simulator hides some graduates' coordinates from the platform).
    lat = region.truth.get("candidate_lat", cb.lat)
    lon = region.truth.get("candidate_lon", cb.lon)
    km = np.hypot((lat - doc.lat) * 110.574, (lon - doc.lon) * 71.0)
    if doc.remote == "full":
        km = np.zeros(len(cb))
    contract = matcher.offers.contract[o]
    ok_contract = cb.any_contract | (cb.accepts[:, contract] if contract >= 0 else True)
    radius = cb.radius
    with np.errstate(invalid="ignore"):
        good = (cov >= 0.75) & (km <= radius) & ok_contract
        bad = (cov < 1 / 3) | (km > 1.5 * radius)
    return np.where(good, 2, np.where(bad, 0, 1))


def rule_grades(region: Region, matcher: Matcher, o: int) -> np.ndarray:
    """Every graduate's grade for offer row ``o`` by region (c')'s recruiters' rules."""
    rules = region.truth["rules"]
    return np.array([rules.grade(o, c) for c in range(len(matcher.candidates))])


def _ndcg_top(grades_top: np.ndarray, all_grades: np.ndarray, k: int = 10) -> float:
    from .metrics import dcg

    ideal = dcg(np.sort(all_grades)[::-1][:k])
    return float("nan") if ideal == 0 else dcg(grades_top[:k]) / ideal


def whole_region_view(region: Region, matcher: Matcher, offer_ids, models: dict, *, seed: int) -> dict:
    """nDCG@10 of each method's top 10 over every graduate of the region, per offer (mean)."""
    grade = rule_grades if "rules" in region.truth else officer_grades
    rng = np.random.default_rng(seed + 13)
    offer_ids = list(offer_ids)
    if len(offer_ids) > WHOLE_REGION_OFFERS:
        offer_ids = sorted(rng.choice(offer_ids, size=WHOLE_REGION_OFFERS, replace=False))
    cb = matcher.candidates
    all_c = np.arange(len(cb), dtype=np.int64)
    out: dict[str, list[float]] = {}
    for oid in offer_ids:
        o = matcher.offers.index[oid]
        grades = grade(region, matcher, o)
        oi = np.full(len(cb), o, dtype=np.int64)
        ok = passes_hard_filters(matcher, oi, all_c)
        lists = {
            "random": rng.permutation(len(cb))[:10],
            "TF-IDF cosine": np.argsort(-tfidf_scores(matcher, oi, all_c), kind="stable")[:10],
            "hard filters + word overlap": np.argsort(
                -(word_overlap(matcher, oi, all_c) + np.where(ok, 0.0, -1e6)), kind="stable"
            )[:10],
        }
        for name, model in models.items():
            matcher.model = model
            got = matcher.shortlist(oid, 10, explain=False, require_reason=False, standing=False)
            lists[name] = np.array([cb.index[s.candidate_id] for s in got], dtype=np.int64)
        matcher.model = build_prior()
        for name, top in lists.items():
            out.setdefault(name, []).append(_ndcg_top(grades[top], grades))
    return {k: float(np.nanmean(v)) for k, v in out.items()}


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
            models = {"prior, as the CLI ranks": build_prior()}
            if model is not None:
                models["trained on the region"] = model
            view = f"{name} whole"
            for method, v in whole_region_view(
                region, matcher, sorted(set(ts.offer_ids[test])), models, seed=seed
            ).items():
                res.rows.setdefault(view, {}).setdefault(method, {})[seed] = v
            res.sizes.setdefault(view, {})[seed] = (
                f"top 10 of {min(WHOLE_REGION_OFFERS, n_off)} held-out offers over {len(region.candidates)} graduates"
            )
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
