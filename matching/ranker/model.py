"""The second-stage models: a hand-set prior and a trained, calibrated scikit-learn pipeline.

Both take the pair feature matrix (columns ``space.FEATURES``) and expose ``predict_proba``; the
probability of the positive class reads as "the recruiter takes this graduate to interview or
hires them", the event the trained model is fitted on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data

from .features import FEATURES, GAP_FEATURES

ARTEFACT_FORMAT = "tremplin-ranker"
ARTEFACT_FORMAT_VERSION = 1
GAP_COLUMNS = tuple(FEATURES.index(f) for f in GAP_FEATURES)

# Below this many logged outcomes (or positives) the prior serves: a model fitted on a handful of
# hires would mostly learn noise. Two cohorts of 24 graduates a year produce a few hundred
# application outcomes a year, so the prior serves the first months.
MIN_OUTCOMES_TO_TRAIN = 300
MIN_POSITIVES_TO_TRAIN = 30


class SaturatingGaps(TransformerMixin, BaseEstimator):
    """Map gap-like columns through ``x / (|x| + scale)``, leaving the others untouched.

    Distances, experience and start-date gaps have long tails: the difference between 0 and 10 km
    matters, between 60 and 70 km much less. Each selected column is squashed into (-1, 1); its
    scale is learned as the median of the column's absolute non-zero values unless given in
    ``scales``. ``columns=None`` selects every column.
    """

    def __init__(self, columns=None, scales=None):
        self.columns = columns
        self.scales = scales

    def fit(self, X, y=None):
        """Learn one scale per selected column (or take ``scales``)."""
        X = validate_data(self, X, dtype=np.float64)
        cols = self._columns(X.shape[1])
        if self.scales is not None:
            scale = np.asarray(self.scales, dtype=np.float64)
            if scale.shape != (len(cols),):
                raise ValueError(f"scales must have one value per selected column ({len(cols)})")
        else:
            scale = np.ones(len(cols))
            for j, col in enumerate(cols):
                a = np.abs(X[:, col])
                nz = a[a > 0]
                if nz.size:
                    scale[j] = float(np.median(nz))
        self.columns_ = cols
        self.scale_ = np.maximum(scale, 1e-9)
        return self

    def transform(self, X):
        """Squash the selected columns into (-1, 1)."""
        check_is_fitted(self, "scale_")
        X = validate_data(self, X, dtype=np.float64, reset=False, copy=True)
        cols = list(self.columns_)
        if cols:
            sub = X[:, cols]
            X[:, cols] = sub / (np.abs(sub) + self.scale_)
        return X

    def _columns(self, n_features: int) -> np.ndarray:
        if self.columns is None:
            return np.arange(n_features)
        cols = np.asarray(self.columns, dtype=np.int64).ravel()
        if cols.size and (cols.min() < 0 or cols.max() >= n_features):
            raise ValueError(f"column index out of range for {n_features} features")
        return cols

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags


class HingeInteractions(TransformerMixin, BaseEstimator):
    """Piecewise-linear basis and pairwise products, so that a linear model can bend and combine.

    Output columns: the inputs, ``max(0, x - knot)`` for ``n_knots`` knots per column placed at the
    column's quantiles (learned in ``fit``), and, when ``interactions``, every product of two input
    columns ("all required skills *and* within the radius" is worth more than the sum of the two).
    Pure numpy, so that scoring a few hundred pairs costs well under a millisecond.
    """

    def __init__(self, n_knots=3, interactions=True):
        self.n_knots = n_knots
        self.interactions = interactions

    def fit(self, X, y=None):
        """Place ``n_knots`` knots per column at its quantiles."""
        X = validate_data(self, X, dtype=np.float64)
        if int(self.n_knots) < 0:
            raise ValueError("n_knots must be >= 0")
        k = int(self.n_knots)
        qs = np.arange(1, k + 1) / (k + 1)
        self.knots_ = np.quantile(X, qs, axis=0).T if k else np.zeros((X.shape[1], 0))
        n = X.shape[1]
        self.n_output_features_ = n + n * k + (n * (n - 1) // 2 if self.interactions else 0)
        return self

    def transform(self, X):
        """Inputs, hinge terms, then pairwise products."""
        check_is_fitted(self, "knots_")
        X = validate_data(self, X, dtype=np.float64, reset=False)
        parts = [X]
        if self.knots_.shape[1]:
            parts.append(np.maximum(0.0, X[:, :, None] - self.knots_[None, :, :]).reshape(X.shape[0], -1))
        if self.interactions:
            i, j = np.triu_indices(X.shape[1], 1)
            parts.append(X[:, i] * X[:, j])
        return np.hstack(parts)


# -- the prior ------------------------------------------------------------------------------------
# Hand-set logistic weights on the features after SaturatingGaps (scales below). Rationale for each
# weight is in docs/ranker.md; in short: required skills dominate, then whether the commute is
# realistic, then contract and track, with experience and start date as brakes.
PRIOR_SCALES = {
    "distance_ratio": 1.0,
    "outside_radius": 0.5,
    "experience_gap": 1.0,
    "start_gap": 1.0,
    "offer_age": 2.0,
    "experience_years": 1.0,
    "distance_km": 20.0,
}
PRIOR_WEIGHTS = {
    "required_coverage": 3.5,
    "nice_coverage": 0.8,
    "related_credit": 1.2,
    "confirmed_share": 0.6,
    "text_similarity": 3.0,
    "distance_ratio": -1.0,
    "outside_radius": -2.5,
    "contract_fit": 1.2,
    "track_fit": 0.8,
    "experience_gap": -1.5,
    "start_gap": -1.0,
    "offer_age": -0.8,
    # Learned only: how much a region's recruiters value seniority and kilometres as such is not
    # known beforehand (the prior's commute term is the ratio to the graduate's radius).
    "experience_years": 0.0,
    "distance_km": 0.0,
}
PRIOR_INTERCEPT = -4.5


def build_prior() -> Pipeline:
    """The documented prior: fixed scales, a LogisticRegression whose weights are set by hand.

    Nothing is learned: ``fit`` is called once on a row of zeros only to record the input width.
    """
    gaps = SaturatingGaps(columns=GAP_COLUMNS, scales=[PRIOR_SCALES[f] for f in GAP_FEATURES])
    gaps.fit(np.zeros((1, len(FEATURES))))
    clf = LogisticRegression()
    clf.classes_ = np.array([0, 1])
    clf.coef_ = np.array([[PRIOR_WEIGHTS[f] for f in FEATURES]], dtype=np.float64)
    clf.intercept_ = np.array([PRIOR_INTERCEPT])
    clf.n_features_in_ = len(FEATURES)
    clf.n_iter_ = np.array([0])
    return Pipeline([("gaps", gaps), ("clf", clf)])


def build_pipeline(*, seed: int = 0) -> Pipeline:
    """The trainable pipeline: gap saturation, hinge basis and interactions, logistic regression,
    calibrated isotonically.

    A linear model on an expanded basis rather than boosted trees: on the simulated region it ranks
    as well (docs/ranker.md) and predicts a few hundred pairs in a fraction of a millisecond, which
    the interactive latency budget needs. ``ensemble=False``: the isotonic map is fitted on
    cross-validated predictions and a single regression refitted on all data serves.
    """
    return Pipeline(
        [
            ("gaps", SaturatingGaps(columns=GAP_COLUMNS)),
            ("expand", HingeInteractions(n_knots=3, interactions=True)),
            ("scale", StandardScaler()),
            (
                "clf",
                CalibratedClassifierCV(
                    LogisticRegression(C=0.1, max_iter=3000, random_state=seed),
                    method="isotonic",
                    cv=3,
                    ensemble=False,
                ),
            ),
        ]
    )


def positive_probability(model, X: np.ndarray) -> np.ndarray:
    """Probability of the positive class (interview or hire) for each pair."""
    with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
        return model.predict_proba(X)[:, 1]


# -- artefacts --------------------------------------------------------------------------------------


@dataclass
class ModelCard:
    """Metadata saved next to every model artefact."""

    version: str
    kind: str  # "prior" or "trained"
    features: list[str] = field(default_factory=lambda: list(FEATURES))
    training_data_hash: str | None = None
    metrics: dict = field(default_factory=dict)
    trained_at: str | None = None
    n_outcomes: int = 0
    sklearn_version: str = sklearn.__version__
    format: str = ARTEFACT_FORMAT
    format_version: int = ARTEFACT_FORMAT_VERSION
    artefact_sha256: str | None = None
    n_judgements: int = 0  # officers' judgements used in training (with the n_outcomes logged outcomes)
    calibration: list = field(default_factory=list)  # held-out reliability bins (metrics.calibration_curve)

    def to_dict(self) -> dict:
        """The card as a JSON-ready dict."""
        return dict(self.__dict__)


def prior_card() -> ModelCard:
    """The card saved with the prior."""
    return ModelCard(version="prior-1", kind="prior", trained_at=None, n_outcomes=0)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def metadata_path(path: str | Path) -> Path:
    """Where the card of an artefact lives: ``<path>.json``."""
    path = Path(path)
    return path.with_name(path.name + ".json")


def save_model(model, card: ModelCard, path: str | Path) -> Path:
    """Write ``path`` (joblib) and ``path.json`` (the card, with the artefact's SHA-256)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, path, compress=3)
    card.artefact_sha256 = _sha256(path)
    metadata_path(path).write_text(json.dumps(card.to_dict(), indent=2, ensure_ascii=False, sort_keys=True))
    return path


class ArtefactError(ValueError):
    """The file is not a ranker artefact this project produced (or it was altered)."""


def load_model(path: str | Path):
    """Load a saved model after checking its card: format, features and the file's SHA-256.

    Unpickling runs code, so only a file whose hash matches the card written next to it by
    ``save_model`` is loaded. Returns ``(model, card)``.
    """
    path = Path(path)
    meta = metadata_path(path)
    if not meta.exists():
        raise ArtefactError(f"{path}: pas de métadonnées {meta.name}, artefact refusé")
    data = json.loads(meta.read_text())
    if data.get("format") != ARTEFACT_FORMAT or data.get("format_version") != ARTEFACT_FORMAT_VERSION:
        raise ArtefactError(f"{path}: format d'artefact inconnu")
    if data.get("features") != list(FEATURES):
        raise ArtefactError(
            f"{path}: caractéristiques différentes de celles du code ({data.get('features')})"
        )
    if data.get("artefact_sha256") != _sha256(path):
        raise ArtefactError(f"{path}: l'empreinte SHA-256 ne correspond pas aux métadonnées")
    model = joblib.load(path)
    known = set(ModelCard.__dataclass_fields__)
    card = ModelCard(**{k: v for k, v in data.items() if k in known})
    return model, card


def training_data_hash(rows) -> str:
    """Order-independent SHA-256 of the training pairs ``(offer_id, candidate_id, outcome)``."""
    h = hashlib.sha256()
    for row in sorted(tuple(str(x) for x in r) for r in rows):
        h.update("\x1f".join(row).encode())
        h.update(b"\x1e")
    return h.hexdigest()


def new_version(data_hash: str, now: dt.datetime | None = None) -> str:
    """Version string ``YYYYmmdd-HHMMSS-<first 8 hex of the data hash>``."""
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%d-%H%M%S}-{data_hash[:8]}"


# -- learning to rank -------------------------------------------------------------------------------
class PairwiseLogistic(ClassifierMixin, BaseEstimator):
    """Pairwise learning to rank with a calibrated probability on top.

    ``fit(X, y, groups=…)`` builds, within each group (an offer), pairs of rows with different
    grades ``y`` (sampled, at most ``max_pairs_per_group``), and fits a logistic regression without
    intercept on the row differences (RankNet's loss with a linear scorer: the order of the
    graduates an employer saw, not their absolute odds). ``predict_proba`` maps the linear score
    through an isotonic regression fitted on out-of-fold scores (folds by group), so the figure
    shown still reads as a chance of interview. ``y`` may be graded (0-3); ``positive_min`` sets the
    event the calibration predicts.
    """

    def __init__(self, C=0.1, max_pairs_per_group=60, positive_min=2, n_folds=3, random_state=0):
        self.C = C
        self.max_pairs_per_group = max_pairs_per_group
        self.positive_min = positive_min
        self.n_folds = n_folds
        self.random_state = random_state

    def _pairs(self, X, y, groups, rng):
        order = np.argsort(groups, kind="stable")
        g = groups[order]
        bounds = np.flatnonzero(np.r_[True, g[1:] != g[:-1], True])
        left, right = [], []
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            rows = order[a:b]
            if len(rows) < 2:
                continue
            i, j = np.triu_indices(len(rows), 1)
            keep = y[rows[i]] != y[rows[j]]
            i, j = rows[i[keep]], rows[j[keep]]
            if len(i) > self.max_pairs_per_group:
                pick = rng.choice(len(i), self.max_pairs_per_group, replace=False)
                i, j = i[pick], j[pick]
            left.append(i)
            right.append(j)
        if not left:
            return np.zeros((0, X.shape[1])), np.zeros(0)
        i, j = np.concatenate(left), np.concatenate(right)
        diff = X[i] - X[j]
        sign = (y[i] > y[j]).astype(np.int64)
        # Half the pairs flipped, so both classes are present and no intercept is needed.
        flip = rng.random(len(sign)) < 0.5
        diff[flip] *= -1
        sign[flip] = 1 - sign[flip]
        return diff, sign

    def _fit_linear(self, X, y, groups, rng):
        diff, sign = self._pairs(X, y, groups, rng)
        if len(np.unique(sign)) < 2:
            return np.zeros(X.shape[1])
        lr = LogisticRegression(C=self.C, fit_intercept=False, max_iter=3000)
        lr.fit(diff, sign)
        return lr.coef_.ravel()

    def fit(self, X, y, groups=None, sample_weight=None):
        """Fit on graded ``y`` within ``groups`` (one group for all rows when None)."""
        from sklearn.isotonic import IsotonicRegression

        X = validate_data(self, X, dtype=np.float64)
        y = np.asarray(y)
        groups = np.zeros(len(y), dtype=np.int64) if groups is None else np.asarray(groups)
        rng = np.random.default_rng(self.random_state)
        self.classes_ = np.array([0, 1])
        positive = (y >= self.positive_min).astype(np.float64)
        # Out-of-fold linear scores (folds by group) for the isotonic map, as CalibratedClassifierCV.
        uniq = np.unique(groups)
        fold_of = dict(zip(uniq.tolist(), rng.permutation(len(uniq)) % max(2, self.n_folds), strict=True))
        fold = np.array([fold_of[g] for g in groups.tolist()])
        oof = np.zeros(len(y))
        for f in range(max(2, self.n_folds)):
            test = fold == f
            if test.any() and (~test).any():
                oof[test] = X[test] @ self._fit_linear(X[~test], y[~test], groups[~test], rng)
        self.calibrator_ = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0)
        self.calibrator_.fit(oof, positive, sample_weight=sample_weight)
        self.coef_ = self._fit_linear(X, y, groups, rng)[None, :]
        self.intercept_ = np.zeros(1)
        return self

    def decision_function(self, X):
        """The linear ranking score."""
        check_is_fitted(self, "coef_")
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return X @ self.coef_.ravel()

    def predict_proba(self, X):
        """Calibrated probability of the positive event (isotonic map of the ranking score)."""
        p = np.clip(self.calibrator_.predict(self.decision_function(X)), 0.0, 1.0)
        return np.column_stack([1 - p, p])

    def predict(self, X):
        """1 when the calibrated probability is at least one half."""
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(np.int64)


def build_pairwise_pipeline(*, seed: int = 0) -> Pipeline:
    """The learning-to-rank variant: the same basis as :func:`build_pipeline`, a pairwise logistic
    objective within offers, then an isotonic map to a probability. Fit with
    ``fit(X, grades, clf__groups=offer_ids)``."""
    return Pipeline(
        [
            ("gaps", SaturatingGaps(columns=GAP_COLUMNS)),
            ("expand", HingeInteractions(n_knots=3, interactions=True)),
            ("scale", StandardScaler()),
            ("clf", PairwiseLogistic(C=0.1, random_state=seed)),
        ]
    )
