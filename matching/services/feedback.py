"""What people say about suggestions: a graduate's reaction, an officer's judgement of a pair."""

from backend.accounts.models import User
from employers.models import Offer
from graduates.models import Graduate


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

    from ..models import SuggestionFeedback

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


def judgement_record(*, officer: User, offer_id: int, graduate_id: int, grade: str, pooled: bool = False):
    """An officer grades one pair (pertinent / plausible / hors sujet); a second click regrades it.

    The serving model version is recorded with it. Officers only: anyone else is refused (403).
    ``pooled``: judged from the pooled queue; the pair must be in today's pool, and the versions
    that proposed it (read from the pool, never from the request) are stored in ``proposed_by``.
    """
    from django.db import transaction
    from django.utils import timezone

    from backend.core.exceptions import ApplicationError
    from backend.core.services import require_officer

    from ..models import MatchJudgement
    from ..serving import ranker_current

    require_officer(officer, "Seul·es les chargé·es d'insertion jugent les suggestions.")
    if grade not in MatchJudgement.Grade.values:
        raise ApplicationError("Jugement inconnu.", extra={"grade": grade})
    if not Offer.objects.filter(pk=offer_id).exists():
        raise ApplicationError("Offre introuvable.", extra={"offer_id": offer_id}, status_code=404)
    if not Graduate.objects.filter(pk=graduate_id).exists():
        raise ApplicationError("Diplômé·e introuvable.", extra={"graduate_id": graduate_id}, status_code=404)
    extra = {}
    if pooled:
        from ..pooling import current_pool

        proposed = current_pool().proposed_by(offer_id, graduate_id)
        if proposed is None:
            raise ApplicationError(
                "Cette paire ne fait plus partie de la file à juger : rechargez la page pour la suite.",
                extra={"offer_id": offer_id, "graduate_id": graduate_id},
                status_code=409,
            )
        extra["proposed_by"] = list(proposed)
    now = timezone.now()
    with transaction.atomic():
        judgement, _created = MatchJudgement.objects.update_or_create(
            offer_id=offer_id,
            graduate_id=graduate_id,
            officer=officer,
            # A regrade from a shortlist keeps the versions a queue judgement recorded.
            defaults={"grade": grade, "model_version": ranker_current().version, "updated_at": now, **extra},
            create_defaults={
                "grade": grade,
                "model_version": ranker_current().version,
                "created_at": now,
                "updated_at": now,
                **extra,
            },
        )
    return judgement
