"""Scoring services: compute an offer's or a graduate's pairs with the current ranker and upsert them.

Every write is keyed by (offer, graduate, model version): running a refresh twice leaves the same
rows; a new model version writes new rows and leaves the old ones to its predecessor.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from employers.models import Offer
from graduates.models import Graduate
from matching.ranker import Matcher, Suggestion, build_prior, load_model, prior_card
from matching.ranker.explain import pair_details, reasons_fr, summary_fr

from . import ranking
from .models import MatchScore, RankerVersion

logger = logging.getLogger(__name__)

# Pairs kept per offer and per graduate: far more than any page shows, few enough to stay cheap.
# A refresh from one side also rescores the pairs the other side kept, as long as the pair still
# passes retrieval (distance, contract, availability), so neither side erases the other's rows.
TOP_PER_SIDE = 50

_models: dict[str, object] = {}


def ranker_current() -> RankerVersion:
    """The serving version; the documented prior is recorded (and serves) on first use."""
    current = RankerVersion.objects.filter(is_current=True).first()
    if current is not None:
        return current
    card = prior_card()
    with transaction.atomic():
        version, _created = RankerVersion.objects.get_or_create(
            version=card.version,
            defaults={"is_prior": True, "n_outcomes": 0, "metrics": card.metrics},
        )
        if not RankerVersion.objects.select_for_update().filter(is_current=True).exists():
            RankerVersion.objects.filter(pk=version.pk).update(is_current=True)
            version.is_current = True
    return version


def ranker_model(version: RankerVersion):
    """The model of a version (the prior is rebuilt, a trained one loaded once per process)."""
    if version.version not in _models:
        if version.is_prior:
            _models[version.version] = build_prior()
        else:
            path = Path(version.artefact_path)
            if not path.is_absolute():
                path = Path(settings.BASE_DIR) / path
            _models[version.version], _card = load_model(path)
    return _models[version.version]


def _explained(matcher: Matcher, s: Suggestion) -> tuple[dict, dict]:
    offer = matcher.offers.docs[matcher.offers.index[s.offer_id]]
    cand = matcher.candidates.docs[matcher.candidates.index[s.candidate_id]]
    d = pair_details(offer, cand, matcher.graph, s.details.get("distance_km"))
    reasons = {
        "summary": summary_fr(d),
        "graduate": reasons_fr(d, matcher.graph, cand, audience="graduate"),
        "employer": reasons_fr(d, matcher.graph, cand, audience="employer"),
    }
    details = d.to_dict()
    details["skill_labels"] = {
        sid: matcher.graph.label(sid) for sid in (*d.required_matched, *d.required_missing, *d.nice_matched)
    }
    return reasons, details


def _upsert(
    matcher: Matcher, suggestions: list[Suggestion], version: str, *, offer_id=None, graduate_id=None
) -> int:
    now = timezone.now()
    rows = []
    for s in suggestions:
        reasons, details = _explained(matcher, s)
        rows.append(
            MatchScore(
                offer_id=int(s.offer_id),
                graduate_id=int(s.candidate_id),
                model_version=version,
                score=min(1.0, max(0.0, float(s.score))),
                reasons=reasons,
                details=details,
                computed_at=now,
            )
        )
    with transaction.atomic():
        stale = MatchScore.objects.filter(model_version=version)
        if offer_id is not None:
            stale = stale.filter(offer_id=offer_id).exclude(graduate_id__in=[r.graduate_id for r in rows])
        else:
            stale = stale.filter(graduate_id=graduate_id).exclude(offer_id__in=[r.offer_id for r in rows])
        stale.delete()
        MatchScore.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["offer", "graduate", "model_version"],
            update_fields=["score", "reasons", "details", "computed_at"],
        )
    return len(rows)


def _matcher(version: RankerVersion) -> Matcher:
    # Always every published offer and every graduate: the text and skill weights are fitted on the
    # whole corpus, so a pair scores the same whichever side asked for it.
    return ranking.build_matcher(model=ranker_model(version))


def _score_offer(matcher: Matcher, version: str, offer_id: int) -> int:
    if str(offer_id) not in matcher.offers.index:
        # A closed, filled or expired offer is suggested to nobody any more.
        MatchScore.objects.filter(offer_id=offer_id, model_version=version).delete()
        return 0
    retrieved = matcher.shortlist(str(offer_id), k=matcher.retrieve_n) if len(matcher.candidates.ids) else []
    existing = {
        str(g)
        for g in MatchScore.objects.filter(offer_id=offer_id, model_version=version).values_list(
            "graduate_id", flat=True
        )
    }
    kept = [s for i, s in enumerate(retrieved) if i < TOP_PER_SIDE or s.candidate_id in existing]
    return _upsert(matcher, kept, version, offer_id=offer_id)


def _score_graduate(matcher: Matcher, version: str, graduate_id: int) -> int:
    if str(graduate_id) not in matcher.candidates.index:
        MatchScore.objects.filter(graduate_id=graduate_id, model_version=version).delete()
        return 0
    retrieved = (
        matcher.suggest_offers(str(graduate_id), k=matcher.retrieve_n) if len(matcher.offers.ids) else []
    )
    existing = {
        str(o)
        for o in MatchScore.objects.filter(graduate_id=graduate_id, model_version=version).values_list(
            "offer_id", flat=True
        )
    }
    kept = [s for i, s in enumerate(retrieved) if i < TOP_PER_SIDE or s.offer_id in existing]
    return _upsert(matcher, kept, version, graduate_id=graduate_id)


def scores_refresh_for_offer(*, offer_id: int) -> int:
    """Score one offer against every graduate and keep its top pairs (idempotent)."""
    version = ranker_current()
    if not Offer.objects.filter(pk=offer_id, status=Offer.Status.PUBLISHED).exists():
        MatchScore.objects.filter(offer_id=offer_id, model_version=version.version).delete()
        return 0
    count = _score_offer(_matcher(version), version.version, offer_id)
    logger.debug("offer %s scored: %d pairs (%s)", offer_id, count, version.version)
    return count


def scores_refresh_for_graduate(*, graduate_id: int) -> int:
    """Score one graduate against every published offer and keep their top pairs (idempotent)."""
    version = ranker_current()
    if not Graduate.objects.filter(pk=graduate_id).exists():
        return 0
    count = _score_graduate(_matcher(version), version.version, graduate_id)
    logger.debug("graduate %s scored: %d pairs (%s)", graduate_id, count, version.version)
    return count


def scores_refresh_all() -> dict[str, int]:
    """Score every published offer and every graduate with one matcher (after a promotion, for the demo)."""
    version = ranker_current()
    matcher = _matcher(version)
    pairs = 0
    for graduate_id in matcher.candidates.ids:
        pairs += _score_graduate(matcher, version.version, int(graduate_id))
    for offer_id in matcher.offers.ids:
        pairs += _score_offer(matcher, version.version, int(offer_id))
    # Offers no longer published keep no rows under the serving version.
    MatchScore.objects.filter(model_version=version.version).exclude(
        offer__status=Offer.Status.PUBLISHED
    ).delete()
    return {"offers": len(matcher.offers.ids), "graduates": len(matcher.candidates.ids), "pairs": pairs}


def skill_openings_for_graduate(*, graduate: Graduate, top: int = 3) -> list[str]:
    """``Docker vous ouvrirait 14 offres de plus à moins de 30 km``: what would raise the suggestions."""
    graduates = ranking.graduates_to_match().filter(pk=graduate.pk)
    # Openings depend on offers only (and this graduate): no need to fit on every profile.
    matcher = ranking.build_matcher(graduates=graduates, model=ranker_model(ranker_current()))
    if len(matcher.offers.ids) == 0 or str(graduate.pk) not in matcher.candidates.index:
        return []
    return [o.text for o in matcher.skill_openings(str(graduate.pk), top=top)]
