"""Officers' judgements as ground truth: nDCG against them, training with them, the promotion rule."""

import numpy as np
import pytest

from matching.ranker import (
    Judgement,
    build_prior,
    calibration_curve,
    expected_calibration_error,
    judgement_metrics,
    judgement_table,
    should_promote,
    train_ranker,
    training_set,
)
from matching.ranker.metrics import ndcg_at_k


def test_judgement_labels_and_bounds():
    assert Judgement("o", "c", "pertinent").grade == 2
    assert Judgement("o", "c", "hors_sujet").grade == 0
    assert Judgement(1, 2, 1).offer_id == "1"
    with pytest.raises(ValueError):
        Judgement("o", "c", "génial")
    with pytest.raises(ValueError):
        Judgement("o", "c", 3)


def test_ndcg_against_judgements_per_offer_and_per_graduate():
    js = [
        Judgement("o1", "a", 2),
        Judgement("o1", "b", 0),
        Judgement("o1", "c", 1),
        Judgement("o2", "a", 0),  # o2: one pair only, not a list
        Judgement("o3", "a", 0),
        Judgement("o3", "b", 0),  # o3: nothing relevant, not scored
    ]
    scores = np.array([0.1, 0.9, 0.5, 0.3, 0.2, 0.1])
    m = judgement_metrics(scores, js)
    # Offer o1 ranks b (0), c (1), a (2).
    assert m["ndcg@10_judged_offer"] == pytest.approx(ndcg_at_k(np.array([0, 1, 2])))
    assert m["judged_lists_offer"] == 1
    # Graduate a ranks o2 (0), o3 (0), o1 (2); graduate b ranks o1 (0), o3 (0): nothing relevant.
    assert m["ndcg@10_judged_graduate"] == pytest.approx(ndcg_at_k(np.array([0, 0, 2])))
    assert m["judged_lists_graduate"] == 1
    assert m["ndcg@10_judgements"] == pytest.approx(
        (m["ndcg@10_judged_offer"] + m["ndcg@10_judged_graduate"]) / 2
    )
    perfect = judgement_metrics(
        np.array([[2, 0, 1, 0, 0, 0]], dtype=float).ravel() + [0, 0, 0, 0, 0.1, 0], js
    )
    assert perfect["ndcg@10_judged_offer"] == 1.0


def _officer_judgements(region, n_offers=60):
    """Judgements an officer would give, from the simulation's hidden truth: pertinent when the
    graduate truly holds most of the offer's required skills, hors sujet when almost none."""
    js = []
    truth_o, truth_c = region.truth["offers"], region.truth["candidates"]
    seen = {}
    for p in region.pairs:
        o, c = int(p.offer_id[1:]), int(p.candidate_id[1:])
        if len(seen.setdefault(o, [])) >= 6 or (len(seen) >= n_offers and o not in seen):
            continue
        seen[o].append(c)
        req = truth_o[o][0]
        cov = len(req & truth_c[c][0]) / max(1, len(req))
        js.append(Judgement(p.offer_id, p.candidate_id, 2 if cov >= 0.75 else (1 if cov >= 0.4 else 0)))
    return js


def test_judgements_enter_training_and_the_metrics(region, region_matcher):
    js = _officer_judgements(region)
    ts = training_set(region_matcher, region.pairs[:400], js)
    assert ts.is_judged.sum() == len(js) and not ts.is_judged[:400].any()
    assert set(ts.y[ts.is_judged]) == {0, 1}
    report = train_ranker(region_matcher, region.pairs, judgements=js, seed=0, refit_on_all=False)
    assert report.card.n_judgements == len(js)
    assert (
        report.metrics["n_judgements"] > 0
        and report.metrics["n_judgements"] == report.current_metrics["n_judgements"]
    )
    assert 0 < report.metrics["ndcg@10_judgements"] <= 1
    bins = report.calibration
    assert len(bins) >= 5 and all(0 <= b["observed"] <= 1 for b in bins)
    assert expected_calibration_error(bins) < 0.08  # isotonic calibration, on held-out offers
    table = judgement_table(region_matcher, js, {"prior": build_prior(), "trained": report.model})
    assert set(table) == {"random", "skill Jaccard", "TF-IDF cosine", "prior", "trained"}
    assert table["trained"]["ndcg@10_judgements"] > table["random"]["ndcg@10_judgements"]


def test_promotion_refuses_a_model_worse_on_enough_judgements():
    better_logged = {"ndcg@10_offer": 0.80, "map_offer": 0.6, "ndcg@10_graduate": 0.8}
    current = {"ndcg@10_offer": 0.75, "map_offer": 0.6, "ndcg@10_graduate": 0.8}
    assert should_promote(better_logged, current)
    worse = {"ndcg@10_judgements": 0.70, "n_judgements": 40}
    cur_j = {"ndcg@10_judgements": 0.78, "n_judgements": 40}
    assert not should_promote(better_logged | worse, current | cur_j)
    assert should_promote(better_logged | worse | {"ndcg@10_judgements": 0.79}, current | cur_j)
    few = {"ndcg@10_judgements": 0.70, "n_judgements": 5}
    assert should_promote(better_logged | few, current | cur_j | {"n_judgements": 5})  # too few to count
    assert should_promote(better_logged | worse, current | cur_j, min_judgements=41)


def test_calibration_curve_bins():
    rng = np.random.default_rng(0)
    p = rng.random(5000)
    y = rng.random(5000) < p
    bins = calibration_curve(p, y, n_bins=10)
    assert len(bins) == 10 and sum(b["n"] for b in bins) == 5000
    assert all(abs(b["predicted"] - b["observed"]) < 0.06 for b in bins)
    assert expected_calibration_error(calibration_curve(p, ~y)) > 0.3
    assert calibration_curve([], []) == []
    assert [b["lo"] for b in calibration_curve(p, y, n_bins=4, strategy="uniform")] == [0, 0.25, 0.5, 0.75]
