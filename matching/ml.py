"""The one bridge between the ORM and the plain-Python NLP and ranking packages.

ORM rows never cross into ``nlp_models``; plain strings go in, plain dicts come back.
"""

from dataclasses import dataclass

import nlp_models

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
        put("beginner_ok", True)
    put("occupation_id", result.rome_code, result.rome_label or "")
    if result.hours_per_week:
        put("weekly_hours", result.hours_per_week, evidence.get("working_time", ""))
    put("commune_id", result.commune_insee)
    return TextAnalysis(language=result.language, skills=skills, facts=facts)


def analyse_profile_text(*, text: str) -> list[dict]:
    """Skills a CV or a presentation shows, as plain data the graduates app stores as proposals."""
    result = nlp_models.extract_profile(text)
    return [
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
