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
    from .ml import warm_up

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
    from . import scoring

    return scoring.scores_refresh_for_offer(offer_id=offer_id)


@shared_task(
    name="matching.score_graduate",
    **RETRY_TRANSIENT,
    soft_time_limit=120,
    time_limit=180,
)
def score_graduate(*, graduate_id: int) -> int:
    """Upsert a graduate's top pairs under the current ranker version (safe to run twice)."""
    from . import scoring

    return scoring.scores_refresh_for_graduate(graduate_id=graduate_id)


@shared_task(
    name="matching.retrain",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=2,
    soft_time_limit=1800,
    time_limit=2000,
)
def retrain() -> dict:
    """Train on logged outcomes, evaluate on held-out offers, promote only if better."""
    from . import training

    report = training.ranker_retrain(wet_run=True)
    return {"outcomes": report.n_outcomes, "trained": report.trained, "promoted": report.promoted}
