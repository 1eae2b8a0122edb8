"""Pooled judgements: both models' top lists merged, both scored on the same judged pairs, and the
promotion rule refusing a candidate worse there whatever its gain on logged pairs."""

import numpy as np
import pytest

from matching.ranker import Judgement, build_prior, should_promote
from matching.ranker.pooled_gate import officer_grade_pairs
from matching.ranker.pooling import pool_top_k, pooled_metrics
from matching.ranker.training import MIN_POOLED_TO_GATE, fit_model, grouped_split, training_set

LOGGED_WIN = {"ndcg@10_offer": 0.75, "map_offer": 0.66, "ndcg@10_graduate": 0.82}
CURRENT = {"ndcg@10_offer": 0.71, "map_offer": 0.62, "ndcg@10_graduate": 0.80}


def test_the_pooled_gate_refuses_a_candidate_worse_on_enough_pooled_pairs():
    worse = {"ndcg@10_pooled": 0.85, "n_pooled": MIN_POOLED_TO_GATE}
    serving = {"ndcg@10_pooled": 0.90, "n_pooled": MIN_POOLED_TO_GATE}

    assert should_promote(LOGGED_WIN, CURRENT)
    assert not should_promote(LOGGED_WIN | worse, CURRENT | serving)
    # Too few pooled pairs: the logged gate alone decides.
    few = {"n_pooled": MIN_POOLED_TO_GATE - 1}
    assert should_promote(LOGGED_WIN | worse | few, CURRENT | serving | few)
    # As good or better on the pool: the logged gate decides.
    assert should_promote(LOGGED_WIN | worse | {"ndcg@10_pooled": 0.90}, CURRENT | serving)
    # The pool never promotes a model the logged gate refuses.
    assert not should_promote(CURRENT | {"ndcg@10_pooled": 0.99, "n_pooled": 500}, CURRENT | serving)


@pytest.fixture(scope="module")
def trained(region, region_matcher):
    ts = training_set(region_matcher, region.pairs)
    train, _test = grouped_split(ts, seed=3)
    return fit_model(ts, train, seed=3)


def test_the_pool_is_the_union_of_both_models_top_lists_and_says_who_proposed(region_matcher, trained):
    m = region_matcher
    prior = m.model
    offers, graduates = list(m.offers.ids[:6]), list(m.candidates.ids[:6])
    pool = pool_top_k(m, {"serving": prior, "candidate": trained}, offer_ids=offers, candidate_ids=graduates)

    assert m.model is prior  # restored
    got = {(p.offer_id, p.candidate_id): set(p.proposed_by) for p in pool}
    assert len(got) == len(pool)
    for name, model in (("serving", prior), ("candidate", trained)):
        m.model = model
        expected = set()
        for o in offers:
            expected |= {
                (s.offer_id, s.candidate_id) for s in m.shortlist(o, 10, explain=False, standing=False)
            }
        for c in graduates:
            expected |= {
                (s.offer_id, s.candidate_id) for s in m.suggest_offers(c, 10, explain=False, standing=False)
            }
        m.model = prior
        assert expected and {k for k, names in got.items() if name in names} == expected
    assert any(names == {"serving", "candidate"} for names in got.values())


def test_both_models_are_scored_on_the_same_judged_pairs(region, region_matcher, trained):
    m = region_matcher
    pool = pool_top_k(
        m,
        {"serving": m.model, "candidate": trained},
        offer_ids=m.offers.ids[:10],
        candidate_ids=m.candidates.ids[:10],
    )
    grades = officer_grade_pairs(region, m, [p.offer_id for p in pool], [p.candidate_id for p in pool])
    js = [
        Judgement(p.offer_id, p.candidate_id, int(g), proposed_by=p.proposed_by)
        for p, g in zip(pool, grades, strict=True)
    ]
    # A second officer on the first pair: one pair, their mean.
    js.append(Judgement(js[0].offer_id, js[0].candidate_id, 2 - js[0].grade))

    a, b = pooled_metrics(m, js, build_prior()), pooled_metrics(m, js, trained)

    assert a["n_pooled"] == b["n_pooled"] == len(pool)
    assert a["pooled_lists"] == b["pooled_lists"] > 0
    assert 0 < a["ndcg@10_pooled"] <= 1 and 0 < b["ndcg@10_pooled"] <= 1
    assert set(np.unique(grades)) <= {0, 1, 2}
    assert pooled_metrics(m, [], trained)["n_pooled"] == 0
