"""The one bridge between the ORM and the plain-Python NLP and ranking packages.

ORM rows never cross into ``nlp_models``; plain strings go in, plain dicts come back.
"""

import logging
import re
from dataclasses import dataclass, field

import nlp_models
from backend.taxonomy.selectors import taxonomy_overlay, taxonomy_overlay_version

logger = logging.getLogger(__name__)

# Pipeline contract codes → the offer form's fields.
CONTRACT_TO_OFFER = {
    "CDI": "CDI",
    "CDD": "CDD",
    "INTERIM": "INTERIM",
    "STAGE": "STAGE",
    "FREELANCE": "FREELANCE",
    "ALTERNANCE": "APPRENTISSAGE",
}


@dataclass
class TextAnalysis:
    language: str
    skills: list[dict]  # {"uid", "label", "level", "evidence", "start", "end", "kind"}
    facts: dict[str, dict]  # {field: {"value", "evidence"}}
    unmatched: list[dict] = field(default_factory=list)  # {"term", "start", "end", "count", "example"}


# The officers' additions to the taxonomy (aliases, new skills) are handed to nlp_models as an
# overlay, reloaded only when the overlay row changed (one small query per analysis). ``warm_up`` does
# not read it (gunicorn calls it in the master, before forking: no database connection there); the
# first analysis of each process does.
_overlay_version: tuple | None = None


def sync_taxonomy_overlay() -> bool:
    """Make the NLP pipeline use the officers' current aliases and skills; returns whether it reloaded."""
    global _overlay_version
    try:
        version = taxonomy_overlay_version()
        if version == _overlay_version:
            return False
        overlay = taxonomy_overlay()
    except Exception:  # no database at hand: analyse with the additions already loaded
        logger.warning("taxonomy overlay not reloaded", exc_info=True)
        return False
    nlp_models.set_overlay(overlay)
    _overlay_version = version
    return True


def _unmatched(text: str, terms) -> list[dict]:
    out = []
    for t in terms:
        pattern = r"(?<!\w)" + re.escape(t.term) + r"(?!\w)"
        out.append(
            {
                "term": t.term,
                "start": t.start,
                "end": t.end,
                "count": max(1, len(re.findall(pattern, text, flags=re.I))),
                "example": _evidence(text, t.start, t.end),
            }
        )
    return out


def warm_up() -> None:
    """Load the spaCy pipelines and the taxonomy now (several seconds) rather than on a user's
    first request: called when a web or worker process starts."""
    nlp_models.extract_offer("Développeur web en CDI à Lens.", title="Développeur web")
    nlp_models.extract_profile("Je connais HTML et CSS.")


def _evidence(text: str, start: int | None, end: int | None, margin: int = 40) -> str:
    if start is None or end is None:
        return ""
    left = max(0, start - margin)
    right = min(len(text), end + margin)
    snippet = text[left:right].replace("\n", " ").strip()
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")


def analyse_offer_text(*, title: str, text: str) -> TextAnalysis:
    """Skills and facts of an offer, as plain data the employers app can store."""
    sync_taxonomy_overlay()
    result = nlp_models.extract_offer(text, title=title)
    skills = [
        {
            "uid": s.id,
            "label": s.label,
            "level": "nice" if s.level == "nice" else "required",
            "kind": s.kind,
            "start": s.start,
            "end": s.end,
            "evidence": _evidence(text, s.start, s.end),
        }
        for s in result.skills
    ]
    facts: dict[str, dict] = {}

    def put(name, value, evidence=""):
        if value not in (None, ""):
            facts[name] = {"value": value, "evidence": evidence}

    evidence = {name: getattr(ev, "text", "") for name, ev in (result.evidence or {}).items()}
    put("contract_type", CONTRACT_TO_OFFER.get(result.contract_type or ""), evidence.get("contract", ""))
    if result.contract_months:
        put("contract_months", int(round(result.contract_months)), evidence.get("contract", ""))
    put("salary_min", result.salary_min, evidence.get("salary", ""))
    put("salary_max", result.salary_max, evidence.get("salary", ""))
    put("salary_period", result.salary_period, evidence.get("salary", ""))
    put("remote", result.remote, evidence.get("remote", ""))
    put("experience_years_min", result.experience_years_min, evidence.get("experience", ""))
    if result.beginner_ok:
        put("beginner_ok", True, evidence.get("beginner", ""))
    if result.rome_code or result.rome_candidates:
        # The ROME reading goes whole, abstention included: an empty code with its candidates is what
        # the officers' « Offres à coder » queue proposes in one click.
        facts["occupation_id"] = {
            "value": result.rome_code or "",
            "evidence": result.rome_label or "",
            "confidence": result.rome_confidence,
            "candidates": [
                {"code": code, "label": label, "score": score}
                for code, label, score in result.rome_candidates
            ],
        }
        if not result.rome_code and result.rome_domain:
            # Abstained on the fiche, confident of the domain: the officer picks within it first.
            facts["occupation_id"]["domain"] = {
                "code": result.rome_domain,
                "label": result.rome_domain_label or "",
            }
    if result.hours_per_week:
        put("weekly_hours", result.hours_per_week, evidence.get("working_time", ""))
    put("commune_id", result.commune_insee)
    return TextAnalysis(
        language=result.language,
        skills=skills,
        facts=facts,
        unmatched=_unmatched(text, result.unmatched_terms),
    )


def analyse_profile_text(*, text: str) -> list[dict]:
    """Skills a CV or a presentation shows, as plain data the graduates app stores as proposals."""
    return analyse_profile(text=text).skills


def analyse_profile(*, text: str) -> TextAnalysis:
    """Skills a CV or a presentation shows and the terms it lists that match no skill."""
    sync_taxonomy_overlay()
    result = nlp_models.extract_profile(text)
    skills = [
        {
            "uid": s.id,
            "label": s.label,
            "kind": s.kind,
            "start": s.start,
            "end": s.end,
            "evidence": _evidence(text, s.start, s.end),
        }
        for s in result.skills
    ]
    return TextAnalysis(
        language=result.language, skills=skills, facts={}, unmatched=_unmatched(text, result.unmatched_terms)
    )
