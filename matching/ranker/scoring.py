"""The scoring fast path: the trained and prior pipelines replayed in numpy.

Scoring a few hundred pairs through scikit-learn is dominated by input validation (six checks for
the trained pipeline). ``compile_scorer`` rebuilds the same arithmetic from the fitted attributes;
tests compare it with ``predict_proba``.
"""

from __future__ import annotations

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from .model import HingeInteractions, PairwiseLogistic, SaturatingGaps, positive_probability


def _step_function(step):
    """numpy equivalent of one fitted step's ``transform``, or None when the step is not known."""
    if isinstance(step, SaturatingGaps):
        cols, scale = np.asarray(step.columns_), step.scale_

        def gaps(X):
            X = X.copy()
            if cols.size:
                sub = X[:, cols]
                X[:, cols] = sub / (np.abs(sub) + scale)
            return X

        return gaps
    if isinstance(step, HingeInteractions):
        knots, inter = step.knots_, step.interactions

        def hinge(X):
            parts = [X]
            if knots.shape[1]:
                parts.append(np.maximum(0.0, X[:, :, None] - knots[None, :, :]).reshape(X.shape[0], -1))
            if inter:
                i, j = np.triu_indices(X.shape[1], 1)
                parts.append(X[:, i] * X[:, j])
            return np.hstack(parts)

        return hinge
    if isinstance(step, StandardScaler):
        mean = step.mean_ if step.with_mean else 0.0
        scale = step.scale_ if step.with_std else 1.0
        return lambda X: (X - mean) / scale
    return None


def _linear_decision(clf):
    if isinstance(clf, (LogisticRegression, PairwiseLogistic)) and clf.coef_.shape[0] == 1:
        coef, intercept = clf.coef_.ravel(), float(clf.intercept_[0])
        return lambda X: X @ coef + intercept
    return None


def _calibrated_positive(clf):
    """Positive-class probability of a binary LogisticRegression, calibrated or not."""
    decision = _linear_decision(clf)
    if isinstance(clf, PairwiseLogistic):
        final = _calibrated_positive_from_decision(clf)
        return lambda X: final(decision(X))
    if decision is not None:
        return lambda X: 1.0 / (1.0 + np.exp(-decision(X)))
    if not isinstance(clf, CalibratedClassifierCV) or len(clf.calibrated_classifiers_) != 1:
        return None
    cal = clf.calibrated_classifiers_[0]
    decision = _linear_decision(cal.estimator)
    if decision is None or len(cal.calibrators) != 1 or len(clf.classes_) != 2:
        return None
    calibrator = cal.calibrators[0]
    if cal.method == "isotonic" and getattr(calibrator, "out_of_bounds", None) == "clip":
        lo, hi = calibrator.X_min_, calibrator.X_max_
        xs, ys = calibrator.X_thresholds_, calibrator.y_thresholds_
        return lambda X: np.interp(np.clip(decision(X), lo, hi), xs, ys)
    if cal.method == "sigmoid":
        a, b = float(calibrator.a_), float(calibrator.b_)
        return lambda X: 1.0 / (1.0 + np.exp(a * decision(X) + b))
    return None


def _folded_hinge_logistic(model):
    """For gaps > hinge > scaler > (calibrated) logistic: fold the scaler into the weights and never
    build the expanded matrix (products become a quadratic form). Returns X -> probability or None."""
    names = [type(step) for _, step in model.steps[:-1]]
    if names != [SaturatingGaps, HingeInteractions, StandardScaler]:
        return None
    gaps, hinge, scaler = (step for _, step in model.steps[:-1])
    clf = model.steps[-1][1]
    head = clf.calibrated_classifiers_[0].estimator if isinstance(clf, CalibratedClassifierCV) else clf
    if not isinstance(head, (LogisticRegression, PairwiseLogistic)) or head.coef_.shape[0] != 1:
        return None
    if not hinge.interactions:
        return None
    if _calibrated_positive(clf) is None:  # a calibration this fast path does not replay
        return None
    mean = scaler.mean_ if scaler.with_mean else 0.0
    scale = scaler.scale_ if scaler.with_std else 1.0
    w = head.coef_.ravel() / scale
    bias = float(head.intercept_[0] - np.sum(w * mean))
    n, k = hinge.knots_.shape
    w_lin, w_hinge = w[:n], w[n : n + n * k].reshape(n, k)
    quad = np.zeros((n, n))
    i, j = np.triu_indices(n, 1)
    quad[i, j] = w[n + n * k :]
    knots = hinge.knots_
    to_gaps = _step_function(gaps)

    def decision(X):
        X = to_gaps(np.asarray(X, dtype=np.float64))
        out = X @ w_lin + bias
        if k:
            out += np.einsum("nfk,fk->n", np.maximum(0.0, X[:, :, None] - knots[None, :, :]), w_hinge)
        out += np.einsum("nf,nf->n", X @ quad, X)
        return out

    final = _calibrated_positive_from_decision(clf)
    return lambda X: final(decision(X))


def _calibrated_positive_from_decision(clf):
    """The calibration part of ``_calibrated_positive``, applied to precomputed decision values."""
    if isinstance(clf, PairwiseLogistic):
        iso = clf.calibrator_
        lo, hi = iso.X_min_, iso.X_max_
        xs, ys = iso.X_thresholds_, iso.y_thresholds_
        return lambda d: np.clip(np.interp(np.clip(d, lo, hi), xs, ys), 0.0, 1.0)
    if isinstance(clf, LogisticRegression):
        return lambda d: 1.0 / (1.0 + np.exp(-d))
    calibrator = clf.calibrated_classifiers_[0].calibrators[0]
    method = clf.calibrated_classifiers_[0].method
    if method == "isotonic":
        lo, hi = calibrator.X_min_, calibrator.X_max_
        xs, ys = calibrator.X_thresholds_, calibrator.y_thresholds_
        return lambda d: np.interp(np.clip(d, lo, hi), xs, ys)
    a, b = float(calibrator.a_), float(calibrator.b_)
    return lambda d: 1.0 / (1.0 + np.exp(a * d + b))


def compile_scorer(model):
    """A function ``X -> P(positive)`` equal to ``model.predict_proba(X)[:, 1]`` without per-call checks.

    Scoring a few hundred pairs is dominated by scikit-learn's input validation (six checks for
    this pipeline); for the pipelines built here the arithmetic is replayed in numpy, which the
    tests compare with ``predict_proba``. Any other model falls back to ``predict_proba``.
    """
    if isinstance(model, Pipeline):
        folded = _folded_hinge_logistic(model)
        if folded is not None:
            return folded
        funcs = [_step_function(step) for _, step in model.steps[:-1]]
        final = _calibrated_positive(model.steps[-1][1])
        if final is not None and all(f is not None for f in funcs):

            def score(X):
                X = np.asarray(X, dtype=np.float64)
                for f in funcs:
                    X = f(X)
                return final(X)

            return score
    return lambda X: positive_probability(model, X)
