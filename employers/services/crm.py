"""The partnership CRM: partnerships, the log of exchanges, prospects and their conversion into partners."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError
from backend.core.services import full_clean, require_officer
from backend.core.text import fold

from ..models import Employer, Interaction, Partnership


def partnership_save(
    *, employer: Employer, by: User, partnership: Partnership | None = None, **fields
) -> Partnership:
    require_officer(by)
    partnership = partnership or Partnership(employer=employer)
    for key, value in fields.items():
        setattr(partnership, key, value)
    full_clean(partnership)
    with transaction.atomic():
        partnership.save()
        audit_log(actor=by, action="partnership.saved", target=partnership, fields=sorted(fields))
    return partnership


def interaction_log(
    *,
    employer: Employer,
    by: User,
    kind: str,
    summary: str,
    occurred_on: date | None = None,
    partnership=None,
) -> Interaction:
    require_officer(by)
    interaction = Interaction(
        employer=employer,
        partnership=partnership,
        kind=kind,
        summary=summary,
        occurred_on=occurred_on or timezone.localdate(),
        by=by,
    )
    full_clean(interaction)
    interaction.save()
    return interaction


def employer_prospect_add(*, name: str, commune, by: User, summary: str) -> Employer:
    """An officer adds a company to the CRM as a prospect, with the first entry of its log.

    The company is known only by its name as published and a commune: no SIRET, no size, no account.
    A name already in the CRM (prospect or not, accents and case aside) is refused with its id.
    """
    require_officer(by)
    name = " ".join((name or "").split())[:200]
    if not name:
        raise ApplicationError(_("Indiquez le nom de l'entreprise à ajouter au suivi."))
    known = next((e for e in Employer.objects.only("id", "name") if fold(e.name) == fold(name)), None)
    if known is not None:
        raise ApplicationError(
            _("%(e)s est déjà dans le suivi des entreprises.") % {"e": known.name},
            extra={"employer_id": known.pk},
            status_code=409,
        )
    try:
        with transaction.atomic():
            employer = Employer.objects.create(
                name=name, commune=commune, status=Employer.Status.PROSPECT, siret=None, size_band=""
            )
            interaction_log(employer=employer, by=by, kind=Interaction.Kind.NOTE, summary=summary)
            audit_log(actor=by, action="employer.prospect_added", target=employer)
    except IntegrityError:
        # Another officer added the same name a moment ago (employer_prospect_unique_name).
        known = Employer.objects.filter(name__iexact=name).first()
        raise ApplicationError(
            _("%(e)s vient d'être ajoutée au suivi.") % {"e": name},
            extra={"employer_id": known.pk if known else None},
            status_code=409,
        )
    return employer


def employer_prospect_convert(
    *, employer: Employer, by: User, siret: str, size_band: str, kind: str, commitments: str = ""
) -> Partnership:
    """A prospect becomes a partner: its SIRET and size recorded, approved, an active partnership from
    today followed by the officer, and the step written in its log — all or nothing."""
    require_officer(by)
    siret = (siret or "").replace(" ", "").replace(".", "")
    with transaction.atomic():
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        if not employer.is_prospect:
            raise ApplicationError(_("%(e)s n'est pas un prospect.") % {"e": employer.name})
        if not siret:
            message = _("Indiquez le SIRET de l'entreprise (14 chiffres, sur societe.com ou l'annuaire).")
            raise ApplicationError(message, extra={"fields": {"siret": [message]}})
        employer.siret, employer.size_band = siret, size_band
        employer.status = Employer.Status.APPROVED
        employer.reviewed_by, employer.reviewed_at = by, timezone.now()
        full_clean(employer)
        employer.save()
        today = timezone.localdate()
        partnership = Partnership(
            employer=employer,
            kind=kind,
            status=Partnership.Status.ACTIVE,
            start_date=today,
            officer=by,
            commitments=commitments,
        )
        full_clean(partnership)
        partnership.save()
        interaction_log(
            employer=employer,
            by=by,
            kind=Interaction.Kind.NOTE,
            summary=_("Devenue partenaire : %(k)s.") % {"k": partnership.get_kind_display()},
            partnership=partnership,
        )
        audit_log(actor=by, action="employer.prospect_converted", target=employer, kind=kind)
    return partnership
