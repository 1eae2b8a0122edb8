"""Reads of stored scores, scoped to who asks. Another employer's offer is a 404.

Every read is of the current ranker version's rows: one query whatever the page size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.http import Http404

from backend.accounts.models import User
from employers.models import Offer
from employers.selectors import offer_get_for_user
from graduates.models import Cohort, Graduate
from graduates.selectors import employer_may_browse
from matching.ranker import exposure_rerank

from .models import MatchJudgement, MatchScore, RankerVersion, SuggestionFeedback
from .services.scores import Openings, openings_for_cohort, openings_for_graduate
from .serving import ranker_current

# A pair below this probability is not a "viable" suggestion in the officer's cohort view. None: a
# pair with a real reason is one, whatever its figure — interviews are rare for everybody, and a
# threshold of 0.2 flagged « Aucune suggestion viable » half the demo's digital coaches, whose own
# page lists three to seven offers (the page and the view must tell the same story).
VIABLE_SCORE = 0.0
PER_GRADUATE = 5
# Fewer suggestions than this and the page says why and what would open more.
MIN_SUGGESTIONS = 3


def real_reason(details: dict) -> bool:
    """A suggestion worth reading: a required skill held (or implied by one held) or a close related
    skill, within reach, a contract the person wants (or no preference either side).

    An offer that lists no required skill needs a nice-to-have held instead. The ranker's own
    verdict, when it stored one (``details["real_reason"]``), wins.
    """
    if "real_reason" in details:
        return bool(details["real_reason"])
    return not missing_reasons(details)


def missing_reasons(details: dict) -> list[str]:
    """Why a pair is not worth suggesting: ``skills``, ``distance``, ``contract`` (empty: it is)."""
    out = []
    has_required = bool(details.get("required_matched") or details.get("required_missing"))
    if has_required:
        skills = bool(details.get("required_matched") or details.get("related"))
    else:
        skills = bool(details.get("nice_matched"))
    if not skills:
        out.append("skills")
    if details.get("within_radius") is False and details.get("remote") != "full":
        out.append("distance")
    if details.get("contract_ok") is False:
        out.append("contract")
    return out


def _open_candidacies(*, graduate=None, offer=None):
    from placements.models import Application

    qs = Application.objects.filter(state__in=Application.PENDING)
    if graduate is not None:
        qs = qs.filter(graduate=graduate)
    if offer is not None:
        qs = qs.filter(offer=offer)
    return qs


@dataclass
class Shortfall:
    """Why fewer than ``MIN_SUGGESTIONS`` suggestions passed, and what would open more."""

    shown: int
    in_reach: int | None = None  # offers within reach (distance, contract, dates); None: not counted
    without_reason: int = 0  # of which no required skill held, implied or close
    in_candidacies: int = 0  # left out: a candidacy is open (they are in "Mes candidatures")
    levers: list[str] = field(default_factory=list)  # French sentences: radius, contracts


@dataclass
class SuggestionList:
    items: list[MatchScore]
    shortfall: Shortfall | None = None
    openings: Openings | None = None  # the hint (skills that would open more offers) and the levers


def _standing(items: list[MatchScore], side: str) -> None:
    """Each item's rank in the list and its share of the in-reach list it beats (stored at scoring)."""
    for rank, s in enumerate(items, start=1):
        s.rank = rank
        stored = (s.details or {}).get("standing", {}).get(side) or {}
        s.better_than = stored.get("better_than")
        s.in_reach = stored.get("in_reach")


def suggestions_for_graduate(
    *, graduate: Graduate, limit: int | None = None, openings: bool = True
) -> SuggestionList:
    """The graduate's own suggestions: published offers with a real reason, best first, minus those
    they turned down and those with an open candidacy (they are in "Mes candidatures").

    With ``openings``, the hint; when fewer than ``MIN_SUGGESTIONS`` pass, ``shortfall`` says why
    and what would open more.
    """
    version = ranker_current().version
    turned_down = SuggestionFeedback.objects.filter(
        graduate=graduate, offer=OuterRef("offer"), kind=SuggestionFeedback.Kind.NOT_FOR_ME
    )
    in_progress = set(_open_candidacies(graduate=graduate).values_list("offer_id", flat=True))
    rows = list(
        MatchScore.objects.filter(
            graduate=graduate,
            model_version=version,
            offer__status=Offer.Status.PUBLISHED,
            # A territory offer repeating a partner's own offer is shown once: the partner's.
            offer__duplicate_of__isnull=True,
        )
        .exclude(Exists(turned_down))
        .select_related("offer", "offer__employer", "offer__commune")
        .order_by("-score", "offer_id")
    )
    kept = [r for r in rows if r.offer_id not in in_progress and real_reason(r.details)]
    items = kept[:limit] if limit else kept
    _standing(items, "graduate")
    result = SuggestionList(items=items)
    excluded = sum(1 for r in rows if r.offer_id in in_progress)
    short = len(kept) < MIN_SUGGESTIONS
    if openings:
        result.openings = openings_for_graduate(
            graduate=graduate, short=(len(kept), excluded) if short else None
        )
    if short:
        result.shortfall = Shortfall(shown=len(kept), in_candidacies=excluded)
        found = result.openings.shortfall if result.openings else None
        if found is not None:
            result.shortfall.in_reach = found.n_in_reach
            result.shortfall.without_reason = found.n_in_reach_without_reason
            result.shortfall.levers = result.openings.levers
    return result


def shortlist_for_offer(*, user: User, offer_id: int, limit: int = 20) -> tuple[Offer, list[MatchScore]]:
    """Graduates suggested for an offer, with a real reason and no candidacy open for it (those are
    on the offer's candidacies): employers only for their own offers and only graduates who chose
    to be visible; officers for every offer and every graduate."""
    offer = offer_get_for_user(user=user, offer_id=offer_id)  # 404 for another employer's offer
    version = ranker_current().version
    qs = MatchScore.objects.filter(offer=offer, model_version=version)
    if not user.is_officer:
        if not employer_may_browse(user):
            return offer, []
        qs = qs.filter(
            graduate__visible_to_employers=True, graduate__user__isnull=False, graduate__user__is_active=True
        )
    in_progress = set(_open_candidacies(offer=offer).values_list("graduate_id", flat=True))
    interested = SuggestionFeedback.objects.filter(
        graduate=OuterRef("graduate"), offer=OuterRef("offer"), kind=SuggestionFeedback.Kind.INTERESTED
    )
    rows = [
        r
        for r in qs.annotate(interested=Exists(interested))
        .select_related("graduate", "graduate__cohort", "graduate__commune")
        .order_by("-score", "pk")
        if r.graduate_id not in in_progress and real_reason(r.details)
    ][:limit]
    _standing(rows, "offer")
    return offer, rows


def shortlist_shortfall(*, user: User, offer: Offer, shown: int) -> Shortfall | None:
    """Why an offer's shortlist holds fewer than ``MIN_SUGGESTIONS`` graduates: how many are within
    its reach, how many of them share no required skill (held, implied or close), how many already
    have a candidacy open. Employers' counts cover visible graduates only."""
    if shown >= MIN_SUGGESTIONS or offer.status != Offer.Status.PUBLISHED:
        return None
    from .ranker_bridge import build_matcher, graduates_to_match
    from .serving import ranker_model

    graduates = graduates_to_match(visible_only=not user.is_officer)
    in_progress = [str(g) for g in _open_candidacies(offer=offer).values_list("graduate_id", flat=True)]
    matcher = build_matcher(graduates=graduates, model=ranker_model(ranker_current()))
    result = Shortfall(shown=shown)
    if str(offer.pk) not in matcher.offers.index or not len(matcher.candidates.ids):
        result.in_reach = 0
        return result
    found = matcher.shortlist(
        str(offer.pk), k=MIN_SUGGESTIONS, explain=False, exclude_candidate_ids=in_progress
    )
    if found.shortfall is not None:
        result.in_reach = found.shortfall.n_in_reach
        result.without_reason = found.shortfall.n_in_reach_without_reason
        result.in_candidacies = found.shortfall.n_excluded
    return result


def judgements_of(*, officer: User, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """This officer's grades of the given (offer, graduate) pairs."""
    if not pairs:
        return {}
    offers = {o for o, _g in pairs}
    graduates = {g for _o, g in pairs}
    return {
        (o, g): grade
        for o, g, grade in MatchJudgement.objects.filter(
            officer=officer, offer_id__in=offers, graduate_id__in=graduates
        ).values_list("offer_id", "graduate_id", "grade")
    }


def open_candidacies_count(*, user: User, offer: Offer) -> int:
    """Candidacies in progress for an offer (left out of its shortlist): those the person may see."""
    qs = _open_candidacies(offer=offer)
    if not user.is_officer:
        qs = qs.filter(
            graduate__visible_to_employers=True, graduate__user__isnull=False, graduate__user__is_active=True
        )
    return qs.count()


@dataclass
class CohortMatching:
    cohort: Cohort
    # {"graduate", "viable", "suggestions": [(offer, score)], "hint": SkillOpening | None,
    #  "shortfall": the ranker's Shortfall when no skill would open anything (its wider radius, contracts)}
    rows: list[dict] = field(default_factory=list)
    graduates_without: list[Graduate] = field(default_factory=list)
    offers_without: list[Offer] = field(default_factory=list)
    cap: int = 0


def cohort_matching_view(*, cohort: Cohort, with_hints: bool = True) -> CohortMatching:
    """Exposure-aware suggestions for a cohort: no graduate left with none while a few offers collect
    everyone; graduates with no viable suggestion and offers suggested to nobody are flagged; each
    graduate's hint (the skill that would open the most offers in reach)."""
    version = ranker_current().version
    graduates = list(cohort.graduates.order_by("last_name", "first_name"))
    offers = {
        o.pk: o
        for o in Offer.objects.filter(
            status=Offer.Status.PUBLISHED, duplicate_of__isnull=True
        ).select_related("employer")
    }
    scores: dict[str, list[tuple[str, float]]] = {str(g.pk): [] for g in graduates}
    pairs = MatchScore.objects.filter(
        graduate__cohort=cohort, model_version=version, offer_id__in=list(offers)
    ).values_list("graduate_id", "offer_id", "score", "details")
    in_progress = set(
        _open_candidacies().filter(graduate__cohort=cohort).values_list("graduate_id", "offer_id")
    )
    for graduate_id, offer_id, score, details in pairs:
        # The same rule as the graduate's own list: a real reason, no candidacy already open.
        if (graduate_id, offer_id) in in_progress or not real_reason(details or {}):
            continue
        scores[str(graduate_id)].append((str(offer_id), score))
    view = exposure_rerank(
        scores, per_graduate=PER_GRADUATE, min_score=VIABLE_SCORE, offer_ids=[str(pk) for pk in offers]
    )
    result = CohortMatching(cohort=cohort, cap=view.cap)
    hints = openings_for_cohort(graduate_ids=[g.pk for g in graduates]) if with_hints else {}
    for g in graduates:
        chosen = [(offers[int(o)], s) for o, s in view.suggestions.get(str(g.pk), [])]
        found = hints.get(g.pk)
        result.rows.append(
            {
                "graduate": g,
                "viable": len(chosen),
                "suggestions": chosen,
                "hint": found.hints[0] if found and found.hints else None,
                "shortfall": found.shortfall if found and not found.hints else None,
            }
        )
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
        # A trained candidate waiting for pooled judgements before it may serve, and the last
        # promotion, refusal or replacement (with why).
        "pending": RankerVersion.objects.filter(status=RankerVersion.Status.PENDING).first(),
        "last_decision": RankerVersion.objects.filter(decided_at__isnull=False)
        .exclude(status=RankerVersion.Status.PENDING)
        .order_by("-decided_at", "-pk")
        .first(),
        "versions": list(RankerVersion.objects.all()[:20]),
        "scores": MatchScore.objects.filter(model_version=current.version).count(),
        "feedback": SuggestionFeedback.objects.count(),
        "judgements": MatchJudgement.objects.count(),
    }
