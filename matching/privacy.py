"""The matching app's share of a graduate's personal data (see graduates.privacy): her scores against
offers with their reasons, her reactions to suggestions and the school's judgements of her pairs.
All are derived from her profile, so erasure deletes them."""

from graduates.models import Graduate
from graduates.privacy import DataSource, register

from .models import MatchJudgement, MatchScore, SuggestionFeedback


def _export(graduate: Graduate) -> dict:
    scores = MatchScore.objects.filter(graduate=graduate).select_related("offer", "offer__employer")
    return {
        "scores": [
            {
                "offer": s.offer.title,
                "employer": s.offer.employer.name,
                "score": round(s.score, 4),
                "model_version": s.model_version,
                "reasons": s.reasons.get("graduate", []),
                "computed_at": s.computed_at,
            }
            for s in scores.order_by("-score", "pk")
        ],
        "suggestion_feedback": [
            {"offer": f.offer.title, "kind": f.kind, "reason": f.reason, "at": f.at}
            for f in SuggestionFeedback.objects.filter(graduate=graduate)
            .select_related("offer")
            .order_by("at")
        ],
        "school_judgements": [
            {"offer": j.offer.title, "grade": j.grade, "at": j.updated_at}
            for j in MatchJudgement.objects.filter(graduate=graduate).select_related("offer").order_by("pk")
        ],
    }


def _erase(graduate: Graduate) -> dict[str, int]:
    return {
        "scores": MatchScore.objects.filter(graduate=graduate).delete()[0],
        "suggestion_feedback": SuggestionFeedback.objects.filter(graduate=graduate).delete()[0],
        "school_judgements": MatchJudgement.objects.filter(graduate=graduate).delete()[0],
    }


register(DataSource(name="matching", export=_export, erase=_erase))
