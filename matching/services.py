import logging

from employers.models import Offer
from employers.services import offer_analysis_apply

from . import ml

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
    analysis = ml.analyse_offer_text(title=offer.title, text=offer.description)
    applied = offer_analysis_apply(
        offer_id=offer_id, content_hash=content_hash, skills=analysis.skills, facts=analysis.facts
    )
    logger.info("offer %s analysed: %d skills, applied=%s", offer_id, len(analysis.skills), applied)
    return applied


def offers_stale_analysis(*, limit: int = 500) -> list[tuple[int, str]]:
    """Offers whose analysed content is not their current content (the outbox)."""
    from django.db.models import F

    return list(
        Offer.objects.exclude(analysed_hash=F("content_hash"))
        .exclude(content_hash="")
        .order_by("updated_at")
        .values_list("pk", "content_hash")[:limit]
    )
