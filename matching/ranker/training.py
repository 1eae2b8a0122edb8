"""Training on logged outcomes, held-out evaluation grouped by offer, and the promotion rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.model_selection import GroupShuffleSplit

from .docs import OUTCOME_GRADES, LabelledPair
from .engine import Matcher
from .judgements import Judgement, judgement_metrics, known_judgements, mean_judgements
from .metrics import calibration_curve, two_sided_metrics
from .model import (
    MIN_OUTCOMES_TO_TRAIN,
    MIN_POSITIVES_TO_TRAIN,
    ModelCard,
    build_pairwise_pipeline,
    build_pipeline,
    new_version,
    positive_probability,
    training_data_hash,
)
from .pooling import POOLED_METRIC, pooled_metrics

# An interview or a hire is the event the classifier predicts; a hire counts double.
POSITIVE_MIN_GRADE = 2
HIRE_WEIGHT = 2.0
PROMOTION_METRIC = "ndcg@10_offer"


# Officers' judgements in training: pertinent counts as a positive (like an interview), plausible and
# hors sujet as negatives (plausible like an application that went no further); each weighs this much.
JUDGEMENT_WEIGHT = 1.0
# The promotion rule reads the judgements once at least this many held-out judged pairs exist.
MIN_JUDGEMENTS_TO_GATE = 20
JUDGEMENT_METRIC = "ndcg@10_judgements"
# The pooled gate (serving and candidate models scored on the same pooled, judged pairs: see
# pooling.py) reads them from this many judged pairs of the pool on (chosen on dev seeds 3 / 4, docs/ranker.md).
MIN_POOLED_TO_GATE = 100


@dataclass
class TrainingSet:
    """Features and labels of the logged pairs both of whose documents are known to the matcher.

    Rows are the logged outcomes (``pairs``) then the officers' judgements (``judgements``);
    ``judged`` marks the latter. A judgement's grade is on the outcome scale: pertinent 2 (like an
    interview), plausible 1, hors sujet 0.
    """

    X: np.ndarray
    grades: np.ndarray
    offer_ids: np.ndarray
    candidate_ids: np.ndarray
    pairs: list[LabelledPair]
    judgements: list = field(default_factory=list)
    judged: np.ndarray | None = None

    @property
    def is_judged(self) -> np.ndarray:
        """Boolean mask of the rows that are officers' judgements."""
        return self.judged if self.judged is not None else np.zeros(len(self.grades), dtype=bool)

    @property
    def y(self) -> np.ndarray:
        """Binary label: interview or hire."""
        return (self.grades >= POSITIVE_MIN_GRADE).astype(np.int64)

    @property
    def sample_weight(self) -> np.ndarray:
        """Hires weigh ``HIRE_WEIGHT``, judgements ``JUDGEMENT_WEIGHT``, other pairs 1."""
        return np.where(self.is_judged, JUDGEMENT_WEIGHT, np.where(self.grades >= 3, HIRE_WEIGHT, 1.0))


def training_set(
    matcher: Matcher, pairs: Sequence[LabelledPair], judgements: Sequence[Judgement] = ()
) -> TrainingSet:
    """Pair features for logged outcomes, then officers' judgements (several officers on one pair:
    their mean grade, rounded); pairs whose offer or graduate is unknown are skipped."""
    kept = [
        p
        for p in pairs
        if p.offer_id in matcher.offers.index
        and p.candidate_id in matcher.candidates.index
        and p.outcome in OUTCOME_GRADES
    ]
    js = known_judgements(matcher, mean_judgements(judgements))
    offer_ids = [p.offer_id for p in kept] + [j.offer_id for j in js]
    candidate_ids = [p.candidate_id for p in kept] + [j.candidate_id for j in js]
    oi = np.array([matcher.offers.index[o] for o in offer_ids], dtype=np.int64)
    ci = np.array([matcher.candidates.index[c] for c in candidate_ids], dtype=np.int64)
    grades = [OUTCOME_GRADES[p.outcome] for p in kept] + [int(round(j.grade)) for j in js]
    return TrainingSet(
        X=matcher.features(oi, ci),
        grades=np.array(grades, dtype=np.int64),
        offer_ids=np.array(offer_ids),
        candidate_ids=np.array(candidate_ids),
        pairs=kept,
        judgements=js,
        judged=np.r_[np.zeros(len(kept), dtype=bool), np.ones(len(js), dtype=bool)],
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
    metrics: dict[str, float]  # the new model on the held-out offers (and their judgements)
    current_metrics: dict[str, float] | None  # the serving model on the same held-out offers
    promote: bool
    calibration: list[dict] = field(default_factory=list)  # the new model's reliability bins, held out


def should_promote(
    new_metrics: dict[str, float],
    current_metrics: dict[str, float] | None,
    *,
    metric: str = PROMOTION_METRIC,
    min_gain: float = 0.005,
    guards: Sequence[str] = ("map_offer", "ndcg@10_graduate"),
    max_drop: float = 0.02,
    judgement_metric: str = JUDGEMENT_METRIC,
    min_judgements: int = MIN_JUDGEMENTS_TO_GATE,
    min_pooled: int = MIN_POOLED_TO_GATE,
) -> bool:
    """Promote when the new model beats the current one on ``metric`` by at least ``min_gain``
    (absolute) and loses no more than ``max_drop`` on any guard metric. Both sets of metrics must
    come from the same held-out split. With no current model (or only the prior's figures
    missing), the new one is promoted if its metric is a number.

    Officers' judgements count: when the metrics hold ``n_judgements`` ≥ ``min_judgements`` judged
    pairs and both models have ``judgement_metric`` (nDCG@10 against the judgements, see
    :func:`matching.ranker.judgements.judgement_metrics`), a new model scoring lower than the
    current one there is refused, whatever its gain on logged outcomes.

    Pooled judgements count the same way: when both hold ``n_pooled`` ≥ ``min_pooled`` judged pairs
    of the pool (both models' top lists, see :mod:`matching.ranker.pooling`) and ``ndcg@10_pooled``,
    a new model scoring lower there than the current one on the same pairs is refused."""
    new = new_metrics.get(metric)
    if new is None or np.isnan(new):
        return False
    if current_metrics and _worse_on_judgements(
        new_metrics, current_metrics, judgement_metric, min_judgements
    ):
        return False
    if current_metrics and _worse_on_judgements(
        new_metrics, current_metrics, POOLED_METRIC, min_pooled, count="n_pooled"
    ):
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


def _worse_on_judgements(
    new: dict, current: dict, metric: str, min_judgements: int, *, count: str = "n_judgements"
) -> bool:
    n = min(new.get(count, 0) or 0, current.get(count, 0) or 0)
    a, b = new.get(metric), current.get(metric)
    if n < min_judgements or a is None or b is None or np.isnan(a) or np.isnan(b):
        return False
    return a < b - 1e-12


def judged_metrics(scores: np.ndarray, ts: TrainingSet, rows: np.ndarray, *, k: int = 10) -> dict[str, float]:
    """nDCG@k against the officers' judgements among ``rows`` of the training set."""
    rows = np.asarray(rows, dtype=np.int64)
    judged = ts.is_judged[rows]
    n_out = len(ts.pairs)
    js = [ts.judgements[int(r) - n_out] for r in rows[judged]]
    return judgement_metrics(np.asarray(scores)[judged], js, k=k)


OBJECTIVES = ("pointwise", "pairwise")


def fit_model(ts: TrainingSet, rows: np.ndarray, *, objective: str = "pointwise", seed: int = 0):
    """Fit the pipeline of ``objective`` on ``rows`` of the training set.

    ``pointwise``: calibrated logistic regression on "interview or hire" (:func:`build_pipeline`);
    ``pairwise``: logistic regression on within-offer differences of graded pairs, then an isotonic
    map to the same probability (:func:`matching.ranker.model.build_pairwise_pipeline`).
    """
    rows = np.asarray(rows, dtype=np.int64)
    if objective == "pointwise":
        model = build_pipeline(seed=seed)
        model.fit(ts.X[rows], ts.y[rows], clf__sample_weight=ts.sample_weight[rows])
    elif objective == "pairwise":
        model = build_pairwise_pipeline(seed=seed)
        model.fit(
            ts.X[rows],
            ts.grades[rows],
            clf__groups=ts.offer_ids[rows],
            clf__sample_weight=ts.sample_weight[rows],
        )
    else:
        raise ValueError(f"objective: one of {OBJECTIVES}")
    return model


def train_ranker(
    matcher: Matcher,
    pairs: Sequence[LabelledPair],
    *,
    judgements: Sequence[Judgement] = (),
    pooled: Sequence[Judgement] = (),
    objective: str = "pointwise",
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

    ``pooled``: judgements of the pooled queue (pairs from the serving and candidate models' top
    lists). They do not train; the returned model and ``current_model`` are both scored on them
    (``ndcg@10_pooled``, ``n_pooled``) and the promotion rule reads it.
    """
    ts = training_set(matcher, pairs, judgements)
    if not enough_outcomes(ts):
        raise ValueError(
            f"{len(ts.grades)} résultats dont {int(ts.y.sum())} positifs : il en faut au moins "
            f"{MIN_OUTCOMES_TO_TRAIN} dont {MIN_POSITIVES_TO_TRAIN} positifs pour entraîner"
        )
    train, test = grouped_split(ts, test_size=test_size, seed=seed)
    model = fit_model(ts, train, objective=objective, seed=seed)
    current = current_model if current_model is not None else matcher.model
    # Logged outcomes and judgements of the held-out offers, each measured on its own.
    logged = test[~ts.is_judged[test]]
    new_scores = positive_probability(model, ts.X[test])
    cur_scores = positive_probability(current, ts.X[test])
    on_logged = ~ts.is_judged[test]
    metrics = evaluate_scores(new_scores[on_logged], ts, logged)
    current_metrics = evaluate_scores(cur_scores[on_logged], ts, logged)
    if len(ts.judgements):
        metrics |= judged_metrics(new_scores, ts, test)
        current_metrics |= judged_metrics(cur_scores, ts, test)
    calibration = calibration_curve(new_scores[on_logged], ts.y[logged])
    if refit_on_all:
        model = fit_model(ts, np.arange(len(ts.grades)), objective=objective, seed=seed)
    if pooled:
        # The model that would serve and the serving one, on the same pooled, judged pairs.
        metrics |= pooled_metrics(matcher, pooled, model)
        current_metrics |= pooled_metrics(matcher, pooled, current)
    promote = should_promote(metrics, current_metrics)
    data_hash = training_data_hash(
        [(p.offer_id, p.candidate_id, p.outcome) for p in ts.pairs]
        + [(j.offer_id, j.candidate_id, f"judged:{j.grade:g}") for j in ts.judgements]
    )
    now = now or dt.datetime.now(dt.UTC)
    card = ModelCard(
        version=new_version(data_hash, now),
        kind="trained",
        training_data_hash=data_hash,
        metrics={k: float(v) for k, v in metrics.items()},
        trained_at=now.isoformat(timespec="seconds"),
        n_outcomes=len(ts.pairs),
        n_judgements=len(ts.judgements),
        calibration=calibration,
    )
    return TrainingReport(model, card, metrics, current_metrics, promote, calibration)
