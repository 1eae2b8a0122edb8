"""Tremplin's ranker: plain Python (no Django) retrieval, ranking, explanations, training, evaluation.

The platform's bridge (``matching/ranker_bridge.py``) builds :class:`OfferDoc` / :class:`CandidateDoc` from its
rows, a :class:`Matcher` over them, and reads back :class:`Suggestion` objects. See docs/ranker.md.
"""

from .docs import OUTCOME_GRADES, CandidateDoc, LabelledPair, OfferDoc, SkillGraph
from .engine import MIN_SUGGESTIONS, Matcher, Shortfall, SkillOpening, Suggestion, SuggestionList
from .exposure import CohortView, exposure_rerank
from .features import FEATURES
from .implications import load_implications, read_implications
from .judgements import JUDGEMENT_GRADES, Judgement, judgement_metrics, judgement_table
from .metrics import calibration_curve, expected_calibration_error
from .model import (
    ArtefactError,
    ModelCard,
    PairwiseLogistic,
    build_pairwise_pipeline,
    build_pipeline,
    build_prior,
    load_model,
    prior_card,
    save_model,
)
from .region import (
    BlockScores,
    MatcherCache,
    RegionScores,
    TopKMerger,
    TopPairs,
    merge_top_k,
    score_block,
    score_offer_block,
    score_region,
    top_k_per_key,
)
from .training import (
    MIN_JUDGEMENTS_TO_GATE,
    TrainingReport,
    enough_outcomes,
    fit_model,
    should_promote,
    train_ranker,
    training_set,
)

__all__ = [
    "FEATURES",
    "JUDGEMENT_GRADES",
    "MIN_JUDGEMENTS_TO_GATE",
    "MIN_SUGGESTIONS",
    "Judgement",
    "PairwiseLogistic",
    "build_pairwise_pipeline",
    "fit_model",
    "Shortfall",
    "SuggestionList",
    "calibration_curve",
    "expected_calibration_error",
    "judgement_metrics",
    "judgement_table",
    "load_implications",
    "read_implications",
    "OUTCOME_GRADES",
    "ArtefactError",
    "BlockScores",
    "CandidateDoc",
    "CohortView",
    "LabelledPair",
    "Matcher",
    "MatcherCache",
    "ModelCard",
    "OfferDoc",
    "RegionScores",
    "SkillGraph",
    "SkillOpening",
    "Suggestion",
    "TopKMerger",
    "TopPairs",
    "TrainingReport",
    "build_pipeline",
    "build_prior",
    "enough_outcomes",
    "exposure_rerank",
    "load_model",
    "merge_top_k",
    "prior_card",
    "save_model",
    "score_block",
    "score_offer_block",
    "score_region",
    "should_promote",
    "train_ranker",
    "top_k_per_key",
    "training_set",
]
