"""Rank skills for a short text: what a sentence is about, beyond the skills it names.

The dictionary matcher finds skills named in the text; a ranker also proposes skills *described* by
it ("keep the storage area clean" -> "maintain work area cleanliness"). Two rankers:

- :class:`EscoSkillRanker` (``get_skill_ranker()``), the one ``python -m nlp_models extract`` uses for
  ``ranked_skills``: every ESCO skill, three TF-IDF views over English lemmas (all labels together,
  each label alone, the description), popularity and collection priors, the sentence's context (how
  digital its candidate skills are, which of them ESCO occupations list together), ordered by a
  linear model. Its index and weights are ``data/skill_ranker.npz``, built by
  ``scripts/build_skill_ranker.py``: no ESCO file, no model download at run time.
- :class:`SkillRanker`, the older TF-IDF over the taxonomy's French and English labels and aliases,
  kept as a baseline of ``python -m nlp_models evaluate``.
"""

from __future__ import annotations

import functools
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.lang.fr.stop_words import STOP_WORDS as FR_STOP_WORDS

from .components import lemma_table
from .taxonomy import Taxonomy
from .text import fold

_WORD = re.compile(r"[a-z0-9+#]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "at",
        "by",
        "from",
        "as",
        "is",
        "are",
        "be",
        "your",
        "our",
        "you",
        "we",
        "will",
        "this",
        "that",
        "it",
        "its",
        "de",
        "la",
        "le",
        "les",
        "des",
        "du",
        "et",
        "en",
        "un",
        "une",
        "pour",
        "avec",
        "sur",
        "dans",
        "au",
        "aux",
        "d",
        "l",
    ]
)


class SkillRanker:
    """``rank(text, k)`` -> skill ids, best first."""

    def __init__(self, taxonomy: Taxonomy, *, scope: str = "all", lang: str = "en") -> None:
        self.taxonomy = taxonomy
        self.table = lemma_table(lang)
        ids = sorted(taxonomy.core_ids if scope == "core" else taxonomy.skills)
        self.ids = ids
        docs = []
        for sid in ids:
            skill = taxonomy.skills[sid]
            # The preferred label counts twice: alternative labels are looser.
            docs.append(" ".join([skill.label_en, skill.label_en, skill.label_fr, *skill.aliases]))
        self.vectorizer = TfidfVectorizer(
            analyzer=self._analyze, sublinear_tf=True, min_df=1, dtype=np.float32
        )
        self.matrix = self.vectorizer.fit_transform(docs).tocsr()

    def _lemma(self, word: str) -> str:
        value = self.table.get(word)
        if isinstance(value, list):
            value = value[0] if value else None
        return value or word

    def _analyze(self, text: str) -> list[str]:
        words = [self._lemma(w) for w in _WORD.findall(fold(text)) if w not in _STOP]
        return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]

    def rank(self, text: str, k: int = 10) -> list[str]:
        """The ``k`` skills whose labels are closest to ``text`` (cosine of TF-IDF vectors)."""
        query = self.vectorizer.transform([text])
        if query.nnz == 0:
            return []
        scores = (self.matrix @ query.T).toarray().ravel()
        top = np.argpartition(-scores, min(k, len(scores) - 1))[:k]
        top = top[np.argsort(-scores[top])]
        return [self.ids[i] for i in top if scores[i] > 0]


# ------------------------------------------------------------------------------ ESCO English ranker
RANKER_FILE: Path = Path(__file__).resolve().parent / "data" / "skill_ranker.npz"

_EN_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*")
_EN_STOP = frozenset(EN_STOP_WORDS) | {"e.g", "eg", "etc", "i.e"}

# Features of one (sentence, skill) pair, in the order of the learned weights.
FEATURES = (
    "labels",  # cosine to all the skill's labels as one bag of words
    "best_label",  # best cosine to one of its labels (preferred or alternative)
    "description",  # cosine to its ESCO description
    "coverage",  # best share of one label's words and word pairs found in the sentence
    "exact",  # 1 when some label is found whole (all its words and word pairs)
    "popularity",  # log number of ESCO occupations that list the skill, scaled to [0, 1]
    "reuse",  # ESCO reuse level: 0 occupation-specific ... 1 transversal
    "digital",  # in ESCO's digital-skills collection
    "knowledge",  # ESCO knowledge (not a skill/competence)
    "label_words",  # log of the preferred label's length in words
    "digital_context",  # for a digital skill, the share of the candidates' blended score that is digital
    "occupation_context",  # share of the other candidates' blended score on skills of a same occupation
)


@functools.lru_cache(maxsize=200_000)
def _en_lemma(word: str) -> str:
    value = lemma_table("en").get(word)
    if isinstance(value, list):
        value = value[0] if value else None
    return value or word


def en_terms(text: str) -> list[str]:
    """Folded English lemmas without stop words, then each pair of neighbours: the ranker's terms."""
    words = [_en_lemma(w) for w in _EN_WORD.findall(fold(text)) if w not in _EN_STOP]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Positions where a sorted array takes a new value (0 first)."""
    change = np.empty(len(values), dtype=bool)
    change[0] = True
    np.not_equal(values[1:], values[:-1], out=change[1:])
    return np.flatnonzero(change)


@dataclass(frozen=True)
class RankedSkill:
    id: str
    score: float


class EscoSkillRanker:
    """Rank every ESCO skill for an English sentence; ``rank(text, k)`` -> :class:`RankedSkill` list.

    Three TF-IDF views of each skill (all labels together, each label alone, the description) give
    candidates by a fixed blend; a linear model over :data:`FEATURES`, learned by
    ``scripts/build_skill_ranker.py``, orders them. Everything comes from ``data/skill_ranker.npz``:
    no ESCO file and no network at run time.
    """

    CANDIDATES = 60

    def __init__(self, path: Path | None = None) -> None:
        with np.load(path or RANKER_FILE, allow_pickle=False) as z:
            data = {k: z[k] for k in z.files}
        prefix = data["id_prefix"].tobytes().decode()
        self.ids: list[str] = [
            prefix + str(uuid.UUID(bytes=row.tobytes())) for row in data["ids"].reshape(-1, 16)
        ]
        self.vocab = {t: i for i, t in enumerate(data["terms"].tobytes().decode().split("\n"))}
        self.idf = {f: data[f"idf_{f}"].astype(np.float32) for f in ("lab", "alt", "desc")}
        self.n = len(self.ids)
        # Term-major postings of each view: term t occurs in documents indices[indptr[t]:indptr[t + 1]].
        self.postings = {f: self._postings_of(data, f) for f in ("lab", "alt", "desc")}
        self.alt_owner = data["alt_owner"]
        self.alt_size = data["alt_size"].astype(np.float32)
        self.prior = data["prior"].astype(np.float32)  # skills x (popularity .. label_words)
        # ESCO occupations listing each skill: skill i has occupations[occ_ptr[i]:occ_ptr[i + 1]].
        self.occ_ptr = np.concatenate([[0], np.cumsum(data["occ_counts"].astype(np.int64))])
        self.occupations = data["occupations"].astype(np.int32)
        self.blend = data["blend"].astype(np.float32)
        self.coef = data["coef"].astype(np.float32)
        self.intercept = float(data["intercept"][0])

    @staticmethod
    def _postings_of(data: dict[str, np.ndarray], name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(indptr, indices, weights) of one view from its stored form: per term, a count of documents
        and their numbers as gaps (the first from 0); weights in 1/255 steps."""
        counts = data[f"{name}_counts"].astype(np.int64)
        indptr = np.r_[0, np.cumsum(counts)]
        indices = np.cumsum(data[f"{name}_gaps"].astype(np.int64))
        # Each term's run restarts from 0: subtract the running total at its start.
        starts = indptr[:-1][counts > 0]
        offsets = np.zeros(len(indices), dtype=np.int64)
        offsets[starts[1:]] = np.diff(np.r_[0, indices[starts - 1][1:]])
        indices -= np.cumsum(offsets)
        if f"{name}_data" in data:
            return indptr, indices.astype(np.int32), data[f"{name}_data"].astype(np.float32) / 255
        # Labels: each term weighs its idf, over the label's norm.
        weights = np.repeat(data[f"idf_{name}"].astype(np.float32), counts)
        norms = np.sqrt(np.bincount(indices, weights**2))
        return indptr, indices.astype(np.int32), (weights / norms[indices]).astype(np.float32)

    def _query(self, text: str) -> tuple[list[int], np.ndarray]:
        counts: dict[int, int] = {}
        for term in en_terms(text):
            i = self.vocab.get(term)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        return list(counts), tf

    def _postings(self, name: str, terms: list[int], tf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For one view, the documents sharing each query term (a document once per shared term) and
        that term's share of the document's cosine to the query."""
        indptr, indices, values = self.postings[name]
        weights = tf * self.idf[name][terms]
        weights /= float(np.linalg.norm(weights)) or 1.0
        spans = [(indptr[t], indptr[t + 1]) for t in terms]
        docs = np.concatenate([indices[a:b] for a, b in spans])
        contrib = np.concatenate([values[a:b] * w for (a, b), w in zip(spans, weights, strict=True)])
        return docs, contrib

    def _best_label(
        self, docs: np.ndarray, contrib: np.ndarray, alt: np.ndarray, coverage: np.ndarray
    ) -> None:
        """Per skill, the best cosine of one of its labels (into ``alt``) and the best share of one
        label's terms found (into ``coverage``), from the label postings of the query terms."""
        order = np.argsort(docs, kind="stable")
        docs = docs[order]
        starts = _run_starts(docs)
        hit = docs[starts]
        owners = self.alt_owner[hit]  # labels are stored grouped by skill, so owners come sorted
        first = _run_starts(owners)
        alt[owners[first]] = np.maximum.reduceat(np.add.reduceat(contrib[order], starts), first)
        shares = np.diff(starts, append=len(docs)) / self.alt_size[hit]
        coverage[owners[first]] = np.maximum.reduceat(shares, first)

    def _shared_occupations(self, cand: np.ndarray) -> np.ndarray:
        """Candidates x candidates: 1 where two different skills are listed by a same occupation."""
        starts = self.occ_ptr[cand]
        lens = self.occ_ptr[cand + 1] - starts
        total = int(lens.sum())
        shared = np.zeros((len(cand), len(cand)), dtype=np.float32)
        if total == 0:
            return shared
        rows = np.repeat(np.arange(len(cand)), lens)
        pos = np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens) + np.repeat(starts, lens)
        occupations = self.occupations[pos]
        order = np.argsort(occupations, kind="stable")
        occupations, rows = occupations[order], rows[order]
        # Keep the occupations that list two candidates at least, numbered 0, 1, 2...
        run = np.cumsum(np.concatenate([[0], occupations[1:] != occupations[:-1]]))
        keep = np.bincount(run)[run] >= 2
        if not keep.any():
            return shared
        kept = run[keep]  # sorted
        column = np.cumsum(np.concatenate([[0], kept[1:] != kept[:-1]]))
        listed = np.zeros((len(cand), int(column.max()) + 1), dtype=np.float32)
        listed[rows[keep], column] = 1.0
        shared = np.minimum(listed @ listed.T, 1.0)
        np.fill_diagonal(shared, 0.0)
        return shared

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Candidate skill indices and their feature rows (columns as :data:`FEATURES`)."""
        terms, tf = self._query(text)
        if not terms:
            return np.zeros(0, dtype=np.int64), np.zeros((0, len(FEATURES)), dtype=np.float32)
        lab = np.bincount(*self._postings("lab", terms, tf), minlength=self.n)
        desc = np.bincount(*self._postings("desc", terms, tf), minlength=self.n)
        # Each label alone: its cosine and the share of its terms found, then the best label per skill.
        docs, contrib = self._postings("alt", terms, tf)
        alt = np.zeros(self.n)
        coverage = np.zeros(self.n)
        if len(docs):  # else only description terms were found
            self._best_label(docs, contrib, alt, coverage)
        base = self.blend[0] * lab + self.blend[1] * alt + self.blend[2] * desc
        cand = np.flatnonzero(base)
        if len(cand) > self.CANDIDATES:
            cand = np.sort(cand[np.argpartition(-base[cand], self.CANDIDATES)[: self.CANDIDATES]])
        cov = coverage[cand]
        # Context: how digital the other candidates are ("drive" reads differently among ICT skills).
        mass = base[cand] / base[cand].sum()
        digital = self.prior[cand, 2]
        rows = np.column_stack(
            [
                lab[cand],
                alt[cand],
                desc[cand],
                cov,
                cov >= 0.999,
                self.prior[cand],
                digital * float(digital @ mass),
                self._shared_occupations(cand) @ mass,
            ]
        )
        return cand, rows.astype(np.float32)

    def rank(self, text: str, k: int = 10) -> list[RankedSkill]:
        """The ``k`` most likely ESCO skills for ``text``, best first, with a score in (0, 1)."""
        cand, rows = self.features(text)
        if len(cand) == 0:
            return []
        scores = 1.0 / (1.0 + np.exp(-(rows @ self.coef + self.intercept)))
        order = np.argsort(-scores, kind="stable")[:k]
        return [RankedSkill(self.ids[cand[i]], round(float(scores[i]), 4)) for i in order]


@functools.lru_cache(maxsize=1)
def get_skill_ranker() -> EscoSkillRanker:
    """The shipped ESCO ranker, loaded once per process."""
    return EscoSkillRanker()


_FR_STOP = frozenset(FR_STOP_WORDS) - frozenset(EN_STOP_WORDS)
_EN_ONLY_STOP = frozenset(EN_STOP_WORDS) - frozenset(FR_STOP_WORDS)


def reads_english(text: str) -> bool:
    """Whether the English ranker should read ``text``: not more French function words than English
    ones (a bare bullet such as "Food Safety", with neither, counts as English)."""
    words = _EN_WORD.findall(fold(text[:4000]))
    return sum(w in _EN_ONLY_STOP for w in words) >= sum(w in _FR_STOP for w in words)


def rank_document(text: str, exact_ids: list[str] = (), k: int = 10) -> list[RankedSkill]:
    """The ``k`` skills of a document, best first: ``exact_ids`` (skills found as written, score 1.0)
    then the ESCO ranker's list for English text."""
    ranked = [RankedSkill(sid, 1.0) for sid in dict.fromkeys(exact_ids)][:k]
    if len(ranked) < k and reads_english(text):
        seen = {r.id for r in ranked}
        for skill in get_skill_ranker().rank(text, k):
            if len(ranked) >= k:
                break
            if skill.id not in seen:
                ranked.append(skill)
    return ranked


def ranked_skill_rows(text: str, analysis, taxonomy, k: int = 10) -> list[dict]:
    """``ranked_skills``: the ``k`` ESCO skills of the document, best first — those found as written
    (``skills`` with an ESCO URI, score 1.0), then the English ESCO ranker's (:func:`rank_document`).
    The ``extract`` command's output and the English evaluation read it."""
    english = reads_english(text)
    rows = []
    for ranked in rank_document(text, [s.id for s in analysis.skills if s.esco_uri], k):
        skill = taxonomy.skills.get(ranked.id)
        label = (skill.label_en if english else skill.label_fr) if skill else ranked.id
        rows.append({"id": ranked.id, "label": label, "esco_uri": ranked.id, "score": ranked.score})
    return rows
