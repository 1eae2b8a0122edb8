import json

import numpy as np
import pytest

from matching.ranker.docs import LabelledPair
from matching.ranker.model import ArtefactError, build_prior, load_model, prior_card, save_model
from matching.ranker.training import (
    grouped_split,
    should_promote,
    train_ranker,
    training_data_hash,
    training_set,
)


@pytest.fixture(scope="module")
def report(region, region_matcher):
    return train_ranker(region_matcher, region.pairs, seed=0)


def test_training_set_grades_outcomes(region, region_matcher):
    ts = training_set(region_matcher, region.pairs)
    grades = dict(zip([(p.offer_id, p.candidate_id) for p in ts.pairs], ts.grades, strict=True))
    for p in region.pairs[:200]:
        assert (
            grades[(p.offer_id, p.candidate_id)]
            == {"hired": 3, "interview": 2, "applied": 1, "dismissed": 0}[p.outcome]
        )
    assert set(ts.y) == {0, 1}
    assert ts.sample_weight[ts.grades == 3].tolist() == [2.0] * int((ts.grades == 3).sum())


def test_held_out_split_keeps_every_offer_on_one_side(region, region_matcher):
    ts = training_set(region_matcher, region.pairs)
    train, test = grouped_split(ts, test_size=0.3, seed=1)
    assert set(ts.offer_ids[train]).isdisjoint(ts.offer_ids[test])
    assert len(train) + len(test) == len(ts.grades)


def test_trained_model_beats_random_and_records_its_card(report):
    m = report.metrics
    assert m["ndcg@10_offer"] > 0.6
    assert report.current_metrics["ndcg@10_offer"] > 0.5  # the prior, on the same held-out offers
    card = report.card
    assert card.kind == "trained"
    assert card.n_outcomes > 1000
    assert len(card.training_data_hash) == 64
    assert card.metrics == {k: float(v) for k, v in m.items()}
    assert card.trained_at and card.version.endswith(card.training_data_hash[:8])


def test_trained_scores_read_as_probabilities(report, region, region_matcher):
    ts = training_set(region_matcher, region.pairs)
    p = report.model.predict_proba(ts.X)[:, 1]
    assert p.min() >= 0.0 and p.max() <= 1.0
    # Calibrated: the mean predicted probability is close to the observed positive rate.
    assert p.mean() == pytest.approx(ts.y.mean(), abs=0.03)


def test_too_few_outcomes_keep_the_prior(region, region_matcher):
    with pytest.raises(ValueError, match="il en faut au moins"):
        train_ranker(region_matcher, region.pairs[:50])


def test_promotion_needs_a_real_gain_without_regressions():
    cur = {"ndcg@10_offer": 0.70, "map_offer": 0.60, "ndcg@10_graduate": 0.85}
    assert should_promote({"ndcg@10_offer": 0.72, "map_offer": 0.61, "ndcg@10_graduate": 0.85}, cur)
    assert not should_promote({"ndcg@10_offer": 0.702, "map_offer": 0.61, "ndcg@10_graduate": 0.85}, cur)
    assert not should_promote({"ndcg@10_offer": 0.75, "map_offer": 0.50, "ndcg@10_graduate": 0.85}, cur)
    assert should_promote({"ndcg@10_offer": 0.5}, None)
    assert not should_promote({"ndcg@10_offer": float("nan")}, None)


def test_training_data_hash_ignores_order_and_sees_changes():
    rows = [("o1", "g1", "hired"), ("o2", "g1", "dismissed")]
    assert training_data_hash(rows) == training_data_hash(rows[::-1])
    assert training_data_hash(rows) != training_data_hash([("o1", "g1", "interview"), rows[1]])


def test_artefact_round_trip_and_refusals(tmp_path, report):
    path = save_model(report.model, report.card, tmp_path / "ranker.joblib")
    meta = json.loads((tmp_path / "ranker.joblib.json").read_text())
    assert {"version", "features", "training_data_hash", "metrics", "trained_at", "n_outcomes"} <= set(meta)
    model, card = load_model(path)
    X = np.random.default_rng(0).random((20, len(card.features)))
    np.testing.assert_allclose(model.predict_proba(X), report.model.predict_proba(X))

    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(ArtefactError, match="SHA-256"):
        load_model(path)

    other = save_model(build_prior(), prior_card(), tmp_path / "prior.joblib")
    meta = json.loads((tmp_path / "prior.joblib.json").read_text())
    meta["features"] = ["required_coverage"]
    (tmp_path / "prior.joblib.json").write_text(json.dumps(meta))
    with pytest.raises(ArtefactError, match="caractéristiques"):
        load_model(other)

    (tmp_path / "stray.joblib").write_bytes(b"not ours")
    with pytest.raises(ArtefactError, match="métadonnées"):
        load_model(tmp_path / "stray.joblib")


def test_pairs_with_unknown_documents_are_skipped(region, region_matcher):
    extra = [
        LabelledPair("nope", region.candidates[0].id, "hired"),
        LabelledPair(region.offers[0].id, "x", "hired"),
    ]
    ts = training_set(region_matcher, list(region.pairs[:30]) + extra)
    assert len(ts.grades) == 30
