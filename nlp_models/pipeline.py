"""Public API: ``extract_offer``, ``extract_profile`` and ``pipe_offers``.

Two blank spaCy pipelines (French and English) with lookup lemmas and the Tremplin components; the
language is detected per document. Everything returned is a plain frozen dataclass with character
offsets into the analysed text, never a spaCy object.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date

import spacy
from spacy.language import Language

from . import (
    components,  # noqa: F401  (registers the factories)
    tokenizer,  # noqa: F401  (registers tremplin.tokenizer.v1)
)
from . import linker as _linker_factory  # noqa: F401  (registers tremplin_linker)
from .facts import (
    Evidence,
    extract_contract,
    extract_education,
    extract_experience,
    extract_remote,
    extract_salary,
    extract_start,
    extract_working_time,
)
from .overlay import Overlay, apply_overlay, normalise_overlay
from .places import extract_commune
from .rome import RomeMatcher
from .taxonomy import Taxonomy, load_taxonomy
from .text import detect_language
from .unmatched import UnmatchedTerm, unmatched_terms

LEVEL_RANK = {"required": 2, "nice": 1, "unknown": 0}
# Offers and CVs are a few thousand characters; anything beyond this is cut (offsets stay valid since
# the analysed text is a prefix) so a pathological upload cannot stall a worker.
MAX_TEXT_CHARS = 200_000


@dataclass(frozen=True)
class SkillMention:
    """One skill found in the text. ``start``/``end`` are character offsets of its first mention."""

    id: str
    label: str
    esco_uri: str | None
    rome_code: str | None
    kind: str
    level: str  # required | nice | unknown
    start: int
    end: int
    text: str
    mentions: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class OfferAnalysis:
    """What an offer asks for. ``negated_skills`` were mentioned as *not* needed."""

    language: str
    skills: tuple[SkillMention, ...]
    negated_skills: tuple[SkillMention, ...]
    contract_type: str | None
    contract_months: float | None
    salary_min: float | None
    salary_max: float | None
    salary_period: str | None
    remote: str | None
    experience_years_min: float | None
    beginner_ok: bool
    education_level: str | None
    start_date: str | None
    working_time: str | None
    hours_per_week: float | None
    commune_insee: str | None
    rome_code: str | None
    rome_label: str | None
    taxonomy_version: str
    evidence: dict[str, Evidence] = field(default_factory=dict)
    unmatched_terms: tuple[UnmatchedTerm, ...] = ()
    # ROME classifier (nlp_models.rome): rome_code is the parent fiche France Travail publishes, None
    # when it abstains; then rome_candidates ((code, label, score), best first) are for the officer.
    rome_fiche_code: str | None = None
    rome_appellation_code: str | None = None
    rome_appellation_label: str | None = None
    rome_confidence: float | None = None
    rome_candidates: tuple[tuple[str, str, float], ...] = ()
    # The ROME domain (« M18 », first three characters of the code): the code's own, or where the
    # classifier abstains on the fiche, the domain it is still confident of (None otherwise).
    rome_domain: str | None = None
    rome_domain_label: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready dict in the CLI's output shape (plus the extra facts and evidence)."""
        return _to_dict(self)


@dataclass(frozen=True)
class ProfileAnalysis:
    """What a CV shows."""

    language: str
    skills: tuple[SkillMention, ...]
    negated_skills: tuple[SkillMention, ...]
    experience_years_min: float | None
    education_level: str | None
    commune_insee: str | None
    taxonomy_version: str
    evidence: dict[str, Evidence] = field(default_factory=dict)
    unmatched_terms: tuple[UnmatchedTerm, ...] = ()

    def to_dict(self) -> dict:
        """JSON-ready dict."""
        return _to_dict(self)


def _to_dict(analysis: OfferAnalysis | ProfileAnalysis) -> dict:
    data = asdict(analysis)
    for skill in data["skills"] + data["negated_skills"]:
        skill["mentions"] = [list(m) for m in skill["mentions"]]
    data["evidence"] = {k: [v.start, v.end] for k, v in analysis.evidence.items()}
    return data


# The vector linker (nlp_models.linker) on French documents: off unless TREMPLIN_NLP_LINKER=1 (see docs/nlp.md
# for what it adds and costs on the development split).
LINKER_DEFAULT = os.environ.get("TREMPLIN_NLP_LINKER", "0") == "1"


def build_nlp(
    lang: str, taxonomy: Taxonomy | None = None, *, scope: str = "core", linker: bool | None = None
) -> Language:
    """A blank ``lang`` pipeline with the Tremplin components, initialised.

    Lookup lemmas (``spacy-lookups-data``) are folded into each word's NORM by ``tremplin_norms``
    rather than set per token by spaCy's lemmatizer: the matcher only needs the norm, and this keeps
    the pipeline at tokenizer speed.
    """
    nlp = spacy.blank(lang, config={"nlp": {"tokenizer": {"@tokenizers": "tremplin.tokenizer.v1"}}})
    nlp.add_pipe("tremplin_norms", config={"lang": lang})
    nlp.add_pipe("tremplin_skills", config={"lang": lang, "scope": scope})
    use_linker = (LINKER_DEFAULT if linker is None else linker) and lang == "fr" and scope == "core"
    if use_linker:
        nlp.add_pipe("tremplin_linker")
    nlp.add_pipe("tremplin_skill_context", config={"kind": "offer"})
    nlp.get_pipe("tremplin_norms").initialize(nlp=nlp)
    nlp.get_pipe("tremplin_skills").initialize(nlp=nlp, taxonomy=taxonomy or load_taxonomy())
    if use_linker:
        nlp.get_pipe("tremplin_linker").initialize(nlp=nlp, taxonomy=taxonomy or load_taxonomy())
    return nlp


class Extractor:
    """Holds the two pipelines and the ROME matcher; one per process (see :func:`get_extractor`)."""

    def __init__(
        self, taxonomy: Taxonomy | None = None, *, scope: str = "core", linker: bool | None = None
    ) -> None:
        self.taxonomy = taxonomy or load_taxonomy()
        self.scope = scope
        self.linker = linker
        self._nlp: dict[str, Language] = {}
        self._rome: RomeMatcher | None = None

    def nlp(self, lang: str) -> Language:
        if lang not in self._nlp:
            self._nlp[lang] = build_nlp(lang, self.taxonomy, scope=self.scope, linker=self.linker)
        return self._nlp[lang]

    @property
    def rome(self) -> RomeMatcher:
        if self._rome is None:
            self._rome = RomeMatcher(self.taxonomy)
        return self._rome

    # -------------------------------------------------------------------------------------------
    def _skills(
        self, doc, text: str, kind: str, rome_code: str | None
    ) -> tuple[tuple[SkillMention, ...], tuple[SkillMention, ...]]:
        info = doc._.skill_info or {}
        found: dict[str, dict] = {}
        negated: dict[str, dict] = {}
        for span in doc.spans.get("skills", []):
            sid = span.label_
            neg, level = info.get((span.start_char, span.end_char), (False, "unknown"))
            if kind != "offer":
                level = "unknown"
            target = negated if neg else found
            slot = target.setdefault(
                sid,
                {
                    "start": span.start_char,
                    "end": span.end_char,
                    "text": text[span.start_char : span.end_char],
                    "level": level,
                    "mentions": [],
                },
            )
            slot["mentions"].append((span.start_char, span.end_char))
            if LEVEL_RANK[level] > LEVEL_RANK[slot["level"]]:
                slot["level"] = level
        for sid in list(negated):
            if sid in found:
                del negated[sid]  # asked for elsewhere in the text

        def mention(sid: str, slot: dict) -> SkillMention:
            entry = self.taxonomy.skills[sid]
            rome = (
                rome_code
                if rome_code in entry.rome_codes
                else (entry.rome_codes[0] if entry.rome_codes else None)
            )
            label = entry.label_fr if doc._.lang_code == "fr" else entry.label_en
            return SkillMention(
                sid,
                label,
                entry.esco_uri,
                rome,
                entry.kind,
                slot["level"],
                slot["start"],
                slot["end"],
                slot["text"],
                tuple(slot["mentions"]),
            )

        return (
            tuple(mention(s, v) for s, v in found.items()),
            tuple(mention(s, v) for s, v in negated.items()),
        )

    def _offer(self, doc, text: str, title: str | None, published: date | None = None) -> OfferAnalysis:
        evidence: dict[str, Evidence] = {}
        contract = extract_contract(text, title)
        salary = extract_salary(text)
        remote = extract_remote(text)
        experience = extract_experience(text, title)
        education = extract_education(text)
        start = extract_start(text, published)
        working = extract_working_time(text)
        commune, commune_ev = extract_commune(text)
        for name, ev in (
            ("contract", contract.evidence),
            ("salary", salary.evidence),
            ("remote", remote.evidence),
            ("experience", experience.evidence),
            ("beginner", experience.beginner_evidence),
            ("education", education.evidence),
            ("start_date", start.evidence),
            ("working_time", working.evidence),
            ("commune", commune_ev),
        ):
            if ev is not None:
                evidence[name] = ev
        rome = self.rome.match(title, text) if title else None
        skills, negated = self._skills(doc, text, "offer", (rome.fiche_code or rome.code) if rome else None)
        return OfferAnalysis(
            language=doc._.lang_code,
            skills=skills,
            negated_skills=negated,
            contract_type=contract.type,
            contract_months=contract.months,
            salary_min=salary.min,
            salary_max=salary.max,
            salary_period=salary.period,
            remote=remote.policy,
            experience_years_min=experience.years_min,
            beginner_ok=experience.beginner_ok,
            education_level=education.level,
            start_date=start.value,
            working_time=working.value,
            hours_per_week=working.hours_per_week,
            commune_insee=commune.insee if commune else None,
            rome_code=rome.code if rome else None,
            rome_label=rome.label if rome else None,
            rome_fiche_code=rome.fiche_code if rome else None,
            rome_appellation_code=rome.appellation_code if rome else None,
            rome_appellation_label=rome.appellation if rome else None,
            rome_confidence=rome.confidence if rome else None,
            rome_candidates=tuple((c.code, c.label, c.score) for c in rome.candidates) if rome else (),
            rome_domain=rome.domain if rome else None,
            rome_domain_label=rome.domain_label if rome else None,
            taxonomy_version=self.taxonomy.version,
            evidence=evidence,
            unmatched_terms=self._unmatched(doc, text),
        )

    def _doc(self, text: str):
        lang = detect_language(text)
        doc = self.nlp(lang)(text)
        doc._.lang_code = lang
        return doc

    def extract_offer(
        self, text: str, title: str | None = None, published: date | None = None
    ) -> OfferAnalysis:
        """Skills (with level and negation) and facts of one job offer; dates written without a
        year ("démarrage en mars") are read relative to ``published`` (default: today)."""
        text = (text or "")[:MAX_TEXT_CHARS]
        return self._offer(self._doc(text), text, title, published)

    def extract_profile(self, text: str) -> ProfileAnalysis:
        """Skills shown by a CV or profile text, with years of experience and diploma level."""
        text = (text or "")[:MAX_TEXT_CHARS]
        doc = self._doc(text)
        skills, negated = self._skills(doc, text, "profile", None)
        experience = extract_experience(text, model=False)
        education = extract_education(text)
        commune, commune_ev = extract_commune(text)
        evidence = {
            k: v
            for k, v in (
                ("experience", experience.evidence),
                ("education", education.evidence),
                ("commune", commune_ev),
            )
            if v is not None
        }
        return ProfileAnalysis(
            doc._.lang_code,
            skills,
            negated,
            experience.years_min,
            education.level,
            commune.insee if commune else None,
            self.taxonomy.version,
            evidence,
            self._unmatched(doc, text),
        )

    def _unmatched(self, doc, text: str) -> tuple[UnmatchedTerm, ...]:
        return unmatched_terms(text, [(s.start_char, s.end_char) for s in doc.spans.get("skills", [])])

    def pipe_offers(
        self, items: Iterable[tuple[str, str | None]], batch_size: int = 64
    ) -> Iterator[OfferAnalysis]:
        """Analyse ``(text, title)`` pairs in order, batching each language through ``nlp.pipe``."""
        batch: list[tuple[str, str | None]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._pipe_batch(batch)
                batch = []
        if batch:
            yield from self._pipe_batch(batch)

    def _pipe_batch(self, batch: list[tuple[str, str | None]]) -> list[OfferAnalysis]:
        batch = [((text or "")[:MAX_TEXT_CHARS], title) for text, title in batch]
        langs = [detect_language(text) for text, _ in batch]
        results: list[OfferAnalysis | None] = [None] * len(batch)
        for lang in sorted(set(langs)):
            idx = [i for i, lg in enumerate(langs) if lg == lang]
            docs = self.nlp(lang).pipe([batch[i][0] for i in idx], batch_size=len(idx))
            for i, doc in zip(idx, docs, strict=True):
                doc._.lang_code = lang
                results[i] = self._offer(doc, batch[i][0], batch[i][1])
        return [r for r in results if r is not None]


# Run-time additions to the taxonomy (see :mod:`nlp_models.overlay`), normalised.
_overlay: dict[str, dict] = {}


@functools.lru_cache(maxsize=1)
def get_extractor() -> Extractor:
    """The process-wide extractor on the packaged taxonomy plus the current overlay (pipelines are
    built on first use)."""
    base = load_taxonomy()
    return Extractor(apply_overlay(base, _overlay) if _overlay else base)


def set_overlay(overlay: Overlay | None) -> bool:
    """Replace the run-time additions to the taxonomy: ``{skill_id: {"label_fr", "kind", "aliases",
    "broader"}}`` (see :mod:`nlp_models.overlay`); ``None`` or ``{}`` removes them.

    The next analysis uses them: the process-wide extractor is rebuilt (about a second per language,
    on first use) when the overlay changed, and kept when it did not. Returns whether it changed.
    Raises ``ValueError`` for an invalid overlay, leaving the current one in place.
    """
    global _overlay
    data = normalise_overlay(overlay)
    if data == _overlay:
        return False
    apply_overlay(load_taxonomy(), data)  # validate before replacing anything
    previous = get_extractor() if get_extractor.cache_info().currsize else None
    _overlay = data
    get_extractor.cache_clear()
    if previous is not None and previous._rome is not None:
        get_extractor()._rome = previous._rome  # ROME titles do not depend on the skills
    return True


def get_overlay() -> dict[str, dict]:
    """The current run-time additions (a copy)."""
    return {sid: dict(entry) for sid, entry in _overlay.items()}


def extract_offer(text: str, title: str | None = None, published: date | None = None) -> OfferAnalysis:
    """Analyse one job offer: skills with level and evidence, contract, salary, remote, experience…

    ``published`` (the offer's publication date, default today) anchors dates written without a year."""
    return get_extractor().extract_offer(text, title, published)


def extract_profile(text: str) -> ProfileAnalysis:
    """Analyse a CV or profile text: the skills it shows, experience and diploma level."""
    return get_extractor().extract_profile(text)


def pipe_offers(items: Iterable[tuple[str, str | None]], batch_size: int = 64) -> Iterator[OfferAnalysis]:
    """Batch version of :func:`extract_offer` over ``(text, title)`` pairs, results in input order."""
    return get_extractor().pipe_offers(items, batch_size=batch_size)
