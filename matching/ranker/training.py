"""Training on logged outcomes, held-out evaluation grouped by offer, and the promotion rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import GroupShuffleSplit

from .docs import OUTCOME_GRADES, LabelledPair
from .engine import Matcher
from .metrics import two_sided_metrics
from .model import (
    MIN_OUTCOMES_TO_TRAIN,
    MIN_POSITIVES_TO_TRAIN,
    ModelCard,
    build_pipeline,
    new_version,
    positive_probability,
    training_data_hash,
)

# An interview or a hire is the event the classifier predicts; a hire counts double.
POSITIVE_MIN_GRADE = 2
HIRE_WEIGHT = 2.0
PROMOTION_METRIC = "ndcg@10_offer"


@dataclass
class TrainingSet:
    """Features and labels of the logged pairs both of whose documents are known to the matcher."""

    X: np.ndarray
    grades: np.ndarray
    offer_ids: np.ndarray
    candidate_ids: np.ndarray
    pairs: list[LabelledPair]

    @property
    def y(self) -> np.ndarray:
        """Binary label: interview or hire."""
        return (self.grades >= POSITIVE_MIN_GRADE).astype(np.int64)

    @property
    def sample_weight(self) -> np.ndarray:
        """Hires weigh ``HIRE_WEIGHT``, other pairs 1."""
        return np.where(self.grades >= 3, HIRE_WEIGHT, 1.0)


def training_set(matcher: Matcher, pairs: Sequence[LabelledPair]) -> TrainingSet:
    """Pair features for logged outcomes (pairs whose offer or graduate is unknown are skipped)."""
    kept = [
        p
        for p in pairs
        if p.offer_id in matcher.offers.index
        and p.candidate_id in matcher.candidates.index
        and p.outcome in OUTCOME_GRADES
    ]
    oi = np.array([matcher.offers.index[p.offer_id] for p in kept], dtype=np.int64)
    ci = np.array([matcher.candidates.index[p.candidate_id] for p in kept], dtype=np.int64)
    return TrainingSet(
        X=matcher.features(oi, ci),
        grades=np.array([OUTCOME_GRADES[p.outcome] for p in kept], dtype=np.int64),
        offer_ids=np.array([p.offer_id for p in kept]),
        candidate_ids=np.array([p.candidate_id for p in kept]),
        pairs=kept,
    )


def grouped_split(ts: TrainingSet, *, test_size: float = 0.3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Train / test row indices with every offer entirely on one side (GroupShuffleSplit)."""
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    train, test = next(splitter.split(ts.X, ts.grades, groups=ts.offer_ids))
    return train, test


def evaluate_scores(
    scores: np.ndarray, ts: TrainingSet, rows: np.ndarray, *, k: int = 10
) -> dict[str, float]:
    """nDCG@k, MAP and recall@k per offer and per graduate over ``rows`` of the training set."""
    return two_sided_metrics(scores, ts.grades[rows], ts.offer_ids[rows], ts.candidate_ids[rows], k=k)


def enough_outcomes(ts: TrainingSet) -> bool:
    """Whether there are enough outcomes to train rather than keep the prior."""
    return len(ts.grades) >= MIN_OUTCOMES_TO_TRAIN and int(ts.y.sum()) >= MIN_POSITIVES_TO_TRAIN


@dataclass
class TrainingReport:
    """A trained model, its card, its held-out metrics and the serving model's on the same split."""

    model: object
    card: ModelCard
    metrics: dict[str, float]  # the new model on the held-out offers
    current_metrics: dict[str, float] | None  # the serving model on the same held-out offers
    promote: bool


def should_promote(
    new_metrics: dict[str, float],
    current_metrics: dict[str, float] | None,
    *,
    metric: str = PROMOTION_METRIC,
    min_gain: float = 0.005,
    guards: Sequence[str] = ("map_offer", "ndcg@10_graduate"),
    max_drop: float = 0.02,
) -> bool:
    """Promote when the new model beats the current one on ``metric`` by at least ``min_gain``
    (absolute) and loses no more than ``max_drop`` on any guard metric. Both sets of metrics must
    come from the same held-out split. With no current model (or only the prior's figures
    missing), the new one is promoted if its metric is a number."""
    new = new_metrics.get(metric)
    if new is None or np.isnan(new):
        return False
    if not current_metrics or current_metrics.get(metric) is None or np.isnan(current_metrics[metric]):
        return True
    if new < current_metrics[metric] + min_gain:
        return False
    for g in guards:
        a, b = new_metrics.get(g), current_metrics.get(g)
        if a is not None and b is not None and not np.isnan(b) and a < b - max_drop:
            return False
    return True


def train_ranker(
    matcher: Matcher,
    pairs: Sequence[LabelledPair],
    *,
    current_model=None,
    test_size: float = 0.3,
    seed: int = 0,
    refit_on_all: bool = True,
    now: dt.datetime | None = None,
) -> TrainingReport:
    """Train the pipeline on logged outcomes and compare it with the serving model.

    The pairs are split by offer (no offer on both sides); the new model is fitted on the train
    offers and evaluated on the held-out ones, where ``current_model`` (the matcher's model by
    default) is evaluated too; ``promote`` applies :func:`should_promote`. When ``refit_on_all``, the
    returned model is then refitted on every pair (the metrics stay those of the held-out split).
    """
    ts = training_set(matcher, pairs)
    if not enough_outcomes(ts):
        raise ValueError(
            f"{len(ts.grades)} résultats dont {int(ts.y.sum())} positifs : il en faut au moins "
            f"{MIN_OUTCOMES_TO_TRAIN} dont {MIN_POSITIVES_TO_TRAIN} positifs pour entraîner"
        )
    train, test = grouped_split(ts, test_size=test_size, seed=seed)
    model = build_pipeline(seed=seed)
    model.fit(ts.X[train], ts.y[train], clf__sample_weight=ts.sample_weight[train])
    metrics = evaluate_scores(positive_probability(model, ts.X[test]), ts, test)
    current = current_model if current_model is not None else matcher.model
    current_metrics = evaluate_scores(positive_probability(current, ts.X[test]), ts, test)
    promote = should_promote(metrics, current_metrics)
    if refit_on_all:
        model = build_pipeline(seed=seed)
        model.fit(ts.X, ts.y, clf__sample_weight=ts.sample_weight)
    data_hash = training_data_hash((p.offer_id, p.candidate_id, p.outcome) for p in ts.pairs)
    now = now or dt.datetime.now(dt.UTC)
    card = ModelCard(
        version=new_version(data_hash, now),
        kind="trained",
        training_data_hash=data_hash,
        metrics={k: float(v) for k, v in metrics.items()},
        trained_at=now.isoformat(timespec="seconds"),
        n_outcomes=len(ts.grades),
    )
    return TrainingReport(model, card, metrics, current_metrics, promote)
