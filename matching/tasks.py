"""Thin Celery wrappers: ids and a version in, a service call, safe to run twice."""

from celery import shared_task
from celery.signals import worker_init
from django.db import InterfaceError, OperationalError

from . import services

TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
# Retry only what a second try can fix (database or broker hiccups), with backoff.
RETRY_TRANSIENT = {
    "autoretry_for": TRANSIENT,
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 5,
}


@shared_task(
    name="nlp.extract_offer",
    **RETRY_TRANSIENT,
    soft_time_limit=60,
    time_limit=90,
)
def extract_offer(*, offer_id: int, content_hash: str) -> bool:
    return services.offer_analyse(offer_id=offer_id, content_hash=content_hash)


@shared_task(
    name="nlp.extract_profile",
    **RETRY_TRANSIENT,
    soft_time_limit=60,
    time_limit=90,
)
def extract_profile(*, graduate_id: int, content_hash: str) -> int:
    return services.graduate_analyse(graduate_id=graduate_id, content_hash=content_hash)


@shared_task(name="nlp.sweep_stale_offers", soft_time_limit=240, time_limit=300)
def sweep_stale_offers(*, batch_size: int = 500) -> int:
    """Re-enqueue offers and profiles whose analysis is missing or stale (a lost announcement only
    delays work)."""
    stale = services.offers_stale_analysis(limit=batch_size)
    for offer_id, content_hash in stale:
        extract_offer.delay(offer_id=offer_id, content_hash=content_hash)
    profiles = services.graduates_stale_analysis(limit=batch_size)
    for graduate_id, content_hash in profiles:
        extract_profile.delay(graduate_id=graduate_id, content_hash=content_hash)
    return len(stale) + len(profiles)


@worker_init.connect
def _load_pipeline_before_fork(**kwargs) -> None:
    """Workers of the nlp queue share the loaded pipeline with the processes they fork."""
    from .nlp_bridge import warm_up

    warm_up()


# ---------------------------------------------------------------- scoring and learning (matching queue)


@shared_task(
    name="matching.score_offer",
    **RETRY_TRANSIENT,
    soft_time_limit=120,
    time_limit=180,
)
def score_offer(*, offer_id: int) -> int:
    """Upsert an offer's top pairs under the current ranker version (safe to run twice)."""
    from .services import scores

    return scores.scores_refresh_for_offer(offer_id=offer_id)


@shared_task(
    name="matching.score_graduate",
    **RETRY_TRANSIENT,
    soft_time_limit=120,
    time_limit=180,
)
def score_graduate(*, graduate_id: int) -> int:
    """Upsert a graduate's top pairs under the current ranker version (safe to run twice)."""
    from .services import scores

    return scores.scores_refresh_for_graduate(graduate_id=graduate_id)


@shared_task(
    name="matching.score_region",
    **RETRY_TRANSIENT,
    soft_time_limit=60,
    time_limit=90,
)
def score_region(
    *, chunk_size: int | None = None, offer_chunk_size: int | None = None, top: int | None = None
) -> dict:
    """Score every graduate against every published offer: a chord of ``matching.score_chunk`` (one
    per chunk of graduates) and ``matching.score_offer_chunk`` (one per chunk of offers) whose
    callback ``matching.merge_region`` keeps each offer's exact top pairs.

    Needs a result backend (the chord collects the chunks' small results). Safe to run twice.
    """
    from celery import chord

    from .services import scores

    plan = scores.region_plan(
        chunk_size=chunk_size or scores.REGION_CHUNK,
        offer_chunk_size=offer_chunk_size or scores.REGION_OFFER_CHUNK,
    )
    common = {
        "model_version": plan.model_version,
        "snapshot": plan.snapshot,
        "top": top or scores.TOP_PER_SIDE,
    }
    header = [score_chunk.s(graduate_ids=ids, **common) for ids in plan.chunks]
    header += [score_offer_chunk.s(offer_ids=ids, **common) for ids in plan.offer_chunks]
    if header:
        chord(header)(merge_region.s(**common))
    else:
        merge_region.delay([], **common)
    return {
        "model_version": plan.model_version,
        "snapshot": plan.snapshot,
        "chunks": len(plan.chunks),
        "offer_chunks": len(plan.offer_chunks),
        "graduates": sum(len(ids) for ids in plan.chunks),
    }


@shared_task(
    name="matching.score_chunk",
    ignore_result=False,  # the chord's merge reads it
    **RETRY_TRANSIENT,
    soft_time_limit=600,
    time_limit=660,
)
def score_chunk(*, graduate_ids: list[int], model_version: str, snapshot: str, top: int) -> dict:
    """Upsert a chunk of graduates' top pairs; park the offers' partial lists (safe to run twice)."""
    from .services import scores

    return scores.region_score_chunk(
        graduate_ids=graduate_ids, model_version=model_version, snapshot=snapshot, top=top
    )


@shared_task(
    name="matching.score_offer_chunk",
    ignore_result=False,  # the chord's merge reads it
    **RETRY_TRANSIENT,
    soft_time_limit=600,
    time_limit=660,
)
def score_offer_chunk(*, offer_ids: list[int], model_version: str, snapshot: str, top: int) -> dict:
    """Park a chunk of offers' lists (retrieved from the offers' side) for the merge (safe to run twice)."""
    from .services import scores

    return scores.region_score_offer_chunk(
        offer_ids=offer_ids, model_version=model_version, snapshot=snapshot, top=top
    )


@shared_task(
    name="matching.merge_region",
    **RETRY_TRANSIENT,
    soft_time_limit=1800,
    time_limit=1900,
)
def merge_region(results: list[dict], *, model_version: str, snapshot: str, top: int) -> dict:
    """Chord callback: each offer's exact top pairs from the chunks' partial lists, stale rows deleted."""
    from .services import scores

    return scores.region_merge(results=results, model_version=model_version, snapshot=snapshot, top=top)


@shared_task(
    name="matching.retrain",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=2,
    soft_time_limit=1800,
    time_limit=2000,
)
def retrain() -> dict:
    """Decide the pending candidate on the pooled judgements, then train on logged outcomes, evaluate
    on held-out offers, promote only if better (pending until enough pooled pairs are judged)."""
    from .services import retraining

    report = retraining.ranker_retrain(wet_run=True)
    return {
        "outcomes": report.n_outcomes,
        "trained": report.trained,
        "promoted": report.promoted,
        "pending": report.pending,
        "decided": report.decided,
    }
