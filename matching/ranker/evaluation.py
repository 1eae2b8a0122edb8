"""Offline evaluation: two simulated regions and simulated officers' judgements, baselines and models."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from sklearn.model_selection import GroupShuffleSplit

from .baselines import bm25_scores, jaccard_scores, tfidf_scores, vector_scores
from .content import content_blend
from .engine import Matcher
from .features import TEXT_COLUMN
from .judgements import Judgement, judgement_metrics
from .metrics import ranking_metrics
from .model import build_prior, positive_probability
from .simulate import Region, simulate_region
from .simulate_b import simulate_region_b
from .simulate_text import text_only
from .training import fit_model, grouped_split, training_set

BASELINES = ("random", "skill Jaccard", "TF-IDF cosine", "BM25", "vector (spaCy)")
MODELS = ("prior model", "trained", "trained pairwise")
NO_BLEND = "trained, no text blend"


def _blend(matcher: Matcher, X, oi, ci, prob, groups):
    """The models' scores as the Matcher ranks them: an offer's graduates (``groups``: offer ids)
    through ``content.content_blend``, a graduate's offers (``groups`` None) by the model alone."""
    if groups is None:
        return prob
    return content_blend(prob, X[:, TEXT_COLUMN], matcher.evidence(oi, ci), groups)


def _method_scores(
    matcher: Matcher, ts, rows: np.ndarray, models: dict, seed: int, vec_cache, groups: np.ndarray
) -> dict:
    oi = np.array([matcher.offers.index[o] for o in ts.offer_ids[rows]], dtype=np.int64)
    ci = np.array([matcher.candidates.index[c] for c in ts.candidate_ids[rows]], dtype=np.int64)
    X = ts.X[rows]
    out = {
        "random": np.random.default_rng(seed + 7).random(len(rows)),
        "skill Jaccard": jaccard_scores(matcher, oi, ci),
        "TF-IDF cosine": tfidf_scores(matcher, oi, ci),
        "BM25": bm25_scores(matcher, oi, ci),
        "vector (spaCy)": vector_scores(matcher, oi, ci, cache=vec_cache)
        if vec_cache is not None
        else np.full(len(rows), np.nan),
        "prior model": _blend(matcher, X, oi, ci, positive_probability(build_prior(), X), groups),
    }
    for name, model in models.items():
        prob = positive_probability(model, X)
        out[name] = _blend(matcher, X, oi, ci, prob, groups)
        if name == "trained":
            out[NO_BLEND] = prob
    return out


def simulated_judgements(
    region: Region, matcher: Matcher, offer_ids, *, per_offer: int = 10, skills_only: bool = False
) -> list[Judgement]:
    """What an officer would grade, from the simulation's hidden truth, on offers ``offer_ids``:
    their logged graduates (up to ``per_offer``), *pertinent* when the graduate truly holds 75 % of
    the offer's truly required skills, lives within their radius and accepts the contract, *hors
    sujet* under a third of the skills or beyond 1.5 x the radius, *plausible* otherwise. The officer
    reads true skills, not the outcome: a different ground truth from the logs.

    ``skills_only``: the same grades from the true skills alone (pertinent from 75 %, hors sujet under
    a third), as a person ranking CVs against a vacancy by their content would — the documents of the
    text-only scenario (d) carry no place or contract."""
    wanted = set(offer_ids)
    by_offer: dict[str, list[str]] = {}
    for p in region.pairs:
        if p.offer_id in wanted and len(by_offer.setdefault(p.offer_id, [])) < per_offer:
            by_offer[p.offer_id].append(p.candidate_id)
    out = []
    for oid, cids in by_offer.items():
        o = matcher.offers.docs[matcher.offers.index[oid]]
        true_req = region.truth["offers"][int(oid[1:])][0]
        for cid in cids:
            c = matcher.candidates.docs[matcher.candidates.index[cid]]
            true = region.truth["candidates"][int(cid[1:])][0]
            cov = len(true_req & true) / max(1, len(true_req))
            if skills_only:
                out.append(Judgement(oid, cid, 2 if cov >= 0.75 else 0 if cov < 1 / 3 else 1))
                continue
            km = float(np.hypot((o.lat - c.lat) * 110.574, (o.lon - c.lon) * 71.0))
            if o.remote == "full":
                km = 0.0
            r = c.effective_radius_km
            ok_contract = not c.contract_types or o.contract_type in c.contract_types
            if cov >= 0.75 and km <= r and ok_contract:
                grade = 2
            elif cov < 1 / 3 or km > 1.5 * r:
                grade = 0
            else:
                grade = 1
            out.append(Judgement(oid, cid, grade))
    return out


@dataclass
class RegionEvaluation:
    """One region's held-out metrics per method (keys ``<metric>_offer`` / ``<metric>_graduate``)."""

    name: str
    rows: dict[str, dict[str, float]]
    n_pairs: int
    n_test_offers: int
    n_test_graduates: int
    judgements: dict[str, dict[str, float]] = field(default_factory=dict)
    n_judgements: int = 0


def evaluate_region(
    region: Region,
    *,
    name: str,
    seed: int = 0,
    test_size: float = 0.3,
    vectors: bool = True,
    objectives=("pointwise", "pairwise"),
    judge: bool | str = False,
) -> RegionEvaluation:
    """Every method on one region's held-out offers (and held-out graduates, second split).

    Per offer: offers are held out (``GroupShuffleSplit`` by offer, as in production training) and
    each held-out offer's logged graduates are ranked. Per graduate: a second split holds out
    graduates, so that each one's whole logged list is ranked. With ``judge``, the held-out offers'
    pairs are also graded by simulated officers (:func:`simulated_judgements`; ``judge="skills"``:
    by the true skills alone).
    """
    matcher = Matcher(region.offers, region.candidates, graph=region.graph, today=region.today)
    ts = training_set(matcher, region.pairs)
    vec_cache = {} if vectors else None
    names = {"pointwise": "trained", "pairwise": "trained pairwise"}

    train, test = grouped_split(ts, test_size=test_size, seed=seed)
    models = {names[o]: fit_model(ts, train, objective=o, seed=seed) for o in objectives}
    by_offer = _method_scores(matcher, ts, test, models, seed, vec_cache, ts.offer_ids[test])

    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    g_train, g_test = next(splitter.split(ts.X, ts.grades, groups=ts.candidate_ids))
    g_models = {names[o]: fit_model(ts, g_train, objective=o, seed=seed) for o in objectives}
    # A graduate's offers are ranked by the model alone (the content blend orders an offer's graduates).
    by_graduate = _method_scores(matcher, ts, g_test, g_models, seed, vec_cache, None)

    rows = {}
    for method in by_offer:
        per_offer = ranking_metrics(by_offer[method], ts.grades[test], ts.offer_ids[test])
        per_grad = ranking_metrics(by_graduate[method], ts.grades[g_test], ts.candidate_ids[g_test])
        at5 = ranking_metrics(by_offer[method], ts.grades[test], ts.offer_ids[test], k=5)["ndcg@5"]
        rows[method] = (
            {f"{k}_offer": v for k, v in per_offer.items()}
            | {f"{k}_graduate": v for k, v in per_grad.items()}
            | {"ndcg@5_offer": at5}
        )
    res = RegionEvaluation(
        name=name,
        rows=rows,
        n_pairs=len(ts.grades),
        n_test_offers=len(set(ts.offer_ids[test])),
        n_test_graduates=len(set(ts.candidate_ids[g_test])),
    )
    if judge:
        js = simulated_judgements(
            region, matcher, sorted(set(ts.offer_ids[test])), skills_only=judge == "skills"
        )
        oi = np.array([matcher.offers.index[j.offer_id] for j in js], dtype=np.int64)
        ci = np.array([matcher.candidates.index[j.candidate_id] for j in js], dtype=np.int64)
        X = matcher.features(oi, ci)
        scores = {
            "random": np.random.default_rng(seed + 7).random(len(js)),
            "skill Jaccard": jaccard_scores(matcher, oi, ci),
            "TF-IDF cosine": tfidf_scores(matcher, oi, ci),
            "BM25": bm25_scores(matcher, oi, ci),
            "vector (spaCy)": vector_scores(matcher, oi, ci, cache=vec_cache)
            if vectors
            else np.full(len(js), np.nan),
            "prior model": positive_probability(build_prior(), X),
        } | {n: positive_probability(m, X) for n, m in models.items()}
        groups = np.array([j.offer_id for j in js])
        if "trained" in models:
            scores[NO_BLEND] = scores["trained"].copy()
        for n in ("prior model", *models):
            scores[n] = _blend(matcher, X, oi, ci, scores[n], groups)
        res.judgements = {m: judgement_metrics(s, js) for m, s in scores.items()}
        res.n_judgements = len(js)
    return res


@dataclass
class EvaluationResult:
    """(a) the simulated region, (b) the second simulator, (c) simulated officers' judgements."""

    regions: list[RegionEvaluation]
    seconds: float
    kept_objective: str = "pointwise"

    @property
    def rows(self) -> dict[str, dict[str, float]]:
        """Region (a)'s rows (backwards compatible)."""
        return self.regions[0].rows

    def gain_over_best_baseline(self, metric: str = "ndcg@10_offer", region: int = 0) -> tuple[str, float]:
        """(best baseline, relative gain of the trained model) on ``metric``."""
        rows = self.regions[region].rows
        baselines = {k: v[metric] for k, v in rows.items() if k in BASELINES and not np.isnan(v[metric])}
        best = max(baselines, key=baselines.get)
        return best, rows["trained"][metric] / baselines[best] - 1.0


def choose_objective(regions: list[RegionEvaluation]) -> str:
    """The objective to keep: pairwise only when it beats pointwise on (b) per offer and on (c)."""
    b = regions[1].rows if len(regions) > 1 else None
    judged = regions[0].judgements
    if not b or "trained pairwise" not in b:
        return "pointwise"
    wins_b = b["trained pairwise"]["ndcg@10_offer"] > b["trained"]["ndcg@10_offer"]
    wins_c = (
        not judged
        or judged["trained pairwise"]["ndcg@10_judgements"] > judged["trained"]["ndcg@10_judgements"]
    )
    return "pairwise" if wins_b and wins_c else "pointwise"


def run_evaluation(
    *,
    n_offers: int = 2500,
    n_graduates: int = 4000,
    seed: int = 0,
    test_size: float = 0.3,
    second: bool = True,
    vectors: bool = True,
    objectives=("pointwise", "pairwise"),
    text_only_size: tuple[int, int] | None = (600, 1000),
) -> EvaluationResult:
    """(a) the simulated region, (b) the second simulator (same sizes), (c) simulated officers'
    judgements on (a)'s held-out offers, (d) text only (``text_only_size`` offers x graduates, None
    to skip); every method in the same run."""
    t0 = time.perf_counter()
    regions = [
        evaluate_region(
            simulate_region(n_offers, n_graduates, seed=seed),
            name="(a) simulated region",
            seed=seed,
            test_size=test_size,
            vectors=vectors,
            objectives=objectives,
            judge=True,
        )
    ]
    if second:
        regions.append(
            evaluate_region(
                simulate_region_b(n_offers, n_graduates, seed=seed),
                name="(b) second simulator",
                seed=seed,
                test_size=test_size,
                vectors=vectors,
                objectives=objectives,
            )
        )
    kept = choose_objective(regions)
    if text_only_size:
        # (d) "text only": (a) and (b) stripped to their texts, skills read back by the command line's
        # own extractor (nlp_models), then (a) in English-like texts. Smaller: the extractor reads
        # every text (about 0.1 s an offer here).
        d_offers, d_graduates = text_only_size
        text_skills = _text_skills()
        if text_skills is not None:
            for name, build, english in (
                ("(d) text only, (a)", simulate_region, False),
                ("(d) text only, (b)", simulate_region_b, False),
                ("(d) text only, (a) English-like", simulate_region, True),
            ):
                region = text_only(
                    build(d_offers, d_graduates, seed=seed), english=english, text_skills=text_skills
                )
                regions.append(
                    evaluate_region(
                        region,
                        name=name,
                        seed=seed,
                        test_size=test_size,
                        vectors=False,
                        objectives=("pointwise",),
                        judge="skills",
                    )
                )
    return EvaluationResult(regions, time.perf_counter() - t0, kept)


def _text_skills():
    """The command line's extractor (``io.TextSkills``), or None when ``nlp_models`` is unusable."""
    from .io import InputError, TextSkills

    text_skills = TextSkills()
    try:
        text_skills.offer("Développeur web", "Développeur web")
    except InputError:
        return None
    return text_skills


def _cell(v: float, width: int) -> str:
    return f"{'n/a':>{width}}" if v is None or np.isnan(v) else f"{v:>{width}.4f}"


def format_result(res: EvaluationResult) -> str:
    """One table: every method on (a), (b) and (c), then the gains and the objective kept."""
    head = []
    for r in res.regions:
        head.append(
            f"{r.name}: {r.n_pairs} logged pairs, {r.n_test_offers} held-out offers, "
            f"{r.n_test_graduates} held-out graduates."
        )
    a = res.regions[0]
    if a.n_judgements:
        head.append(f"(c) simulated officers' judgements: {a.n_judgements} pairs of (a)'s held-out offers.")
    main = [r for r in res.regions if not r.name.startswith("(d)")]
    text = [r for r in res.regions if r.name.startswith("(d)")]
    cols = []
    for i, r in enumerate(main):
        tag = "ab"[i]
        cols += [
            (f"({tag}) nDCG@10/off", r.rows, "ndcg@10_offer"),
            (f"({tag}) MAP/off", r.rows, "map_offer"),
            (f"({tag}) nDCG@10/grad", r.rows, "ndcg@10_graduate"),
        ]
    if a.judgements:
        cols.append(("(c) nDCG@10 judged", a.judgements, "ndcg@10_judgements"))
    width = max(len(c[0]) for c in cols) + 2
    lines = head + ["", f"{'method':<18}" + "".join(f"{c[0]:>{width}}" for c in cols)]
    for method in a.rows:
        if method == NO_BLEND:
            continue  # the same as "trained" where evidence is complete; shown for (d)
        cells = "".join(_cell(src.get(method, {}).get(key, np.nan), width) for _, src, key in cols)
        lines.append(f"{method:<18}{cells}")
    if text:
        lines += ["", "(d) text only: nDCG@10 / nDCG@5 per offer, nDCG@10 per graduate"]
        head_d = f"{'method':<24}" + "".join(f"{r.name[len('(d) text only, ') :]:>36}" for r in text)
        lines.append(head_d)
        for method in ("random", "TF-IDF cosine", "BM25", "prior model", "trained", NO_BLEND):
            cells = ""
            for r in text:
                row = r.rows.get(method, {})
                cell = " / ".join(
                    _cell(row.get(k, np.nan), 6).strip()
                    for k in ("ndcg@10_offer", "ndcg@5_offer", "ndcg@10_graduate")
                )
                cells += f"{cell:>36}"
            lines.append(f"{method:<24}{cells}")
        if any(r.judgements for r in text):
            lines.append(
                "(d) judged by the true skills alone (nDCG@10 per offer and graduate, as people rank CVs):"
            )
            for method in (
                "random",
                "skill Jaccard",
                "TF-IDF cosine",
                "BM25",
                "prior model",
                "trained",
                NO_BLEND,
            ):
                cells = "".join(
                    f"{_cell(r.judgements.get(method, {}).get('ndcg@10_judgements', np.nan), 8).strip():>36}"
                    for r in text
                )
                lines.append(f"{method:<24}{cells}")
        for r in text:
            rows = r.rows
            lines.append(
                f"{r.name}: {r.n_pairs} pairs, {r.n_test_offers} held-out offers; trained vs TF-IDF per offer "
                f"{rows['trained']['ndcg@10_offer'] - rows['TF-IDF cosine']['ndcg@10_offer']:+.4f}, "
                f"prior vs TF-IDF {rows['prior model']['ndcg@10_offer'] - rows['TF-IDF cosine']['ndcg@10_offer']:+.4f}"
            )
    best, gain = res.gain_over_best_baseline()
    lines += ["", f"Trained vs best baseline ({best}) on nDCG@10 per offer, (a): {gain:+.1%} (target: +15 %)"]
    if len(main) > 1:
        best_b, gain_b = res.gain_over_best_baseline(region=1)
        lines.append(f"Trained vs best baseline ({best_b}) on nDCG@10 per offer, (b): {gain_b:+.1%}")
    lines += [
        f"Trained vs prior on nDCG@10 per offer, (a): "
        f"{a.rows['trained']['ndcg@10_offer'] / a.rows['prior model']['ndcg@10_offer'] - 1:+.1%}",
        f"Objective kept (wins on (b) and (c), not on (a) alone): {res.kept_objective}",
        f"Elapsed: {res.seconds:.1f} s",
    ]
    return "\n".join(lines)
