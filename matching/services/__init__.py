"""Every write of the matching app, one module per subject, as in ``placements.services``.

- ``analysis``: an offer's or a profile's text read by the NLP pipeline (``nlp_bridge``), stored
  through ``employers.services`` / ``graduates.services``; the stale ones for the sweep.
- ``feedback``: a graduate's reaction to a suggestion, an officer's judgement of a pair.
- ``scores``: ``MatchScore`` rows of an offer, a graduate or the whole region (by chunks), and the
  skill hints, computed with the serving ranker (``matching.serving``) through ``ranker_bridge``.
- ``retraining``: logged outcomes in, a trained model promoted only when it beats the current one.

The entry points are importable from ``matching.services``; the scoring internals (region chunks,
openings) from ``matching.services.scores``.
"""

from .analysis import (
    graduate_analyse,
    graduate_profile_text,
    graduates_stale_analysis,
    offer_analyse,
    offers_stale_analysis,
)
from .feedback import (
    judgement_record,
    suggestion_feedback_record,
)
from .retraining import RetrainReport, ranker_retrain
from .scores import (
    scores_refresh_all,
    scores_refresh_for_graduate,
    scores_refresh_for_offer,
)

__all__ = [
    "RetrainReport",
    "graduate_analyse",
    "graduate_profile_text",
    "graduates_stale_analysis",
    "judgement_record",
    "offer_analyse",
    "offers_stale_analysis",
    "ranker_retrain",
    "scores_refresh_all",
    "scores_refresh_for_graduate",
    "scores_refresh_for_offer",
    "suggestion_feedback_record",
]
