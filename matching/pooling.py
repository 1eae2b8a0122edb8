"""The pooled judgement queue: pairs from the serving model's and its candidate's top 10.

Judgements made on a shortlist or a graduate's suggestions only see what the serving model shows. To
compare a candidate with it on the whole region, officers judge a **pool** (docs/ranker.md,
*Promotion*): for a sample of published offers and of graduates, the top ``POOL_K`` of the serving
version and of its candidate (the pending one, waiting for these judgements before it may serve; with
none, the newest other version), merged and shuffled, so that nobody sees which model proposed a pair. A judgement
made from the queue stores the versions that proposed it (``MatchJudgement.proposed_by``); the
promotion rule scores both models on the same pooled, judged pairs.

The pool is computed once per (serving, candidate, day) and cached; the queue is the pool minus the
pairs the officer has already judged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import random
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from employers.models import Offer
from graduates.models import Graduate
from matching.ranker import Judgement
from matching.ranker.explain import pair_details, reasons_fr, summary_fr
from matching.ranker.features import pair_distance
from matching.ranker.pooling import POOL_K, pool_top_k, pooled_metrics
from matching.ranker.training import MIN_POOLED_TO_GATE

from . import ranker_bridge
from .models import MatchJudgement, RankerVersion
from .serving import ranker_current, ranker_model

logger = logging.getLogger(__name__)

POOL_OFFERS = 10  # published offers sampled per pool
POOL_GRADUATES = 10  # graduates sampled per pool
QUEUE_PAGE = 10  # pairs shown at once
CACHE_SECONDS = 24 * 60 * 60


@dataclass
class PoolPair:
    offer_id: int
    graduate_id: int
    proposed_by: tuple[str, ...]
    summary: str = ""
    reasons: list[str] = field(default_factory=list)  # the officer's (employer-side) wording
    details: dict = field(default_factory=dict)  # the pair's plain facts (``PairDetails.to_dict``)


@dataclass
class Pool:
    serving: str
    candidate: str | None
    pairs: list[PoolPair] = field(default_factory=list)  # shuffled: the order says nothing of the model

    def proposed_by(self, offer_id: int, graduate_id: int) -> tuple[str, ...] | None:
        for p in self.pairs:
            if p.offer_id == offer_id and p.graduate_id == graduate_id:
                return p.proposed_by
        return None


def pool_versions() -> tuple[RankerVersion, RankerVersion | None]:
    """The serving version and the one it is compared with: the pending candidate (a trained model
    waiting for these judgements before it may serve), else the newest other version."""
    serving = ranker_current()
    candidate = (
        RankerVersion.objects.filter(status=RankerVersion.Status.PENDING).exclude(pk=serving.pk).first()
        or RankerVersion.objects.exclude(pk=serving.pk).order_by("-created_at", "-pk").first()
    )
    return serving, candidate


def _pool_key(serving: RankerVersion, candidate: RankerVersion | None) -> str:
    # Stable for the day: an offer edited or published meanwhile does not reshuffle the queue under
    # the officers' clicks (it enters tomorrow's pool). The database's name keeps two databases
    # sharing one cache (tests, a demo) apart.
    state = (
        f"{connection.settings_dict.get('NAME')}|{serving.version}|"
        f"{candidate.version if candidate else ''}|{timezone.localdate()}"
    )
    return "matching:pool:" + hashlib.sha256(state.encode()).hexdigest()


def _still_there(pool: Pool) -> bool:
    """Whether every offer and graduate of a cached pool still exists (a reset demo recreates them)."""
    offers = {p.offer_id for p in pool.pairs}
    graduates = {p.graduate_id for p in pool.pairs}
    return Offer.objects.filter(pk__in=offers).count() == len(offers) and Graduate.objects.filter(
        pk__in=graduates
    ).count() == len(graduates)


def current_pool(*, use_cache: bool = True) -> Pool:
    """Today's pool of the serving version and its candidate (cached)."""
    serving, candidate = pool_versions()
    key = _pool_key(serving, candidate)
    if use_cache and (hit := cache.get(key)) is not None and _still_there(hit):
        return hit
    pool = build_pool(serving, candidate)
    cache.set(key, pool, CACHE_SECONDS)
    return pool


def build_pool(
    serving: RankerVersion, candidate: RankerVersion | None, *, day: dt.date | None = None
) -> Pool:
    """Sample offers and graduates (seeded by the versions and the day), merge both models' top
    ``POOL_K`` for each, explain every pair and shuffle them."""
    pool = Pool(serving=serving.version, candidate=candidate.version if candidate else None)
    seed = f"{pool.serving}|{pool.candidate}|{day or timezone.localdate()}"
    rng = random.Random(hashlib.sha256(seed.encode()).hexdigest())
    offer_pks = sorted(Offer.objects.filter(status=Offer.Status.PUBLISHED).values_list("pk", flat=True))
    graduate_pks = sorted(Graduate.objects.values_list("pk", flat=True))
    if not offer_pks or not graduate_pks:
        return pool
    offers = rng.sample(offer_pks, min(POOL_OFFERS, len(offer_pks)))
    graduates = rng.sample(graduate_pks, min(POOL_GRADUATES, len(graduate_pks)))
    models = {serving.version: ranker_model(serving)}
    if candidate is not None:
        models[candidate.version] = ranker_model(candidate)
    matcher = ranker_bridge.build_matcher(model=models[serving.version])
    found = pool_top_k(
        matcher,
        models,
        offer_ids=[str(o) for o in offers],
        candidate_ids=[str(g) for g in graduates],
        k=POOL_K,
    )
    for p in found:
        o, c = matcher.offers.index[p.offer_id], matcher.candidates.index[p.candidate_id]
        cand = matcher.candidates.docs[c]
        # The officer judges the pair with its distance, as on the shortlist (not « lieu non précisé »).
        km = float(pair_distance(matcher.offers, np.array([o]), matcher.candidates, np.array([c]))[0])
        d = pair_details(matcher.offers.docs[o], cand, matcher.graph, km, today=matcher.today)
        pool.pairs.append(
            PoolPair(
                offer_id=int(p.offer_id),
                graduate_id=int(p.candidate_id),
                proposed_by=p.proposed_by,
                summary=summary_fr(d, matcher.graph),
                reasons=reasons_fr(d, matcher.graph, cand, audience="employer"),
                details=d.to_dict(),
            )
        )
    rng.shuffle(pool.pairs)
    return pool


@dataclass
class QueueItem:
    pair: PoolPair
    offer: Offer
    graduate: Graduate


@dataclass
class Queue:
    items: list[QueueItem]
    n_pool: int  # pairs in today's pool
    n_left: int  # of them, not judged by this officer yet


def judgement_queue(*, officer, limit: int = QUEUE_PAGE) -> Queue:
    """The pairs of today's pool this officer has not judged yet (from any page), ``limit`` at a time."""
    pool = current_pool()
    judged = set(MatchJudgement.objects.filter(officer=officer).values_list("offer_id", "graduate_id"))
    left = [p for p in pool.pairs if (p.offer_id, p.graduate_id) not in judged]
    shown = left[:limit]
    offers = Offer.objects.select_related("employer", "commune").in_bulk([p.offer_id for p in shown])
    graduates = Graduate.objects.select_related("cohort", "commune").in_bulk([p.graduate_id for p in shown])
    items = [
        QueueItem(p, offers[p.offer_id], graduates[p.graduate_id])
        for p in shown
        if p.offer_id in offers and p.graduate_id in graduates
    ]
    return Queue(items=items, n_pool=len(pool.pairs), n_left=len(left))


# --------------------------------------------------------------------------- the ranker page's view


@dataclass
class PooledComparison:
    """Serving version against its candidate on the pooled judgements, as the promotion rule reads it."""

    serving: str
    candidate: str | None
    n_judgements: int = 0  # pooled judgements (every officer)
    n_pairs: int = 0  # distinct judged pairs both models were scored on
    min_pairs: int = MIN_POOLED_TO_GATE
    serving_ndcg: float | None = None
    candidate_ndcg: float | None = None
    candidate_status: str | None = None  # RankerVersion.Status of the candidate ("pending": it waits)

    @property
    def enough(self) -> bool:
        return self.n_pairs >= self.min_pairs

    @property
    def pending(self) -> bool:
        """The candidate is a trained model waiting for these judgements before it may serve."""
        return self.candidate_status == RankerVersion.Status.PENDING

    @property
    def n_left(self) -> int:
        """Pooled pairs still to judge before the promotion rule reads them."""
        return max(0, self.min_pairs - self.n_pairs)

    @property
    def candidate_worse(self) -> bool | None:
        if self.serving_ndcg is None or self.candidate_ndcg is None:
            return None
        return self.candidate_ndcg < self.serving_ndcg


def pooled_judgements() -> list[Judgement]:
    """The judgements made from the queue (they carry the versions that proposed the pair)."""
    from .judgements import judgements_for_ranker

    return [j for j in judgements_for_ranker() if j.proposed_by]


def _number(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def pooled_comparison(*, use_cache: bool = True) -> PooledComparison:
    """nDCG@10 of the serving version and of its candidate on every pooled judgement (cached until a
    judgement or a version changes)."""
    from .judgements import _models_of, _state_key

    serving, candidate = pool_versions()
    key = _state_key("pooled")
    if use_cache and (hit := cache.get(key)) is not None:
        return hit
    out = PooledComparison(
        serving=serving.version,
        candidate=candidate.version if candidate else None,
        candidate_status=candidate.status if candidate else None,
    )
    judged = pooled_judgements()
    out.n_judgements = len(judged)
    if judged:
        matcher = ranker_bridge.build_matcher(also_offer_ids={int(j.offer_id) for j in judged})
        for version, model in _models_of([v for v in (serving, candidate) if v is not None]):
            m = pooled_metrics(matcher, judged, model)
            out.n_pairs = int(m["n_pooled"])
            if version.pk == serving.pk:
                out.serving_ndcg = _number(m["ndcg@10_pooled"])
            else:
                out.candidate_ndcg = _number(m["ndcg@10_pooled"])
    cache.set(key, out, 60 * 60)
    return out
