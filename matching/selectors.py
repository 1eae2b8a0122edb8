"""Reads of stored scores, scoped to who asks. Another employer's offer is a 404.

Every read is of the current ranker version's rows: one query whatever the page size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from backend.accounts.models import User
from employers.models import Offer
from employers.selectors import offer_get_for_user
from graduates.models import Cohort, Graduate
from graduates.selectors import employer_may_browse
from matching.ranker import exposure_rerank

from .models import MatchScore, RankerVersion, SuggestionFeedback
from .scoring import ranker_current

# A pair below this probability is not a "viable" suggestion in the officer's cohort view.
VIABLE_SCORE = 0.2
PER_GRADUATE = 5


def suggestions_for_graduate(*, graduate: Graduate, limit: int | None = None) -> QuerySet[MatchScore]:
    """The graduate's own suggestions: published offers, best first, minus those they turned down."""
    version = ranker_current().version
    turned_down = SuggestionFeedback.objects.filter(
        graduate=graduate, offer=OuterRef("offer"), kind=SuggestionFeedback.Kind.NOT_FOR_ME
    )
    qs = (
        MatchScore.objects.filter(
            graduate=graduate, model_version=version, offer__status=Offer.Status.PUBLISHED
        )
        .exclude(Exists(turned_down))
        .select_related("offer", "offer__employer", "offer__commune")
        .order_by("-score", "offer_id")
    )
    return qs[:limit] if limit else qs


def shortlist_for_offer(*, user: User, offer_id: int, limit: int = 20) -> tuple[Offer, list[MatchScore]]:
    """Graduates suggested for an offer: employers only for their own offers and only graduates who
    chose to be visible; officers for every offer and every graduate."""
    offer = offer_get_for_user(user=user, offer_id=offer_id)  # 404 for another employer's offer
    version = ranker_current().version
    qs = MatchScore.objects.filter(offer=offer, model_version=version)
    if not user.is_officer:
        if not employer_may_browse(user):
            return offer, []
        qs = qs.filter(
            graduate__visible_to_employers=True, graduate__user__isnull=False, graduate__user__is_active=True
        )
    interested = SuggestionFeedback.objects.filter(
        graduate=OuterRef("graduate"), offer=OuterRef("offer"), kind=SuggestionFeedback.Kind.INTERESTED
    )
    rows = list(
        qs.annotate(interested=Exists(interested))
        .select_related("graduate", "graduate__cohort", "graduate__commune")
        .order_by("-score", "pk")[:limit]
    )
    return offer, rows


@dataclass
class CohortMatching:
    cohort: Cohort
    rows: list[dict] = field(default_factory=list)  # {"graduate", "viable", "suggestions": [(offer, score)]}
    graduates_without: list[Graduate] = field(default_factory=list)
    offers_without: list[Offer] = field(default_factory=list)
    cap: int = 0


def cohort_matching_view(*, cohort: Cohort) -> CohortMatching:
    """Exposure-aware suggestions for a cohort: no graduate left with none while a few offers collect
    everyone; graduates with no viable suggestion and offers suggested to nobody are flagged."""
    version = ranker_current().version
    graduates = list(cohort.graduates.order_by("last_name", "first_name"))
    offers = {o.pk: o for o in Offer.objects.filter(status=Offer.Status.PUBLISHED).select_related("employer")}
    scores: dict[str, list[tuple[str, float]]] = {str(g.pk): [] for g in graduates}
    pairs = MatchScore.objects.filter(
        graduate__cohort=cohort, model_version=version, offer_id__in=list(offers)
    ).values_list("graduate_id", "offer_id", "score")
    for graduate_id, offer_id, score in pairs:
        scores[str(graduate_id)].append((str(offer_id), score))
    view = exposure_rerank(
        scores, per_graduate=PER_GRADUATE, min_score=VIABLE_SCORE, offer_ids=[str(pk) for pk in offers]
    )
    result = CohortMatching(cohort=cohort, cap=view.cap)
    for g in graduates:
        chosen = [(offers[int(o)], s) for o, s in view.suggestions.get(str(g.pk), [])]
        result.rows.append({"graduate": g, "viable": len(chosen), "suggestions": chosen})
        if not chosen:
            result.graduates_without.append(g)
    result.offers_without = [offers[int(o)] for o in view.offers_without if int(o) in offers]
    return result


def cohort_get_for_officer(*, user: User, cohort_id: int) -> Cohort:
    if not (user.is_authenticated and user.is_officer):
        raise Http404
    cohort = Cohort.objects.filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404
    return cohort


def ranker_health() -> dict:
    """The serving version and its history, for the officer's health page."""
    current = ranker_current()
    return {
        "current": current,
        "versions": list(RankerVersion.objects.all()[:20]),
        "scores": MatchScore.objects.filter(model_version=current.version).count(),
        "feedback": SuggestionFeedback.objects.count(),
    }
