import logging

from backend.accounts.models import User
from backend.core import events
from backend.taxonomy.services import term_candidates_record
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
    profile = ml.analyse_profile(text=text) if text.strip() else None
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


def suggestion_feedback_record(
    *, graduate: Graduate, offer_id: int, kind: str, reason: str = "", by: User | None = None
):
    """Log a graduate's reaction to a suggested offer ("not for me" hides it from their list).

    "Interested" also opens the candidacy (state ``interested``) in placements, where the school and
    the employer follow it; ``by`` is who clicked (the graduate's own account by default).
    """
    from django.db import transaction

    from backend.core.exceptions import ApplicationError
    from placements.services import application_from_interest

    from .models import SuggestionFeedback

    if not Offer.objects.filter(pk=offer_id, status=Offer.Status.PUBLISHED).exists():
        raise ApplicationError(
            "Cette offre n'est plus en ligne.", extra={"offer_id": offer_id}, status_code=404
        )
    if kind not in SuggestionFeedback.Kind.values:
        raise ApplicationError("Avis inconnu.", extra={"kind": kind})
    if reason and reason not in SuggestionFeedback.Reason.values:
        raise ApplicationError("Raison inconnue.", extra={"reason": reason})
    if kind == SuggestionFeedback.Kind.INTERESTED:
        reason = ""
    with transaction.atomic():
        feedback = SuggestionFeedback.objects.create(
            graduate=graduate, offer_id=offer_id, kind=kind, reason=reason
        )
        actor = by or graduate.user
        if kind == SuggestionFeedback.Kind.INTERESTED and actor is not None:
            application_from_interest(graduate=graduate, offer=Offer.objects.get(pk=offer_id), by=actor)
    return feedback


def judgement_record(*, officer: User, offer_id: int, graduate_id: int, grade: str):
    """An officer grades one pair (pertinent / plausible / hors sujet); a second click regrades it.

    The serving model version is recorded with it. Officers only: anyone else is refused (403).
    """
    from django.db import transaction
    from django.utils import timezone

    from backend.core.exceptions import ApplicationError
    from backend.core.services import require_officer

    from .models import MatchJudgement
    from .scoring import ranker_current

    require_officer(officer, "Seul·es les chargé·es d'insertion jugent les suggestions.")
    if grade not in MatchJudgement.Grade.values:
        raise ApplicationError("Jugement inconnu.", extra={"grade": grade})
    if not Offer.objects.filter(pk=offer_id).exists():
        raise ApplicationError("Offre introuvable.", extra={"offer_id": offer_id}, status_code=404)
    if not Graduate.objects.filter(pk=graduate_id).exists():
        raise ApplicationError("Diplômé·e introuvable.", extra={"graduate_id": graduate_id}, status_code=404)
    now = timezone.now()
    with transaction.atomic():
        judgement, _created = MatchJudgement.objects.update_or_create(
            offer_id=offer_id,
            graduate_id=graduate_id,
            officer=officer,
            defaults={"grade": grade, "model_version": ranker_current().version, "updated_at": now},
            create_defaults={
                "grade": grade,
                "model_version": ranker_current().version,
                "created_at": now,
                "updated_at": now,
            },
        )
    return judgement
