"""What the logs teach: every ended candidacy graded from its transitions, and graduates' "not for me".

Read by the retraining (:mod:`matching.services.retraining`) and by the calibration of the serving model
(:func:`matching.judgements.calibration`).
"""

from __future__ import annotations

from collections import defaultdict

from matching.ranker import LabelledPair
from placements.models import Application, ApplicationTransition

from .models import SuggestionFeedback

# Where an application ended, read from every state it went through (its transition log):
# an interview or a job offer counts as "interview" whatever came next; an employer's refusal
# without interview is "dismissed"; an application that ended otherwise (withdrawn, hired elsewhere,
# closed for lack of news) after being sent is "applied". Pending ones have not ended: skipped.
REACHED_INTERVIEW = {Application.State.INTERVIEW, Application.State.OFFER}


def _outcome(final_state: str, reached: set[str], refusal_reason: str = "") -> str | None:
    if final_state == Application.State.HIRED:
        return "hired"
    if final_state in Application.PENDING:
        return None
    if reached & REACHED_INTERVIEW:
        return "interview"
    if final_state == Application.State.REFUSED:
        # « Poste déjà pourvu » says nothing of the pair: the candidacy was sent, that is all.
        return "applied" if refusal_reason == Application.RefusalReason.FILLED else "dismissed"
    if Application.State.APPLIED in reached:
        return "applied"
    return None


def logged_outcomes() -> list[LabelledPair]:
    """(offer, graduate, outcome) of every application followed to its end, and every "not for me"."""
    reached: dict[int, set[str]] = defaultdict(set)
    for app_id, state in ApplicationTransition.objects.values_list("application_id", "to_state"):
        reached[app_id].add(state)
    pairs: dict[tuple[str, str], str] = {}
    for app_id, offer_id, graduate_id, state, reason in Application.objects.values_list(
        "pk", "offer_id", "graduate_id", "state", "refusal_reason"
    ):
        outcome = _outcome(state, reached[app_id] | {state}, reason)
        if outcome is not None:
            pairs[(str(offer_id), str(graduate_id))] = outcome
    # A graduate's "not for me" on a suggestion is a dismissal, unless they later applied anyway.
    for offer_id, graduate_id in (
        SuggestionFeedback.objects.filter(kind=SuggestionFeedback.Kind.NOT_FOR_ME)
        .values_list("offer_id", "graduate_id")
        .distinct()
    ):
        pairs.setdefault((str(offer_id), str(graduate_id)), "dismissed")
    return [LabelledPair(offer_id=o, candidate_id=g, outcome=out) for (o, g), out in sorted(pairs.items())]
