"""What the NLP pipeline read in an offer, applied without overwriting a person's choice; the ROME
coding by officers; the employer's answer to each fact read."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError, ConflictError
from backend.core.services import require_officer
from backend.taxonomy.models import Appellation, Occupation, Skill

from ..models import Offer, OfferSkill
from .offers import _log, _refresh_search_text

# Facts the pipeline may write into an offer, and only into an empty field.
FILLABLE_FACTS = {"contract_months", "start_date", "occupation_id", "weekly_hours"}


def offer_analysis_apply(
    *, offer_id: int, content_hash: str, skills: list[dict], facts: dict[str, dict]
) -> bool:
    """Store what the NLP pipeline read in an offer's text. Idempotent; returns False when stale.

    ``skills``: ``[{"uid", "level", "evidence", "start", "end"}]``. A skill the employer chose or
    confirmed keeps its level and source; extracted rows the text no longer supports are removed.
    ``facts``: ``{field: {"value", "evidence"}}``. A fact fills a field only when it is empty, and is
    then flagged ``applied`` so the employer is asked to confirm it; a fact that contradicts what a
    person typed is kept as a suggestion (``applied`` false), never written over their value.
    """
    with transaction.atomic():
        offer = Offer.objects.select_for_update().filter(pk=offer_id).first()
        if offer is None or offer.content_hash != content_hash:
            return False  # deleted, or edited since: the newer announcement will analyse it
        if offer.analysed_hash == content_hash:
            return False  # already done (a retried or duplicated task)
        uids = {s["uid"] for s in skills}
        dismissed = set(offer.dismissed_skills.values_list("id", flat=True))
        skill_ids = {
            uid: pk
            for uid, pk in Skill.objects.filter(uid__in=uids).values_list("uid", "id")
            if pk not in dismissed
        }
        existing = {row.skill_id: row for row in offer.offer_skills.all()}
        found = set()
        for item in skills:
            skill_id = skill_ids.get(item["uid"])
            if skill_id is None or skill_id in found:
                continue
            found.add(skill_id)
            row = existing.get(skill_id)
            evidence = (item.get("evidence") or "")[:300]
            if row is None:
                OfferSkill.objects.create(
                    offer=offer,
                    skill_id=skill_id,
                    level=item.get("level")
                    if item.get("level") in OfferSkill.Level.values
                    else OfferSkill.Level.REQUIRED,
                    source=OfferSkill.Source.EXTRACTED,
                    evidence=evidence,
                    start=item.get("start"),
                    end=item.get("end"),
                )
            elif row.source == OfferSkill.Source.EXTRACTED:
                row.evidence, row.start, row.end = evidence, item.get("start"), item.get("end")
                row.save(update_fields=["evidence", "start", "end"])
        offer.offer_skills.filter(source=OfferSkill.Source.EXTRACTED).exclude(skill_id__in=found).delete()

        recorded: dict[str, dict] = {}
        update_fields = ["analysed_hash", "analysed_at", "extracted_facts", "updated_at"]
        facts = dict(facts)
        rome = facts.pop("occupation_id", None)
        if rome is not None:
            recorded["occupation_id"] = _occupation_reading_apply(offer, rome, update_fields)
        for name, fact in facts.items():
            value = fact.get("value")
            if value in (None, ""):
                continue
            current = getattr(offer, name, None)
            applied = False
            fits = name != "contract_months" or offer.contract_type in Offer.CONTRACTS_WITH_DURATION
            # A remote policy the employer left blank in the form is the one the text states.
            unanswered = name == "remote" and not offer.remote_answered and value in Offer.Remote.values
            if unanswered or (name in FILLABLE_FACTS and current in (None, "") and fits):
                setattr(offer, name, value)
                update_fields.append(name)
                applied = True
            recorded[name] = {
                "value": str(value),
                "evidence": (fact.get("evidence") or "")[:200],
                "applied": applied,
                "differs": not applied and current not in (None, "") and not _same_fact_value(current, value),
            }
        offer.extracted_facts = recorded
        offer.analysed_hash = content_hash
        offer.analysed_at = timezone.now()
        offer.save(update_fields=update_fields)
        _refresh_search_text(offer)
        Offer.objects.filter(pk=offer.pk).update(search_text=offer.search_text)
    return True


def _occupation_reading_apply(offer: Offer, fact: dict, update_fields: list[str]) -> dict:
    """The ROME classifier's reading of an offer: its code (empty when it abstains), its confidence
    and the candidates it hesitated between, which the officers' « Offres à coder » queue offers.

    It fills an empty code, and replaces its own earlier answer (a new text, a new model); when it
    is no longer sure, its earlier answer goes and the offer joins the queue. A code a person chose
    (``occupation_from_model`` false) is never touched: the reading is kept beside it."""
    value = str(fact.get("value") or "")
    if value and not Occupation.objects.filter(pk=value).exists():
        value = ""  # a fiche the reference tables do not hold (an older taxonomy): nothing to apply
    current = offer.occupation_id
    ours = current is None or offer.occupation_from_model
    applied = False
    if ours and value:
        applied = True
        if current != value:
            offer.occupation_id = value
            update_fields.append("occupation")
        if not offer.occupation_from_model:
            offer.occupation_from_model = True
            update_fields.append("occupation_from_model")
    elif ours and current is not None:  # our own earlier answer, and now the model abstains
        offer.occupation_id, offer.occupation_from_model = None, False
        update_fields += ["occupation", "occupation_from_model"]
    candidates = [
        {"code": str(c.get("code", "")), "label": str(c.get("label", ""))[:300], "score": c.get("score")}
        for c in (fact.get("candidates") or [])[:3]
        if isinstance(c, dict)
    ]
    reading = {
        "value": value,
        "evidence": (fact.get("evidence") or "")[:200] if value else "",
        "applied": applied,
        "differs": bool(value) and not ours and current != value,
        "confidence": fact.get("confidence"),
        "candidates": candidates,
    }
    # Abstained on the fiche but sure of the ROME domain (« M18 »): the queue offers its fiches first.
    domain = fact.get("domain") if not value else None
    code = str(domain.get("code") or "") if isinstance(domain, dict) else ""
    if len(code) == 3 and code[0].isalpha() and code[1:].isdigit():
        reading["domain"] = {"code": code.upper(), "label": str(domain.get("label") or "")[:200]}
    return reading


def offer_occupation_choose(
    *,
    offer: Offer,
    by: User,
    occupation: Occupation | None = None,
    appellation: Appellation | None = None,
    if_uncoded: bool = False,
) -> Offer:
    """An officer codes an offer's ROME fiche (from the classifier's candidates, or any appellation).

    The choice is a person's: later analyses never replace it. It is logged in the offer's history
    (who, when, which fiche, the candidates the classifier proposed) and in the audit log.
    ``if_uncoded``: refuse when someone coded it meanwhile (the queue's one-click buttons)."""
    require_officer(by)
    if appellation is not None:
        if occupation is not None and occupation.pk != appellation.occupation_id:
            raise ApplicationError(
                _("L'appellation « %(a)s » relève de la fiche %(c)s, pas de %(o)s.")
                % {"a": appellation.label, "c": appellation.occupation_id, "o": occupation.pk},
                extra={"fields": {"occupation": [_("Fiche différente de celle de l'appellation.")]}},
            )
        occupation = appellation.occupation
    if occupation is None:
        message = _(
            "Choisissez un métier ROME : une des propositions, ou un métier cherché dans le référentiel."
        )
        raise ApplicationError(message, extra={"fields": {"occupation": [message]}})
    with transaction.atomic():
        locked = Offer.objects.select_for_update(of=("self",)).select_related("occupation").get(pk=offer.pk)
        if if_uncoded and locked.occupation_id is not None and not locked.occupation_from_model:
            raise ConflictError(
                _("Cette offre vient d'être codée : %(o)s.") % {"o": locked.occupation},
                extra={"occupation": locked.occupation_id},
            )
        previous = locked.occupation_id
        reading = (locked.extracted_facts or {}).get("occupation_id") or {}
        candidates = reading.get("candidates") or []
        locked.occupation = occupation
        locked.occupation_from_model = False
        fields = ["occupation", "occupation_from_model", "updated_at"]
        if appellation is not None:
            locked.appellation = appellation
            fields.append("appellation")
        elif locked.appellation_id and locked.appellation.occupation_id != occupation.pk:
            locked.appellation = None  # an appellation of another fiche would contradict the code
            fields.append("appellation")
        locked.save(update_fields=fields)
        if appellation is not None:
            _refresh_search_text(locked)
            Offer.objects.filter(pk=locked.pk).update(search_text=locked.search_text)
        proposed = " · ".join(
            f"{c.get('code')} {c.get('label')}"
            + (f" ({round(100 * c['score'])} %)" if isinstance(c.get("score"), int | float) else "")
            for c in candidates
        )
        chosen = f"{occupation.pk} — {occupation.label}"
        if appellation is not None:
            chosen += f" ({appellation.label})"
        note = _("Métier ROME : %(c)s.") % {"c": chosen}
        if proposed:
            note += " " + _("Propositions du modèle : %(p)s.") % {"p": proposed}
        _log(locked, by, "code_rome", locked.status, locked.status, note)
        audit_log(
            actor=by,
            action="offer.occupation_chosen",
            target=locked,
            occupation=occupation.pk,
            appellation=appellation.pk if appellation is not None else None,
            previous=previous,
            candidates=candidates,
            confidence=reading.get("confidence"),
        )
    return locked


def _same_fact_value(current, value) -> bool:
    """Whether a typed value and a value read from the text say the same thing.

    Numbers compare as numbers (the salary typed is a Decimal "2000.00", the one read a float 2000.0),
    dates by day, choices and words without regard to case.
    """
    if current is None or value is None:
        return current is value
    if isinstance(current, int | float | Decimal) and not isinstance(current, bool):
        try:
            return Decimal(str(current)) == Decimal(str(value))
        except (InvalidOperation, ValueError):
            return False
    if isinstance(current, date):
        return current.isoformat() == str(value)[:10]
    return str(current).strip().casefold() == str(value).strip().casefold()


def offer_fact_confirm(*, offer: Offer, by: User, name: str, accept: bool) -> Offer:
    """The employer accepts or rejects one fact the pipeline read (and maybe applied)."""
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        facts = dict(offer.extracted_facts)
        fact = facts.get(name)
        if fact is None:
            raise ApplicationError(_("Cette information n'a pas été détectée dans l'offre."))
        if not accept and fact.get("applied") and name in FILLABLE_FACTS:
            setattr(offer, name, None)
        if name == "remote" and fact.get("applied"):
            if accept:
                offer.remote_answered = True  # the employer now stands by the policy read in the text
            else:
                offer.remote = Offer.Remote.ONSITE
        if name == "occupation_id" and fact.get("applied"):
            # Kept or taken away, the code is now the employer's decision, not the model's guess.
            offer.occupation_from_model = False
        facts[name] = {**fact, "confirmed": accept}
        offer.extracted_facts = facts
        offer.save()
        audit_log(actor=by, action="offer.fact_confirmed", target=offer, fact=name, accept=accept)
    return offer
