"""Territory offers (France Travail's feed): saved, closed and linked to a partner's offer by reference."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.core import events
from backend.core.exceptions import ApplicationError

from ..models import Offer
from .offers import OFFER_FIELDS, _log, _refresh_derived, _refresh_search_text, _validate_offer

EXTERNAL_FIELDS = OFFER_FIELDS | {"external_url", "published_employer", "published_at"}


def offer_external_save(*, source: str, external_id: str, fields: dict) -> tuple[Offer, bool, bool]:
    """Create or update a published territory offer by its reference at ``source``; never a partner's.

    Returns ``(offer, created, content_changed)``. A new text is announced like any offer's
    (``offer.changed``: the NLP pipeline reads it again); a closed offer seen again is published again.
    """
    if source == Offer.Source.PARTNER or not external_id:
        raise ApplicationError(_("Une offre du territoire a une origine externe et une référence."))
    unknown = set(fields) - EXTERNAL_FIELDS
    if unknown:
        raise ApplicationError(_("Champs inconnus : %(f)s") % {"f": ", ".join(sorted(unknown))})
    now = timezone.now()
    with transaction.atomic():
        offer = Offer.objects.select_for_update().filter(source=source, external_id=external_id).first()
        created = offer is None
        if created:
            offer = Offer(source=source, external_id=external_id, status=Offer.Status.PUBLISHED)
        previous_hash = offer.content_hash
        previous_status = offer.status
        for key, value in fields.items():
            setattr(offer, key, value)
        if fields.get("occupation") is not None:
            offer.occupation_from_model = False  # France Travail's coding, not our classifier's
        offer.published_at = offer.published_at or now
        offer.refreshed_at = now
        offer.status = Offer.Status.PUBLISHED
        _validate_offer(offer)
        _refresh_derived(offer)
        # Skills, which the search text includes, come later from the NLP: an existing offer keeps its own.
        _refresh_search_text(offer)
        offer.save()
        if created:
            _log(offer, None, "create", "", offer.status, _("Offre du territoire (France Travail)"))
        elif previous_status != offer.status:
            _log(
                offer,
                None,
                "reopen",
                previous_status,
                offer.status,
                _("De nouveau publiée par France Travail"),
            )
        changed = offer.content_hash != previous_hash
        if changed:
            events.publish("offer.changed", offer_id=offer.pk, content_hash=offer.content_hash)
        elif previous_status != offer.status:
            # Back online with the same text: scored again; a new text is scored after its analysis.
            events.publish("offer.published", offer_id=offer.pk)
    return offer, created, changed


def offer_external_close(*, offer: Offer, note: str) -> bool:
    """Close a territory offer its source no longer publishes; a partner's offer is never touched."""
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        if not locked.is_external or not locked.can("close"):
            return False
        previous = locked.status
        locked.status = Offer.Status.CLOSED
        locked.save(update_fields=["status", "updated_at"])
        _log(locked, None, "close", previous, locked.status, note)
    return True


def offer_external_link_duplicate(*, offer: Offer, partner_offer: Offer | None) -> None:
    """Mark a territory offer as repeating a partner's own offer (shown once), or unmark it."""
    if not offer.is_external or (partner_offer is not None and partner_offer.is_external):
        raise ApplicationError(_("Seule une offre du territoire peut doubler l'offre d'un partenaire."))
    Offer.objects.filter(pk=offer.pk).update(duplicate_of=partner_offer)
    offer.duplicate_of = partner_offer
