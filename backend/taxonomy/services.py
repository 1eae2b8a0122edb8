"""Writes on the taxonomy tables: candidate terms read by the NLP pipeline, and what placement officers
decide about them (an alias of an existing skill, a new skill, or nothing).

Every decision is audit-logged and bumps :class:`TaxonomyOverlay`, which tells the NLP workers to
reload the officers' additions before their next analysis.
"""

import re

from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError
from backend.core.text import fold

from .models import Skill, TaxonomyOverlay, TermCandidate, TermMention

MAX_EXAMPLES = 5
MAX_TERM_CHARS = 200
SOURCES = ("offer", "profile")


def _search_text(skill: Skill) -> str:
    return fold(" | ".join([skill.label_fr, skill.label_en, *skill.aliases]))


def _overlay_bump() -> None:
    updated = TaxonomyOverlay.objects.filter(pk=1).update(
        revision=F("revision") + 1, updated_at=timezone.now()
    )
    if not updated:
        TaxonomyOverlay.objects.get_or_create(pk=1, defaults={"revision": 1})


@transaction.atomic
def term_candidates_record(*, source: str, source_id: int, terms: list[dict]) -> int:
    """Record the unmatched terms of one analysed document; returns how many distinct terms it has.

    ``terms`` are ``{"term", "count" (optional, default 1), "example" (optional snippet)}``. The
    document's mentions are replaced, so analysing the same document again counts it once, and a term
    no longer in its text stops counting for it.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    wanted: dict[str, dict] = {}
    for item in terms:
        term = " ".join(str(item.get("term") or "").split())[:MAX_TERM_CHARS]
        key = fold(term)[:MAX_TERM_CHARS]
        if not key:
            continue
        slot = wanted.setdefault(key, {"term": term, "count": 0, "example": ""})
        slot["count"] += max(1, int(item.get("count") or 1))
        slot["example"] = slot["example"] or str(item.get("example") or "").strip()

    previous = {m.candidate_id: m for m in TermMention.objects.filter(source=source, source_id=source_id)}
    touched: set[int] = set(previous)
    kept: set[int] = set()
    for key, slot in sorted(wanted.items()):  # one lock order for concurrent workers
        candidate, _created = TermCandidate.objects.select_for_update().get_or_create(
            key=key, defaults={"term": slot["term"]}
        )
        if (
            slot["example"]
            and slot["example"] not in candidate.examples
            and len(candidate.examples) < MAX_EXAMPLES
        ):
            candidate.examples = [*candidate.examples, slot["example"]]
            candidate.save(update_fields=["examples"])
        mention = previous.get(candidate.pk)
        if mention is None:
            TermMention.objects.create(
                candidate=candidate, source=source, source_id=source_id, occurrences=slot["count"]
            )
        elif mention.occurrences != slot["count"]:
            mention.occurrences = slot["count"]
            mention.save(update_fields=["occurrences", "seen_at"])
        touched.add(candidate.pk)
        kept.add(candidate.pk)
    gone = set(previous) - kept
    if gone:
        TermMention.objects.filter(source=source, source_id=source_id, candidate_id__in=gone).delete()
    if touched:
        totals = (
            TermCandidate.objects.filter(pk__in=touched)
            .annotate(n_docs=Count("mentions"), n_occ=Sum("mentions__occurrences"))
            .values_list("pk", "n_docs", "n_occ")
        )
        now = timezone.now()
        for pk, n_docs, n_occ in totals:
            fields = {"documents": n_docs, "occurrences": n_occ or 0}
            if pk in kept:
                fields["last_seen"] = now
            TermCandidate.objects.filter(pk=pk).update(**fields)
    return len(wanted)


def _pending(candidate_id: int) -> TermCandidate:
    candidate = TermCandidate.objects.select_for_update().filter(pk=candidate_id).first()
    if candidate is None:
        raise ApplicationError(_("Ce terme n'existe plus."), status_code=404)
    if candidate.status != TermCandidate.Status.PENDING:
        raise ApplicationError(
            _("« %(term)s » a déjà été classé (%(status)s).")
            % {"term": candidate.term, "status": candidate.get_status_display()}
        )
    return candidate


def _decide(candidate: TermCandidate, *, status: str, by, skill: Skill | None = None) -> None:
    candidate.status = status
    candidate.decided_by = by if getattr(by, "is_authenticated", False) else None
    candidate.decided_at = timezone.now()
    candidate.skill = skill
    candidate.save(update_fields=["status", "decided_by", "decided_at", "skill"])


@transaction.atomic
def term_candidate_add_alias(*, candidate_id: int, skill_id: int, by, alias: str = "") -> Skill:
    """File a pending term (or ``alias``, its corrected spelling) as a synonym of an existing skill."""
    candidate = _pending(candidate_id)
    skill = Skill.objects.select_for_update().filter(pk=skill_id).first()
    if skill is None:
        raise ApplicationError(_("Choisissez une compétence du référentiel."))
    alias = " ".join((alias or candidate.term).split())[:MAX_TERM_CHARS]
    if not alias:
        raise ApplicationError(_("Le synonyme ne peut pas être vide."))
    known = {fold(x) for x in (skill.label_fr, skill.label_en, *skill.aliases)}
    if fold(alias) not in {fold(x) for x in skill.officer_aliases}:
        skill.officer_aliases = [*skill.officer_aliases, alias]
    if fold(alias) not in known:
        skill.aliases = [*skill.aliases, alias]
    skill.search_text = _search_text(skill)
    skill.save(update_fields=["officer_aliases", "aliases", "search_text"])
    _decide(candidate, status=TermCandidate.Status.ADDED_ALIAS, by=by, skill=skill)
    _overlay_bump()
    audit_log(
        actor=by,
        action="taxonomy.term_alias_added",
        target=candidate,
        term=candidate.term,
        alias=alias,
        skill_uid=skill.uid,
        skill_label=skill.label_fr,
    )
    return skill


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:150]


@transaction.atomic
def term_candidate_create_skill(
    *, candidate_id: int, by, label_fr: str, kind: str, broader_id: int | None = None
) -> Skill:
    """Create a new skill (``tremplin:<slug>``, curated) from a pending term; the term becomes one of its
    forms when the label differs."""
    candidate = _pending(candidate_id)
    label_fr = " ".join((label_fr or "").split())[:300]
    if not label_fr:
        raise ApplicationError(_("Indiquez le libellé de la compétence."))
    if kind not in Skill.Kind.values:
        raise ApplicationError(_("Choisissez la nature de la compétence."))
    broader = None
    if broader_id:
        broader = Skill.objects.filter(pk=broader_id).first()
        if broader is None:
            raise ApplicationError(_("La compétence plus générale choisie n'existe pas."))
    slug = _slug(label_fr) or _slug(candidate.term) or f"terme-{candidate.pk}"
    if Skill.objects.filter(
        search_text__regex=r"(^| \| )" + re.escape(fold(label_fr)) + r"($| \| )"
    ).exists():
        raise ApplicationError(
            _(
                "« %(label)s » est déjà une compétence ou un synonyme du référentiel : ajoutez-le comme synonyme."
            )
            % {"label": label_fr}
        )
    uid, n = f"tremplin:{slug}", 2
    while Skill.objects.filter(uid=uid).exists():
        uid, n = f"tremplin:{slug}-{n}", n + 1
    aliases = [candidate.term] if fold(candidate.term) != fold(label_fr) else []
    skill = Skill(
        uid=uid,
        label_fr=label_fr,
        label_en=label_fr,
        aliases=aliases,
        officer_aliases=aliases,
        kind=kind,
        curated=True,
        officer_created=True,
    )
    skill.search_text = _search_text(skill)
    skill.save()
    if broader is not None:
        skill.broader.add(broader)
    _decide(candidate, status=TermCandidate.Status.ADDED_SKILL, by=by, skill=skill)
    _overlay_bump()
    audit_log(
        actor=by,
        action="taxonomy.term_skill_created",
        target=candidate,
        term=candidate.term,
        skill_uid=uid,
        label_fr=label_fr,
        kind=kind,
        broader_uid=broader.uid if broader else None,
    )
    return skill


@transaction.atomic
def term_candidate_ignore(*, candidate_id: int, by) -> TermCandidate:
    """Set a pending term aside: it stays recorded but leaves the officers' list."""
    candidate = _pending(candidate_id)
    _decide(candidate, status=TermCandidate.Status.IGNORED, by=by)
    audit_log(actor=by, action="taxonomy.term_ignored", target=candidate, term=candidate.term)
    return candidate
