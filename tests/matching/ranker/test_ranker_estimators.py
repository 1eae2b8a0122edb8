import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from matching.ranker.features import FEATURES
from matching.ranker.model import (
    PRIOR_INTERCEPT,
    PRIOR_WEIGHTS,
    HingeInteractions,
    SaturatingGaps,
    build_pipeline,
    build_prior,
    positive_probability,
)
from matching.ranker.scoring import compile_scorer


@parametrize_with_checks(
    [
        SaturatingGaps(),
        SaturatingGaps(columns=[0], scales=[2.0]),
        HingeInteractions(),
        HingeInteractions(n_knots=0, interactions=False),
    ]
)
def test_custom_estimators_follow_scikit_learn_rules(estimator, check):
    check(estimator)


def test_saturating_gaps_learns_median_scale_and_squashes_selected_columns():
    X = np.array([[0.0, 10.0], [2.0, 10.0], [4.0, 10.0], [6.0, 10.0]])
    t = SaturatingGaps(columns=[0]).fit(X)
    assert t.scale_.tolist() == [4.0]
    out = t.transform(X)
    assert out[:, 0].tolist() == pytest.approx([0.0, 2 / 6, 4 / 8, 6 / 10])
    assert out[:, 1].tolist() == [10.0] * 4


def test_hinge_interactions_output_width_and_products():
    X = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
    t = HingeInteractions(n_knots=1).fit(X)
    out = t.transform(X)
    assert out.shape == (3, 3 + 3 + 3)
    assert out[2, 3:6].tolist() == [3.0, 3.0, 3.0]  # hinge at the median
    assert out[1, 6:].tolist() == [20.0, 24.0, 30.0]  # x0*x1, x0*x2, x1*x2


def test_prior_is_the_documented_hand_set_logistic_model():
    prior = build_prior()
    zero = np.zeros((1, len(FEATURES)))
    assert positive_probability(prior, zero)[0] == pytest.approx(1 / (1 + np.exp(-PRIOR_INTERCEPT)))
    base = np.full((1, len(FEATURES)), 0.5)
    for name, weight in PRIOR_WEIGHTS.items():
        up = base.copy()
        up[0, FEATURES.index(name)] += 0.4
        moved = positive_probability(prior, up)[0] - positive_probability(prior, base)[0]
        assert np.sign(moved) == np.sign(weight), name


@pytest.mark.parametrize("make", [build_prior, "trained"])
def test_compiled_scorer_equals_predict_proba(make):
    rng = np.random.default_rng(0)
    X = rng.random((600, len(FEATURES))) * 2
    if make == "trained":
        y = (X[:, 0] - X[:, 5] + 0.3 * rng.standard_normal(600) > 0).astype(int)
        model = build_pipeline().fit(X, y)
    else:
        model = make()
    fast = compile_scorer(model)
    assert "positive_probability" not in fast.__code__.co_names  # the numpy path, not the fallback
    if make == "trained":
        assert "decision" in fast.__code__.co_freevars  # scaler folded, expansion never built
    np.testing.assert_allclose(fast(X), model.predict_proba(X)[:, 1], rtol=1e-9, atol=1e-12)


def test_compiled_scorer_falls_back_for_other_models():
    from sklearn.ensemble import RandomForestClassifier

    X = np.random.default_rng(1).random((50, 3))
    model = RandomForestClassifier(n_estimators=3, random_state=0).fit(X, X[:, 0] > 0.5)
    np.testing.assert_allclose(compile_scorer(model)(X), model.predict_proba(X)[:, 1])
