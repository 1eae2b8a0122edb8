"""Rank taxonomy skills for a short text by TF-IDF similarity to their labels and aliases.

The dictionary matcher finds skills named in the text; this ranker also proposes skills *described*
by it ("keep the shop floor clean" -> "maintain cleanliness of work area"). It serves the English
benchmarks (which score a ranked list per sentence) and can suggest skills in forms. scikit-learn,
no model download: one sparse matrix over the skills' folded, lemmatised labels.
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

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
