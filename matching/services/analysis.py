"""Reading texts: an offer's or a profile's skills and facts from the NLP pipeline, stored through
the owning app's services; the stale ones found for the sweep."""

import logging

from backend.core import events
from backend.taxonomy.services import term_candidates_record
from employers.models import Offer
from employers.services import offer_analysis_apply
from graduates.models import Graduate
from graduates.selectors import graduate_list_to_analyse
from graduates.services import graduate_skills_apply_extracted

from .. import nlp_bridge

logger = logging.getLogger(__name__)


def offer_analyse(*, offer_id: int, content_hash: str) -> bool:
    """Run the NLP pipeline on one offer's current text and store the result (idempotent)."""
    offer = (
        Offer.objects.filter(pk=offer_id)
        .only("title", "description", "content_hash", "analysed_hash")
        .first()
    )
    if offer is None or offer.content_hash != content_hash or offer.analysed_hash == content_hash:
        return False
    analysis = nlp_bridge.analyse_offer_text(title=offer.title, text=offer.description)
    applied = offer_analysis_apply(
        offer_id=offer_id, content_hash=content_hash, skills=analysis.skills, facts=analysis.facts
    )
    if applied:
        _record_unmatched(source="offer", source_id=offer_id, terms=analysis.unmatched)
    logger.debug("offer %s analysed: %d skills, applied=%s", offer_id, len(analysis.skills), applied)
    if applied:
        _enqueue_scoring(offer_id=offer_id)
    return applied


def _record_unmatched(*, source: str, source_id: int, terms: list[dict]) -> None:
    """Candidate new skills for the officers' page; never fails the analysis that read them."""
    try:
        term_candidates_record(source=source, source_id=source_id, terms=terms)
    except Exception:
        logger.exception("unmatched terms of %s %s not recorded", source, source_id)


def offers_stale_analysis(*, limit: int = 500) -> list[tuple[int, str]]:
    """Offers whose analysed content is not their current content (the outbox)."""
    from django.db.models import F

    return list(
        Offer.objects.exclude(analysed_hash=F("content_hash"))
        .exclude(content_hash="")
        .order_by("updated_at")
        .values_list("pk", "content_hash")[:limit]
    )


def graduate_profile_text(graduate: Graduate) -> str:
    """What the pipeline reads of a profile: the CV, the presentation and the training projects."""
    parts = [graduate.cv_text, graduate.presentation]
    parts += [f"{p.title}. {p.description}" for p in graduate.projects.all()]
    return "\n\n".join(part for part in parts if part)


def graduate_analyse(*, graduate_id: int, content_hash: str) -> int:
    """Propose the skills a graduate's CV and projects show (idempotent by content hash)."""
    graduate = Graduate.objects.filter(pk=graduate_id).prefetch_related("projects").first()
    if graduate is None or graduate.content_hash != content_hash or graduate.analysed_hash == content_hash:
        return 0
    text = graduate_profile_text(graduate)
    profile = nlp_bridge.analyse_profile(text=text) if text.strip() else None
    skills = profile.skills if profile else []
    created = graduate_skills_apply_extracted(
        graduate_id=graduate_id, content_hash=content_hash, skills=skills
    )
    _record_unmatched(source="profile", source_id=graduate_id, terms=profile.unmatched if profile else [])
    logger.debug("graduate %s analysed: %d skills read, %d new proposals", graduate_id, len(skills), created)
    _enqueue_scoring(graduate_id=graduate_id)
    return created


def _enqueue_scoring(*, offer_id: int | None = None, graduate_id: int | None = None) -> None:
    """Skills changed: announce it, and ``matching.apps`` scores the offer or the profile again once
    the analysis is committed (a service never imports the tasks that call it)."""
    if offer_id is not None:
        events.publish("offer.analysed", offer_id=offer_id)
    if graduate_id is not None:
        events.publish("profile.analysed", graduate_id=graduate_id)


def graduates_stale_analysis(*, limit: int = 500) -> list[tuple[int, str]]:
    return [(g.pk, g.content_hash) for g in graduate_list_to_analyse(batch_size=limit)]
