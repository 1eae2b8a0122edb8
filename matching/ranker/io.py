"""Reading the CLI's JSON-lines inputs: documents, commune coordinates, skills from text."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

from .docs import (
    DECLARED,
    EXTRACTED,
    NICE,
    REQUIRED,
    SKILL_SOURCES,
    CandidateDoc,
    LabelledPair,
    OfferDoc,
    SkillGraph,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
# The platform's committed commune table, read by path: the ranker never imports ``backend``.
DEFAULT_COMMUNES = REPO_ROOT / "backend" / "geo" / "data" / "communes.csv.gz"


class InputError(ValueError):
    """A problem with the user's input files, reported without a traceback."""


def read_jsonl(path: str | Path) -> Iterator[dict]:
    """Objects of a JSON-lines file; a malformed line is an ``InputError`` naming it."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{path}:{n}: JSON invalide ({e.msg})") from None
            if not isinstance(obj, dict) or "id" not in obj and "offer_id" not in obj:
                raise InputError(f'{path}:{n}: un objet avec un champ "id" est attendu')
            yield obj


def load_communes(path: str | Path | None = None) -> dict[str, tuple[float, float]]:
    """INSEE code -> (lat, lon) from a CSV (optionally gzipped) with columns insee, lat, lon."""
    path = Path(path) if path else DEFAULT_COMMUNES
    if not path.exists():
        raise InputError(f"fichier des communes introuvable : {path}")
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    out = {}
    for row in csv.DictReader(io.StringIO(raw.decode("utf-8"))):
        try:
            out[row["insee"].strip()] = (float(row["lat"]), float(row["lon"]))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _level(value) -> str:
    text = str(value or REQUIRED).lower()
    if text in {"nice", "nice_to_have", "plus", "optional", "souhaite", "souhaité", "apprecie", "apprécié"}:
        return NICE
    return REQUIRED


def parse_skills(value, *, side: str) -> dict[str, str]:
    """Skills as a dict ``{id: level|source}``, a list of ids or a list of ``{"id", "level"|"source"}``."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item, dict):
                items.append((item["id"], item.get("level") if side == "offer" else item.get("source")))
            else:
                items.append((item, None))
    else:
        raise InputError(f"compétences illisibles : {value!r}")
    for sid, v in items:
        if side == "offer":
            out[str(sid)] = _level(v)
        else:
            out[str(sid)] = v if v in SKILL_SOURCES else DECLARED
    return out


def taxonomy_graph() -> SkillGraph | None:
    """Broader relations and French labels from ``nlp_models``' taxonomy, or None if unavailable."""
    try:
        import nlp_models  # optional: only to explain skills nlp_models extracted

        taxonomy = nlp_models.load_taxonomy()
    except Exception:  # any failure only costs the labels and related-skill credit
        return None
    broader = {sid: s.broader for sid, s in taxonomy.skills.items() if s.broader}
    labels = {sid: s.label_fr or s.label_en for sid, s in taxonomy.skills.items()}
    kinds = {sid: s.kind for sid, s in taxonomy.skills.items()}
    from .implications import load_implications

    return SkillGraph(broader, labels=labels, kinds=kinds, implies=load_implications())


class TextSkills:
    """Skills from text through ``nlp_models``, imported only when a document has no skills."""

    def __init__(self):
        self._module = None
        self.used = False

    def _nlp(self):
        if self._module is None:
            try:
                import nlp_models  # optional and heavy: only when a document has no skills

                self._module = nlp_models
                if not hasattr(nlp_models, "extract_offer") or not hasattr(nlp_models, "extract_profile"):
                    raise ImportError("nlp_models.extract_offer / extract_profile absents")
            except ImportError as e:
                raise InputError(
                    "des documents n'ont pas de champ \"skills\" et nlp_models n'est pas utilisable "
                    f'pour extraire les compétences du texte ({e}); fournissez "skills"'
                ) from None
        return self._module

    def offer(self, text: str, title: str) -> dict[str, str]:
        """Skills of an offer text: ``{id: required|nice}``."""
        self.used = True
        result = self._nlp().extract_offer(text, title=title)
        return {str(s.id): _level(getattr(s, "level", None)) for s in result.skills}

    def profile(self, text: str) -> dict[str, str]:
        """Skills of a profile text, all marked ``extracted``."""
        self.used = True
        result = self._nlp().extract_profile(text)
        return {str(s.id): EXTRACTED for s in result.skills}


def _coords(obj: dict, communes_loader, where: str) -> tuple[float | None, float | None]:
    if obj.get("lat") is not None and obj.get("lon") is not None:
        return float(obj["lat"]), float(obj["lon"])
    code = obj.get("commune_insee")
    if not code:
        return None, None
    table = communes_loader()
    if str(code) not in table:
        raise InputError(f"{where}: commune INSEE inconnue {code!r}")
    return table[str(code)]


def offer_from_json(obj: dict, *, communes_loader, text_skills: TextSkills, where: str = "") -> OfferDoc:
    """An ``OfferDoc`` from one input line (skills from text when absent)."""
    lat, lon = _coords(obj, communes_loader, where)
    title, text = str(obj.get("title") or ""), str(obj.get("text") or "")
    skills = parse_skills(obj["skills"], side="offer") if obj.get("skills") is not None else None
    from_text = skills is None
    if from_text:
        skills = text_skills.offer(text, title)
    return OfferDoc(
        id=str(obj["id"]),
        title=title,
        text=text,
        skills=skills,
        lat=lat,
        lon=lon,
        contract_type=obj.get("contract_type"),
        remote=obj.get("remote"),
        start_date=obj.get("start_date"),
        published_at=obj.get("published_at"),
        experience_years_min=obj.get("experience_years_min"),
        track=obj.get("track"),
        skills_from_text=from_text,
    )


def candidate_from_json(
    obj: dict, *, communes_loader, text_skills: TextSkills, where: str = ""
) -> CandidateDoc:
    """A ``CandidateDoc`` from one input line (skills from text when absent)."""
    lat, lon = _coords(obj, communes_loader, where)
    text = str(obj.get("text") or "")
    skills = parse_skills(obj["skills"], side="candidate") if obj.get("skills") is not None else None
    from_text = skills is None
    if from_text:
        skills = text_skills.profile(text)
    return CandidateDoc(
        id=str(obj["id"]),
        text=text,
        skills=skills,
        lat=lat,
        lon=lon,
        radius_km=obj.get("radius_km"),
        mobility=obj.get("mobility") or "public_transport",
        contract_types=obj.get("contract_types") or (),
        available_from=obj.get("available_from"),
        track=obj.get("track"),
        experience_years=obj.get("experience_years") or 0.0,
        skills_from_text=from_text,
    )


def read_documents(
    offers_path, candidates_path, *, communes_path=None, text_skills: TextSkills | None = None
) -> tuple[list[OfferDoc], list[CandidateDoc]]:
    """Offers and candidates from JSON lines (see docs/ranker.md for the fields)."""
    cache: dict = {}

    def communes():
        if "t" not in cache:
            cache["t"] = load_communes(communes_path)
        return cache["t"]

    text_skills = text_skills or TextSkills()
    offers = [
        offer_from_json(o, communes_loader=communes, text_skills=text_skills, where=f"{offers_path}:{i}")
        for i, o in enumerate(read_jsonl(offers_path), 1)
    ]
    candidates = [
        candidate_from_json(
            c, communes_loader=communes, text_skills=text_skills, where=f"{candidates_path}:{i}"
        )
        for i, c in enumerate(read_jsonl(candidates_path), 1)
    ]
    for kind, docs in (("offre", offers), ("candidat", candidates)):
        seen = set()
        for d in docs:
            if d.id in seen:
                raise InputError(f"identifiant de {kind} en double : {d.id}")
            seen.add(d.id)
    return offers, candidates


def read_pairs(path) -> list[LabelledPair]:
    """Labelled pairs ``{"offer_id", "candidate_id", "outcome"}`` from JSON lines."""
    pairs = []
    for n, obj in enumerate(read_jsonl(path), 1):
        try:
            pairs.append(LabelledPair(str(obj["offer_id"]), str(obj["candidate_id"]), str(obj["outcome"])))
        except KeyError as e:
            raise InputError(f"{path}:{n}: champ manquant {e}") from None
    return pairs
