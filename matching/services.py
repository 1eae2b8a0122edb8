import logging

from employers.models import Offer
from employers.services import offer_analysis_apply
from graduates.models import Graduate
from graduates.selectors import graduate_list_to_analyse
from graduates.services import graduate_skills_apply_extracted

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
    logger.debug("offer %s analysed: %d skills, applied=%s", offer_id, len(analysis.skills), applied)
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
    skills = ml.analyse_profile_text(text=text) if text.strip() else []
    created = graduate_skills_apply_extracted(
        graduate_id=graduate_id, content_hash=content_hash, skills=skills
    )
    logger.debug("graduate %s analysed: %d skills read, %d new proposals", graduate_id, len(skills), created)
    return created


def graduates_stale_analysis(*, limit: int = 500) -> list[tuple[int, str]]:
    return [(g.pk, g.content_hash) for g in graduate_list_to_analyse(batch_size=limit)]
