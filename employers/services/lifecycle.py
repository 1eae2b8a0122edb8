"""An offer's moves through ``Offer.TRANSITIONS``: submit, moderation, refresh, expiry."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core import events
from backend.core.exceptions import ApplicationError, ConflictError

from ..models import Offer
from .offers import _log, _validate_offer


def offer_transition(*, offer: Offer, transition: str, by: User | None, reason: str = "") -> Offer:
    """Apply one named transition of ``Offer.TRANSITIONS``, logged in the same transaction."""
    if transition not in Offer.TRANSITIONS:
        raise ApplicationError(_("Action inconnue : %(t)s") % {"t": transition})
    move = Offer.TRANSITIONS[transition]
    with transaction.atomic():
        locked = Offer.objects.select_for_update(of=("self",)).select_related("employer").get(pk=offer.pk)
        if not move.starts_from(locked.status):
            raise ConflictError(
                _("Impossible : l'offre est « %(s)s ».") % {"s": locked.get_status_display().lower()},
                extra={"status": locked.status, "transition": transition},
            )
        if transition == "approve" and not locked.employer.is_approved:
            raise ApplicationError(
                _("L'employeur %(e)s n'est pas encore validé : validez-le avant de publier ses offres.")
                % {"e": locked.employer.name}
            )
        if transition == "decline" and not reason.strip():
            raise ApplicationError(
                _("Indiquez le motif du refus : l'employeur le verra pour corriger son offre.")
            )
        if transition == "submit":
            _validate_offer(locked)
        previous = locked.status
        locked.status = move.target
        now = timezone.now()
        if transition == "approve":
            locked.published_at = now
            locked.refreshed_at = now
            locked.moderation_reason = ""
        elif transition == "decline":
            locked.moderation_reason = reason.strip()
        locked.save()
        _log(locked, by, transition, previous, move.target, reason.strip())
        if transition == "approve":
            events.publish("offer.published", offer_id=locked.pk)
    return locked


def offer_submit(*, offer: Offer, by: User) -> Offer:
    """Send for moderation; approved partners of the school are published at once."""
    offer = offer_transition(offer=offer, transition="submit", by=by)
    employer = offer.employer
    if employer.is_approved and employer.has_active_partnership():
        offer = offer_transition(
            offer=offer, transition="approve", by=None, reason=_("Publication automatique (partenaire)")
        )
    return offer


def offer_refresh(*, offer: Offer, by: User) -> Offer:
    """The employer confirms the offer is still open: it will not expire for another 60 days."""
    if offer.status != Offer.Status.PUBLISHED:
        raise ApplicationError(_("Seule une offre publiée peut être actualisée."))
    Offer.objects.filter(pk=offer.pk).update(refreshed_at=timezone.now())
    offer.refresh_from_db()
    return offer


@dataclass
class ExpiryReport:
    due: list[int] = field(default_factory=list)
    expired: list[int] = field(default_factory=list)


def offers_expire(*, wet_run: bool, batch_size: int = 500, now=None) -> ExpiryReport:
    """Expire published offers past their deadline or without refresh for OFFER_STALE_DAYS."""
    from datetime import timedelta

    from django.conf import settings
    from django.db.models import Q

    now = now or timezone.now()
    stale_before = now - timedelta(days=settings.OFFER_STALE_DAYS)
    # Same rule as Offer.expiry_due: the last refresh, or the publication when never refreshed.
    due_q = Q(status=Offer.Status.PUBLISHED) & (
        Q(deadline__lt=timezone.localdate(now))
        | Q(refreshed_at__lt=stale_before)
        | Q(refreshed_at__isnull=True, published_at__lt=stale_before)
    )
    report = ExpiryReport(due=list(Offer.objects.filter(due_q).order_by("pk").values_list("pk", flat=True)))
    if not wet_run:
        return report
    for start in range(0, len(report.due), batch_size):
        chunk = report.due[start : start + batch_size]
        with transaction.atomic():
            for offer in Offer.objects.select_for_update(skip_locked=True).filter(pk__in=chunk).filter(due_q):
                previous = offer.status
                offer.status = Offer.Status.EXPIRED
                offer.save(update_fields=["status", "updated_at"])
                _log(
                    offer,
                    None,
                    "expire",
                    previous,
                    offer.status,
                    "Date limite dépassée ou offre non actualisée",
                )
                report.expired.append(offer.pk)
    return report
